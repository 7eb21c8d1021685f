"""The summary's keys as SQL expressions, its from-scratch computation and ``rebuild_summary``.

The triggers of migration 0021 compute the same keys row by row; ``expected_*`` compute them set-based from
``ticket`` and ``ticket_event``, so the test of the triggers (and ``zhenggai rebuild-summary`` after a bulk
load that bypassed them) compare or replace the tables with exactly this.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, case, delete, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from workflow.ledger.summary_models import UnitEventCount, UnitTicketCount
from workflow.tickets.models import Ticket, TicketEvent

TICKET_KEYS = ("lead_unit_id", "campaign_key", "state", "resolution", "on_the_spot", "on_time", "on_time_original",
               "has_due", "has_original_due")
EVENT_KEYS = ("unit_id", "campaign_key", "kind")


def _flag(condition):
    return case((condition, 1), else_=0)


def expected_ticket_counts() -> Select:
    keys = (
        func.coalesce(Ticket.lead_unit_id, 0).label("lead_unit_id"),
        func.coalesce(Ticket.campaign_id, 0).label("campaign_key"),
        Ticket.state.label("state"),
        func.coalesce(Ticket.resolution, "").label("resolution"),
        _flag(Ticket.on_the_spot.is_(True)).label("on_the_spot"),
        _flag(or_(Ticket.due_at.is_(None), Ticket.verified_at <= Ticket.due_at)).label("on_time"),
        _flag(or_(Ticket.original_due_at.is_(None), Ticket.verified_at <= Ticket.original_due_at))
        .label("on_time_original"),
        _flag(Ticket.due_at.is_not(None)).label("has_due"),
        _flag(Ticket.original_due_at.is_not(None)).label("has_original_due"),
    )
    return select(*keys, func.count().label("n")).group_by(*keys)


def expected_event_counts() -> Select:
    charged = func.coalesce(TicketEvent.payload["lead_unit_id"].as_integer(), Ticket.lead_unit_id, 0)
    went_red = and_(TicketEvent.trigger == "light_changed", TicketEvent.payload["to"].as_string() == "red")
    kind = case((TicketEvent.trigger == "return", literal("returns")),
                (TicketEvent.trigger == "reject", literal("reworks")), else_=literal("overdue_episodes"))
    keys = (charged.label("unit_id"), func.coalesce(Ticket.campaign_id, 0).label("campaign_key"), kind.label("kind"))
    return (select(*keys, func.count().label("n"))
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(or_(TicketEvent.trigger.in_(("return", "reject")), went_red))
            .group_by(*keys))


def rebuild_summary(session: Session) -> tuple[int, int]:
    """Replace both tables with the from-scratch counts (in the caller's transaction); the row counts."""
    session.execute(delete(UnitTicketCount))
    session.execute(delete(UnitEventCount))
    session.execute(insert(UnitTicketCount).from_select([*TICKET_KEYS, "n"], expected_ticket_counts()))
    session.execute(insert(UnitEventCount).from_select([*EVENT_KEYS, "n"], expected_event_counts()))
    return (session.scalar(select(func.count()).select_from(UnitTicketCount)) or 0,
            session.scalar(select(func.count()).select_from(UnitEventCount)) or 0)


def summary_differences(session: Session) -> list[str]:
    """What the maintained tables say that a from-scratch count does not (empty when they agree)."""
    problems = []
    for model, keys, expected in ((UnitTicketCount, TICKET_KEYS, expected_ticket_counts()),
                                  (UnitEventCount, EVENT_KEYS, expected_event_counts())):
        stored = {tuple(r[:-1]): r[-1] for r in session.execute(
            select(*[getattr(model, k) for k in keys], model.n).where(model.n != 0))}
        computed = {tuple(r[:-1]): r[-1] for r in session.execute(expected)}
        for key in sorted(set(stored) | set(computed), key=repr):
            if stored.get(key) != computed.get(key):
                problems.append(f"{model.__tablename__} {key}: stored {stored.get(key)}, counted {computed.get(key)}")
    return problems


__all__ = ["expected_event_counts", "expected_ticket_counts", "rebuild_summary", "summary_differences"]
