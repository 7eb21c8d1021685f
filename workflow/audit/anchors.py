"""Daily anchors (issue 14): one digest over every ticket's latest event hash, chained day to day.

An anchor printed in the office or sent to the supervising body fixes the whole history as of that
moment: rewriting any chain afterwards (even recomputing every hash after an edit) changes the digest
of the anchor, which no longer matches the copy outside. ``day`` is the Asia/Shanghai date the anchor
was taken on; it covers exactly the events with id <= ``last_event_id``.

    digest = sha256("zg-anchor-v1 {day} {last_event_id} {prev_digest}\\n"
                    + "{ticket_id} {seq} {hash}\\n" for each ticket's latest event (highest id <= last_event_id),
                      in ticket_id order)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from workflow.audit.chain import GENESIS
from workflow.audit.models import AuditAnchor
from workflow.clock import LOCAL_TZ
from workflow.db import insert_ignoring_conflict, transaction
from workflow.errors import NotFound, PermissionDenied
from workflow.tickets.models import TicketEvent

SCHEME = "zg-anchor-v1"
READERS = ("admin", "office")


def anchor_digest(*, day: date, last_event_id: int, prev_digest: str,
                  heads: Iterable[tuple[int, int, str]]) -> tuple[str, int]:
    """The digest and the number of tickets it covers; ``heads`` in ticket_id order."""
    digest = hashlib.sha256(f"{SCHEME} {day.isoformat()} {last_event_id} {prev_digest}\n".encode())
    count = 0
    for ticket_id, seq, event_hash in heads:
        digest.update(f"{ticket_id} {seq} {event_hash}\n".encode())
        count += 1
    return digest.hexdigest(), count


def take_anchor(session: Session, *, now: datetime) -> AuditAnchor | None:
    """Today's anchor, taken now unless it exists; None when a later day is already anchored (``--now`` in
    the past), since anchors only ever go forward."""
    day = now.astimezone(LOCAL_TZ).date()
    existing = session.scalar(select(AuditAnchor).where(AuditAnchor.day == day))
    if existing is not None:
        return existing
    previous = session.scalar(select(AuditAnchor).order_by(AuditAnchor.day.desc()).limit(1))
    if previous is not None and previous.day > day:
        return None
    if session.get_bind().dialect.name == "postgresql":
        # Writers that hold an event id but have not committed would otherwise appear below the cut later.
        # Give up rather than hold writers up for long; the next sweep tries again.
        session.execute(text("SET LOCAL lock_timeout = '10s'"))
        session.execute(text("LOCK TABLE ticket_event IN SHARE MODE"))
    last_event_id = session.scalar(select(func.coalesce(func.max(TicketEvent.id), 0)))
    events = session.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.id <= last_event_id))
    prev_digest = previous.digest if previous is not None else GENESIS
    digest, tickets = anchor_digest(day=day, last_event_id=last_event_id, prev_digest=prev_digest,
                                    heads=session.execute(heads_query(last_event_id)))
    insert_ignoring_conflict(session, AuditAnchor, day=day, at=now, last_event_id=last_event_id, tickets=tickets,
                             events=events, prev_digest=prev_digest, digest=digest)
    return session.scalar(select(AuditAnchor).where(AuditAnchor.day == day))


def heads_query(last_event_id: int):
    latest = (select(TicketEvent.ticket_id, func.max(TicketEvent.id).label("id"))
              .where(TicketEvent.id <= last_event_id).group_by(TicketEvent.ticket_id).subquery())
    return (select(TicketEvent.ticket_id, TicketEvent.seq, TicketEvent.hash)
            .join(latest, TicketEvent.id == latest.c.id).order_by(TicketEvent.ticket_id))


def daily_anchor(sessions: sessionmaker[Session], *, now: datetime) -> AuditAnchor | None:
    """For the scheduler and the sweep: a cheap lookup on most runs, the anchor once a day."""
    day = now.astimezone(LOCAL_TZ).date()
    with transaction(sessions) as session:
        if session.scalar(select(AuditAnchor.id).where(AuditAnchor.day == day)) is not None:
            return None
        return take_anchor(session, now=now)


def anchor_of_day(session: Session, *, day: date) -> AuditAnchor:
    anchor = session.scalar(select(AuditAnchor).where(AuditAnchor.day == day))
    if anchor is None:
        raise NotFound(f"{day.isoformat()} 没有审计锚点")
    return anchor


def anchor_for(session: Session, *, actor, day: date) -> AuditAnchor:
    """The office prints or sends out an anchor; nobody else needs one."""
    if not actor.has_any(*READERS):
        raise PermissionDenied("只有系统管理员或领导小组办公室可以查看审计锚点")
    return anchor_of_day(session, day=day)
