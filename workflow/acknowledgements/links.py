"""The 确认收到 link: ``/ack/<token>``, where the token is the acknowledgement's id signed with the secret.

The signature (itsdangerous, its own salt) stops anyone from confirming by guessing ids; expiry is the
row's ``expires_at``, judged with the injected clock, so tests move time instead of waiting. The token
carries no timestamp, which keeps it short enough for a group-robot text message.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "zhenggai-acknowledgement"


def sign(secret: str, ack_id: int) -> str:
    return URLSafeSerializer(secret, salt=SALT).dumps(ack_id)


def read(secret: str, token: str) -> int | None:
    """The acknowledgement id a genuine token names; None for anything else."""
    try:
        value = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def url(base_url: str, secret: str, ack_id: int) -> str:
    return f"{base_url.rstrip('/')}/ack/{sign(secret, ack_id)}"
