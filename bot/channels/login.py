"""Customers already signed in to the shop's website: a signed header proves who they are.

The shop's server puts `X-Customer-Token: <customer id>.<signature>` on requests to the chat, where
the signature is HMAC-SHA256 of the customer id under `BOT_AUTH_SECRET`. Chainlit's header login
(`header_auth_callback`) checks it, and the conversation starts verified as that customer; nobody
without the secret can make a token for someone else.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "x-customer-token"


def sign(secret: str, customer_id: str) -> str:
    """The token for `customer_id` (what the shop's server computes)."""
    digest = hmac.new(secret.encode(), customer_id.encode(), hashlib.sha256).hexdigest()
    return f"{customer_id}.{digest}"


def verify(secret: str, token: str | None) -> str | None:
    """The customer id the token proves, or None if it is missing, malformed or forged."""
    if not token or "." not in token:
        return None
    customer_id, _, _ = token.rpartition(".")
    if not customer_id or not hmac.compare_digest(sign(secret, customer_id), token):
        return None
    return customer_id
