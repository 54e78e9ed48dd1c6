"""Run the rasa_sdk Actions in-process, through the same executor and webhook contract that the
rasa-sdk action server uses, so both paths run exactly the same code."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk.executor import ActionExecutor

from bot.actions import rasa_actions
from bot.actions.services import Services

ALL_ACTIONS = (
    rasa_actions.ActionVerifyIdentity,
    rasa_actions.ValidateVerifyIdentityForm,
    rasa_actions.ActionOrderStatus,
    rasa_actions.ActionListOrders,
    rasa_actions.ActionRefundStatus,
    rasa_actions.ActionCancelOrder,
    rasa_actions.ActionChangeShippingAddress,
    rasa_actions.ActionChangePaymentMethod,
    rasa_actions.ActionReturnItems,
    rasa_actions.ActionExchangeItems,
    rasa_actions.ActionModifyItems,
    rasa_actions.ActionChangeDefaultAddress,
    rasa_actions.ActionHandoffToHuman,
)
SLOTS = (
    "customer_id",
    "email",
    "first_name",
    "last_name",
    "zip",
    "order_id",
    "cancel_reason",
    "item_skus",
    "new_skus",
    "order_candidates",
    "variant_choices",
    "item_choices",
    "payment_method_id",
    "address",
    "pending_change",
    "confirmed",
    "proposal_id",
    "identity_level",
    "one_time_code",
)
DOMAIN: dict[str, Any] = {
    "slots": {name: {"type": "any", "mappings": [{"type": "custom"}]} for name in SLOTS},
    "responses": {},
    "forms": {"verify_identity_form": {"required_slots": ["email"]}},
}
"""The slice of a Rasa domain the actions read: their slots. docs/ACTIONS.md has the full one."""


@dataclass(frozen=True)
class ActionResult:
    name: str
    messages: list[dict[str, Any]]
    """What the action said: `response`, `json_message` (kind + facts), `buttons`."""
    slots: dict[str, Any] = field(default_factory=dict)
    """Slots the action set (SlotSet events), by name."""

    @property
    def reply(self) -> dict[str, Any]:
        """The structured reply of the action's (single) message."""
        for message in self.messages:
            if message.get("custom"):
                return dict(message["custom"])
        return {}


class ActionRunner:
    def __init__(self, services: Services) -> None:
        self._executor = ActionExecutor()
        for action in ALL_ACTIONS:
            # Instances bound to this assistant's database: several assistants (one per test
            # case, one per shop) can run side by side in one process.
            self._executor.register_action(action(services))

    def run(
        self,
        name: str,
        *,
        conversation_id: str,
        slots: dict[str, Any],
        intent: str,
        text: str,
        metadata: dict[str, Any] | None = None,
        user_turns: int = 1,
    ) -> ActionResult:
        """Run one action for this turn; `slots` are the conversation's, as Rasa would hold them."""
        call = {
            "next_action": name,
            "sender_id": conversation_id,
            "version": "3.21.1",
            "domain": DOMAIN,
            "tracker": {
                "sender_id": conversation_id,
                "slots": {s: slots.get(s) for s in SLOTS},
                "latest_message": {
                    "text": text,
                    "intent": {"name": intent},
                    "entities": [],
                    "metadata": metadata or {},
                },
                "events": [{"event": "user", "text": ""} for _ in range(user_turns)],
                "paused": False,
                "followup_action": None,
                "active_loop": {},
                "latest_action_name": None,
            },
        }
        result = asyncio.run(self._executor.run(call))
        events = list(result.events) if result else []
        return ActionResult(
            name=name,
            messages=list(result.responses) if result else [],
            slots={e["name"]: e.get("value") for e in events if e.get("event") == "slot"},
        )
