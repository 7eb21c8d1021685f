"""One ticket per filing form: the form's one-time token (or an API Idempotency-Key) is claimed once.

A phone on a slow network, a double tap or a browser that re-sends a POST must not file the same problem
twice. The key is claimed in the filing's transaction before the ticket is made: a replay after the first
commit finds the ticket; a concurrent double post waits on the unique (person, key) index and then finds it.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import InvalidInput
from workflow.tickets.models import FilingKey, Ticket

KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_key() -> str:
    """The token a filing form carries (a fresh one each time the empty form is shown)."""
    return secrets.token_urlsafe(24)


def checked_key(raw: str | None, *, required: bool) -> str | None:
    key = (raw or "").strip()
    if not key:
        if required:
            raise InvalidInput("登记页面已过期，请重新打开“登记问题”页面后再提交", detail={"field": "filing_key"})
        return None
    if not KEY_SHAPE.match(key):
        raise InvalidInput("防重复提交标识格式有误（应为 16 至 64 位字母、数字、- 或 _）",
                           detail={"field": "filing_key"})
    return key


def filed_with(session: Session, actor: Actor, key: str) -> Ticket | None:
    """The ticket this person already filed with ``key``, if any."""
    ticket_id = session.scalar(select(FilingKey.ticket_id).where(FilingKey.person_id == actor.person_id,
                                                                 FilingKey.key == key))
    return session.get(Ticket, ticket_id) if ticket_id else None


def claim(session: Session, actor: Actor, key: str, now: datetime) -> FilingKey | Ticket:
    """The claimed key row to bind the new ticket to, or the ticket an earlier post of the same form filed."""
    earlier = filed_with(session, actor, key)
    if earlier is not None:
        return earlier
    row = FilingKey(person_id=actor.person_id, key=key, created_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # a concurrent post of the same form committed first
        earlier = filed_with(session, actor, key)
        if earlier is None:
            raise
        return earlier
    return row


def bind(session: Session, row: FilingKey, ticket: Ticket) -> None:
    row.ticket_id = ticket.id
    session.flush()
