"""Browsing the ledger (整改台账) page by page, fast at 100k+ tickets.

Keyset pagination on ``ticket.id`` (newest first): a page is ``WHERE id < :after ORDER BY id DESC
LIMIT n``, so page 2,000 costs what page 1 costs, where OFFSET would walk every row before it.
The total is counted only up to ``COUNT_CAP`` and shown as "10000+" past it; an exact count of a
100k-row filtered scope costs more than the page itself (benchmarks/RESULTS.md, "Ledger pages").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.tickets.models import Ticket
from workflow.tickets.queries import TicketFilters, filtered
from workflow.tickets.worklists import unit_names

COUNT_CAP = 10_000
PER_PAGE = 50


@dataclass
class LedgerPage:
    tickets: list[Ticket]
    units: dict[int, str]
    next_after: int | None
    prev_before: int | None
    total: int
    total_capped: bool


def ledger_page(session: Session, actor: Actor, filters: TicketFilters, *, after: int | None = None,
                before: int | None = None, per_page: int = PER_PAGE) -> LedgerPage:
    query = filtered(actor, filters)
    if before is not None:
        rows = list(session.scalars(query.where(Ticket.id > before).order_by(Ticket.id).limit(per_page + 1)))
        more_before = len(rows) > per_page
        tickets = list(reversed(rows[:per_page]))
        more_after = True
    else:
        if after is not None:
            query = query.where(Ticket.id < after)
        rows = list(session.scalars(query.order_by(Ticket.id.desc()).limit(per_page + 1)))
        tickets = rows[:per_page]
        more_after = len(rows) > per_page
        more_before = after is not None
    total = bounded_count(session, actor, filters)
    return LedgerPage(
        tickets=tickets,
        units=unit_names(session, {i for t in tickets for i in (t.place_id, t.lead_unit_id)}),
        next_after=tickets[-1].id if tickets and more_after else None,
        prev_before=tickets[0].id if tickets and more_before else None,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
    )


def bounded_count(session: Session, actor: Actor, filters: TicketFilters, *, cap: int = COUNT_CAP) -> int:
    """How many tickets match, counting no further than ``cap + 1``."""
    ids = filtered(actor, filters).with_only_columns(Ticket.id).order_by(None).limit(cap + 1).subquery()
    return session.scalar(select(func.count()).select_from(ids)) or 0
