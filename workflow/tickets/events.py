"""The timeline: one append-only row per change, written by the service that makes the change.

Every row carries the ticket's lead unit at that moment (``payload["lead_unit_id"]``), so returns, reworks
and overdue episodes are charged to the unit that led the ticket then, not to the one that leads it after a
改派 (issue 10; ``workflow/ledger/tallies.py`` counts them).

This module is the only writer of ``ticket_event``. Each row is hash-chained to the ticket's previous
event (``workflow/audit/chain.py``). The predecessor is read inside the writer's transaction after
locking the ticket row (PostgreSQL ``FOR UPDATE``; SQLite writers already hold the database lock from
``BEGIN IMMEDIATE``), so concurrent writers to one ticket queue instead of forking the chain; the
unique (ticket_id, seq) index is the backstop that makes a fork fail loudly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.audit.chain import GENESIS, event_hash
from workflow.tickets.models import Ticket, TicketEvent


def record(
    session: Session,
    ticket: Ticket,
    *,
    trigger: str,
    actor: Actor | None,
    at: datetime,
    from_state: str | None = None,
    to_state: str | None = None,
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> TicketEvent:
    session.flush()  # the ticket (and any event added earlier in this transaction) must be in the database
    session.execute(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())
    seq, prev_hash = _head(session, ticket.id)
    fields = _chained(
        {"ticket_id": ticket.id, "at": at, "actor_id": actor.person_id if actor else None, "trigger": trigger,
         "from_state": from_state, "to_state": to_state, "comment": comment or "",
         "payload": {"lead_unit_id": ticket.lead_unit_id, **(payload or {})}},
        seq=seq + 1, prev_hash=prev_hash,
    )
    event = TicketEvent(**fields)
    session.add(event)
    session.flush()
    return event


def record_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk form of ``record`` for imports: the same table, columns and chaining, one executemany.

    Each row needs ticket_id, at, actor_id, trigger, from_state, to_state, comment and payload; rows of
    one ticket are chained in the order given.
    """
    if not rows:
        return
    ticket_ids = sorted({row["ticket_id"] for row in rows})
    session.execute(select(Ticket.id).where(Ticket.id.in_(ticket_ids)).with_for_update())
    heads = _heads(session, ticket_ids)
    chained = []
    for row in rows:
        seq, prev_hash = heads.get(row["ticket_id"], (0, GENESIS))
        linked = _chained({**row, "comment": row.get("comment") or "", "payload": row.get("payload") or {}},
                          seq=seq + 1, prev_hash=prev_hash)
        heads[row["ticket_id"]] = (linked["seq"], linked["hash"])
        chained.append(linked)
    session.execute(insert(TicketEvent), chained)


def _chained(fields: dict[str, Any], *, seq: int, prev_hash: str) -> dict[str, Any]:
    fields = {**fields, "seq": seq, "prev_hash": prev_hash}
    return {**fields, "hash": event_hash(**fields)}


def _head(session: Session, ticket_id: int) -> tuple[int, str]:
    """One ticket's latest (seq, hash): a backward seek on the unique (ticket_id, seq) index."""
    row = session.execute(select(TicketEvent.seq, TicketEvent.hash).where(TicketEvent.ticket_id == ticket_id)
                          .order_by(TicketEvent.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _heads(session: Session, ticket_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Each ticket's latest (seq, hash), read in the caller's transaction."""
    heads: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ticket_ids), 1000):
        chunk = ticket_ids[start:start + 1000]
        latest = (select(TicketEvent.ticket_id, func.max(TicketEvent.seq).label("seq"))
                  .where(TicketEvent.ticket_id.in_(chunk)).group_by(TicketEvent.ticket_id).subquery())
        rows = session.execute(
            select(TicketEvent.ticket_id, TicketEvent.seq, TicketEvent.hash)
            .join(latest, (TicketEvent.ticket_id == latest.c.ticket_id) & (TicketEvent.seq == latest.c.seq)))
        heads.update({ticket_id: (seq, digest) for ticket_id, seq, digest in rows})
    return heads
