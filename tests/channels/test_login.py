from __future__ import annotations

from bot.channels import login


def test_a_signed_token_proves_the_customer_and_nothing_else() -> None:
    token = login.sign("s3cret", "C-0001")
    assert login.verify("s3cret", token) == "C-0001"
    assert login.verify("other", token) is None
    assert login.verify("s3cret", token.replace("C-0001", "C-0002")) is None
    assert login.verify("s3cret", "C-0001") is None
    assert login.verify("s3cret", "") is None and login.verify("s3cret", None) is None
    # ids with dots still work: the signature is after the last one
    assert login.verify("s3cret", login.sign("s3cret", "james.li_1")) == "james.li_1"
