"""Human-readable ticket numbers such as ``DX-2024-0001``: prefix of the owning district, year found."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.db import insert_ignoring_conflict
from workflow.tickets.models import TicketNumberCounter


def next_number(session: Session, *, prefix: str, year: int) -> str:
    """Take the next number under the counter row's lock; concurrent filers queue on that row."""
    insert_ignoring_conflict(session, TicketNumberCounter, prefix=prefix, year=year, last=0)
    where = (TicketNumberCounter.prefix == prefix, TicketNumberCounter.year == year)
    session.execute(update(TicketNumberCounter).where(*where).values(last=TicketNumberCounter.last + 1))
    last = session.scalar(select(TicketNumberCounter.last).where(*where))
    return f"{prefix}-{year}-{last:04d}"


def reserve_numbers(session: Session, *, prefix: str, year: int, count: int) -> list[str]:
    """Take ``count`` consecutive numbers in one counter update, for bulk imports.

    Same row, same lock as ``next_number``: a block is as unique and gapless as single numbers.
    """
    if count <= 0:
        return []
    insert_ignoring_conflict(session, TicketNumberCounter, prefix=prefix, year=year, last=0)
    where = (TicketNumberCounter.prefix == prefix, TicketNumberCounter.year == year)
    session.execute(update(TicketNumberCounter).where(*where).values(last=TicketNumberCounter.last + count))
    last = session.scalar(select(TicketNumberCounter.last).where(*where))
    return [f"{prefix}-{year}-{n:04d}" for n in range(last - count + 1, last + 1)]
