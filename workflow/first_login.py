"""The first admin's one-time link (``zhenggai setup --one-time-link``): a signed, expiring token that lets
whoever opens it set the account's password once. It names the account and a fingerprint of the
password it was issued against; once a password is set the fingerprint changes, so the link is dead.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.accounts.passwords import hash_password
from workflow.errors import InvalidInput, NotFound

SALT = "zhenggai-first-login"
MAX_AGE = 3 * 24 * 3600
MIN_PASSWORD = 8
DEAD = "该链接已失效（已使用过或超过 3 天），请管理员重新生成"


def _fingerprint(person: Person) -> str:
    return hashlib.sha256((person.password_hash or "unset").encode()).hexdigest()[:16]


def issue(secret: str, person: Person) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps({"pid": person.id, "fp": _fingerprint(person)})


def person_for(session: Session, secret: str, token: str) -> Person:
    try:
        data = URLSafeTimedSerializer(secret, salt=SALT).loads(token, max_age=MAX_AGE)
    except (SignatureExpired, BadSignature) as exc:
        raise NotFound(DEAD) from exc
    person = session.get(Person, int(data.get("pid", 0)))
    if person is None or not person.is_active or data.get("fp") != _fingerprint(person):
        raise NotFound(DEAD)
    return person


def check_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 位", detail={"field": "password"})
    if username and username.lower() in password.lower():
        raise InvalidInput("密码不能包含账号名", detail={"field": "password"})


def set_password(session: Session, secret: str, token: str, password: str, again: str) -> Person:
    person = person_for(session, secret, token)
    if password != again:
        raise InvalidInput("两次输入的密码不一致", detail={"field": "password"})
    check_password(password, person.username or "")
    person.password_hash = hash_password(password)
    session.flush()
    return person
