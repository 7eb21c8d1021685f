"""Signed, expiring bearer tokens: stateless, so any worker can check them.

A token carries the person's ``auth_epoch``; the request checks it against the database, so a
password change or a deactivation ends every token at once (workflow/accounts/login.py).
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from workflow.errors import NotAuthenticated

_SALT = "zhenggai-api-token"


def issue_token(secret: str, person_id: int, epoch: int = 0) -> str:
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps({"pid": person_id, "ep": epoch})


def read_token(secret: str, token: str, *, max_age: int) -> tuple[int, int]:
    """(person id, auth epoch) of a valid token."""
    try:
        data = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise NotAuthenticated("登录已过期，请重新登录") from exc
    except BadSignature as exc:
        raise NotAuthenticated("登录凭证无效，请重新登录") from exc
    return int(data["pid"]), int(data.get("ep", 0))
