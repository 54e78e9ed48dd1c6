"""The one rule for how a message answers a yes/no question. Only a plain yes may change an order,
so this table is exhaustive on purpose: every form a careless or hesitant customer types."""

from __future__ import annotations

import pytest

from bot.language import Answer, detect_language, read_answer

CASES: list[tuple[str, Answer]] = [
    # plain yes, English
    ("yes", "yes"),
    ("Yes", "yes"),
    ("YES", "yes"),
    ("yes.", "yes"),
    ("yes!", "yes"),
    ("Yes!!", "yes"),
    ("  yes  ", "yes"),
    ("yeah", "yes"),
    ("yep", "yes"),
    ("yup", "yes"),
    ("sure", "yes"),
    ("sure thing", "yes"),
    ("ok", "yes"),
    ("OK", "yes"),
    ("okay", "yes"),
    ("k", "yes"),
    ("alright", "yes"),
    ("confirm", "yes"),
    ("confirmed", "yes"),
    ("I confirm", "yes"),
    ("correct", "yes"),
    ("that's right", "yes"),
    ("that is correct", "yes"),
    ("absolutely", "yes"),
    ("definitely", "yes"),
    ("of course", "yes"),
    ("go ahead", "yes"),
    ("do it", "yes"),
    ("please do", "yes"),
    ("proceed", "yes"),
    ("yes please", "yes"),
    ("yes, please", "yes"),
    ("Yes please, go ahead", "yes"),
    ("yes thanks", "yes"),
    ("yes thank you", "yes"),
    ("yeah go ahead", "yes"),
    ("yes, cancel it", "yes"),
    ("yes please change it", "yes"),
    ("yes I'm sure", "yes"),
    ("yes i am sure", "yes"),
    ("ok, do it", "yes"),
    ("yes 👍", "yes"),
    ("sounds good", "yes"),
    ("no problem", "yes"),
    # plain yes, Chinese
    ("是", "yes"),
    ("是的", "yes"),
    ("对", "yes"),
    ("好", "yes"),
    ("好的", "yes"),
    ("好的，谢谢", "yes"),
    ("可以", "yes"),
    ("确认", "yes"),
    ("确定", "yes"),
    ("没问题", "yes"),
    ("行", "yes"),
    ("是的，确认", "yes"),
    ("好的。", "yes"),
    ("好的！", "yes"),
    ("是的，请继续", "yes"),
    ("确认，取消吧", "yes"),
    # plain no
    ("no", "no"),
    ("No.", "no"),
    ("nope", "no"),
    ("nah", "no"),
    ("no thanks", "no"),
    ("no, thank you", "no"),
    ("don't", "no"),
    ("no, leave it", "no"),
    ("no, keep the old one", "no"),
    ("no I changed my mind", "no"),
    ("不用，谢谢", "no"),
    ("never mind", "no"),
    ("stop", "no"),
    ("不", "no"),
    ("不要", "no"),
    ("不用", "no"),
    ("不用了", "no"),
    ("不了，谢谢", "no"),
    ("算了", "no"),
    ("不是", "no"),
    # unclear: asked again, nothing changes
    ("yes?", "unclear"),
    ("Yes??", "unclear"),
    ("yes…?", "unclear"),
    ("yes but...", "unclear"),
    ("yes but what about the refund", "unclear"),
    ("yes, wait", "unclear"),
    ("yes wait a second", "unclear"),
    ("ok I guess", "unclear"),
    ("ok i guess so", "unclear"),
    ("I guess", "unclear"),
    ("maybe", "unclear"),
    ("maybe yes", "unclear"),
    ("probably", "unclear"),
    ("hmm", "unclear"),
    ("hmmm ok", "unclear"),
    ("um yes", "unclear"),
    ("I think so", "unclear"),
    ("not sure", "unclear"),
    ("yes if it's free", "unclear"),
    ("sure?", "unclear"),
    ("ok?", "unclear"),
    ("right?", "unclear"),
    ("no?", "unclear"),
    ("no wait", "unclear"),
    ("yes no", "unclear"),
    ("yes and no", "unclear"),
    ("what?", "unclear"),
    ("hold on", "unclear"),
    ("hmm maybe", "unclear"),
    ("maybe, let me think", "unclear"),
    ("I don't know", "unclear"),
    ("no... maybe", "unclear"),
    ("是吗", "unclear"),
    ("是吗？", "unclear"),
    ("好吧", "unclear"),
    ("可以吗", "unclear"),
    ("等一下", "unclear"),
    ("是的，但是等一下", "unclear"),
    ("也许", "unclear"),
    ("不确定", "unclear"),
    ("嗯", "unclear"),
    ("确认？", "unclear"),
    # a new request: the proposal is dropped, nothing changes
    ("where is my order ORD-10043?", "other"),
    ("can you tell me when my headphones arrive", "other"),
    ("actually I want to change the address to 12 Oak St, Boston, MA 02139 instead", "other"),
    ("cancel ORD-10042 instead because I found a better price somewhere else", "other"),
    ("我的订单什么时候到", "other"),
    ("hmm, how long does express shipping take?", "other"),
    ("wait, what colours do you have?", "other"),
    ("", "other"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(t) for t, _ in CASES])
def test_read_answer(text: str, expected: Answer) -> None:
    assert read_answer(text) == expected


def test_the_table_covers_every_answer_in_both_languages() -> None:
    for answer in ("yes", "no", "unclear", "other"):
        texts = [t for t, a in CASES if a == answer]
        assert any(detect_language(t) == "zh" for t in texts), answer
        assert any(detect_language(t) == "en" for t in texts), answer


def test_broken_unicode_is_never_a_yes() -> None:
    assert read_answer("\ud800 yes") != "yes"
    assert read_answer("yes\u200b?") == "unclear"
