"""Signing in (throttled, equal time for unknown accounts) and server-side sessions (issue 14).

A browser session is a row in ``auth_session``; the cookie carries a random id whose hash is stored,
so logout revokes it for every copy of the cookie. Bearer tokens are stateless but carry the person's
``auth_epoch``: a password change, a reset or a deactivation bumps it and revokes every session row,
which ends every way that account was signed in, at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.accounts import audit, throttle
from workflow.accounts.models import AuthSession, Person
from workflow.accounts.passwords import verify_and_update, verify_nothing
from workflow.errors import DomainError, NotAuthenticated

WRONG = "用户名或密码错误"
INACTIVE = "账号已停用，请联系系统管理员"


@dataclass(frozen=True)
class SignIn:
    """Either the person signed in, or the refusal to show. A refusal is returned, not raised, so the
    request still commits the failure it recorded (the throttle counts those rows)."""

    person: Person | None = None
    refusal: DomainError | None = None


def sign_in(session: Session, *, username: str, password: str, address: str | None, now: datetime) -> SignIn:
    username = username.strip()[:60]
    try:
        throttle.check(session, username=username, address=address, now=now)
    except throttle.LoginThrottled as exc:
        return SignIn(refusal=exc)
    person = session.scalar(select(Person).where(Person.username == username)) if username else None
    if person is None or not person.password_hash:
        verify_nothing(password)
        correct = False
    else:
        correct, rehashed = verify_and_update(password, person.password_hash)
        if correct and rehashed and person.is_active:  # older Argon2 parameters: the same password, new hash
            person.password_hash = rehashed
    if correct and person.is_active:
        audit.record(session, "login", at=now, username=username, person_id=person.id, address=address)
        return SignIn(person=person)
    person_id = person.id if person else None
    audit.record(session, "login_failed", at=now, username=username, person_id=person_id, address=address,
                 detail="inactive" if correct else None)
    session.flush()
    for what in throttle.reaches_lock(session, username=username, address=address, now=now):
        audit.record(session, "locked", at=now, username=username, person_id=person_id, address=address,
                     detail=what)
    return SignIn(refusal=NotAuthenticated(INACTIVE if correct else WRONG))


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def open_session(session: Session, person: Person, *, now: datetime, ttl: timedelta, address: str | None) -> str:
    """A new session id (rotated at every login); only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    session.add(AuthSession(token_hash=_digest(raw), person_id=person.id, created_at=now, expires_at=now + ttl,
                            client_address=address))
    return raw


def session_person_id(session: Session, raw: str) -> int:
    """The person of a live session. Expiry is the signed cookie's ``max_age`` (wall clock, like bearer
    tokens), so moving the domain clock in tests or ``--now`` runs does not sign anyone out;
    ``expires_at`` is kept for pruning old rows."""
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == _digest(raw)))
    if row is None or row.revoked_at is not None:
        raise NotAuthenticated("登录已失效，请重新登录")
    return row.person_id


def close_session(session: Session, raw: str, *, now: datetime, address: str | None) -> None:
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == _digest(raw),
                                                   AuthSession.revoked_at.is_(None)))
    if row is not None:
        row.revoked_at = now
        audit.record(session, "logout", at=now, person_id=row.person_id, address=address)


def end_everything(session: Session, person: Person, *, now: datetime) -> None:
    """Every session and every bearer token of this person stops working."""
    person.auth_epoch = (person.auth_epoch or 0) + 1
    session.execute(update(AuthSession).where(AuthSession.person_id == person.id, AuthSession.revoked_at.is_(None))
                    .values(revoked_at=now).execution_options(synchronize_session=False))
