"""Signed, expiring bearer tokens: stateless, so any worker can check them."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from workflow.errors import NotAuthenticated

_SALT = "zhenggai-api-token"


def issue_token(secret: str, person_id: int) -> str:
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps({"pid": person_id})


def read_token(secret: str, token: str, *, max_age: int) -> int:
    try:
        data = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise NotAuthenticated("登录已过期，请重新登录") from exc
    except BadSignature as exc:
        raise NotAuthenticated("登录凭证无效，请重新登录") from exc
    return int(data["pid"])
