"""A rule-based intent classifier (English and Chinese keywords) that needs no training.

It knows only the core intents; everything else is out of scope. The fine-tuned classifier
(`intent_model.py`) is the default; `BOT_INTENT_CLASSIFIER=rules` selects this one.
"""

from __future__ import annotations

import re

from bot.turn import Entities
from bot.understanding.classifier import IntentGuess

_RULES: tuple[tuple[str, str], ...] = (
    (
        "contact_human_agent",
        r"\b(human|real person|agent|representative|operator|someone real|talk to (a )?person)\b"
        r"|人工|真人|客服人员|转人工",
    ),
    ("cancel_order", r"\bcancel\b|取消"),
    ("return_item", r"\breturn(ing)?\b|退货"),
    ("get_refund", r"\brefund\b|退款"),
    ("change_shipping_address", r"\b(change|update|wrong)\b.*\baddress\b|改地址|修改地址"),
    (
        "track_order",
        r"\b(where('s| is)|track|tracking|status|shipped|deliver(ed|y)?|arriv(e|ed|ing)|late|eta)\b"
        r"|\bmy orders?\b|物流|快递|到哪|发货|订单状态|查.*订单|订单",
    ),
    ("greet", r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|你好|您好|嗨)\b"),
    ("thank", r"\b(thanks|thank you|thx|cheers)\b|谢谢|多谢"),
    ("goodbye", r"\b(bye|goodbye|see you)\b|再见|拜拜"),
    ("affirm", r"^\s*(yes|yeah|yep|sure|correct|right|ok(ay)?|是的?|对|好的?)\s*[.!]?\s*$"),
    ("deny", r"^\s*(no|nope|not really|不是|不|没有)\s*[.!]?\s*$"),
)
_COMPILED = tuple((intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in _RULES)


class RuleIntentClassifier:
    """Keyword rules; the first rule that matches wins."""

    def warm_up(self) -> None:
        """Nothing to load."""

    def classify(self, text: str, entities: Entities) -> IntentGuess:
        for intent, pattern in _COMPILED:
            if pattern.search(text):
                return IntentGuess(intent, 0.9)
        if entities.order_ids:
            # "what about ORD-10042?": an order named on its own is a status question.
            return IntentGuess("track_order", 0.7)
        if entities.emails or entities.zips or entities.person_name:
            return IntentGuess("provide_info", 0.8)
        return IntentGuess("out_of_scope", 0.3, is_uncertain=True)
