"""Consequence counters (practice 6): per unit and calendar year, counted with set-based SQL (GROUP BY).

Each counter comes from rows that already exist:

| counter | rows |
|---|---|
| 催办 ``urges`` | events ``urge`` |
| 督办函 ``supervision_letters`` | events ``supervision_letter`` |
| 通报 ``bulletin_mentions`` | ``bulletin_mention`` rows (recorded when a bulletin is generated) |
| 约谈 ``interviews`` | ``interview`` rows not cancelled, in the year of their strike (``interview.year``) |
| 退回 ``returns`` | events ``return`` |
| ``returns_upheld``, ``returns_overruled`` | the office's rulings: events ``return_ruling`` (payload ``ruling``) |
| 返工 ``reworks`` | events ``reject`` |
| 反弹 ``relapses`` | events ``reopen`` with ``payload.relapse`` (a look-back inside the 观察期) |

An event is charged to the unit it names (``payload.unit_id``, as urgings and rulings do), else to the
ticket's lead unit when it was written (``payload.lead_unit_id``), else to the current lead unit. Only
events of tickets the actor may see count, and only units in the actor's scope are charged. The year is
the event's local (Asia/Shanghai) calendar year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from sqlalchemy import String, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from workflow.actor import Actor
from workflow.clock import LOCAL_TZ
from workflow.counters.models import BulletinMention
from workflow.escalation.models import Interview
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.queries import TicketFilters, filtered

COUNTER_LABELS = {
    "urges": "催办",
    "supervision_letters": "督办函",
    "bulletin_mentions": "通报",
    "interviews": "约谈",
    "returns": "退回",
    "returns_upheld": "退回成立",
    "returns_overruled": "退回驳回",
    "reworks": "返工",
    "relapses": "反弹",
}
ACCOUNTABLE_KINDS = ("town", "department", "backer_unit")


@dataclass
class Counters:
    urges: int = 0
    supervision_letters: int = 0
    bulletin_mentions: int = 0
    interviews: int = 0
    returns: int = 0
    returns_upheld: int = 0
    returns_overruled: int = 0
    reworks: int = 0
    relapses: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return (datetime.combine(date(year, 1, 1), time(0), tzinfo=LOCAL_TZ),
            datetime.combine(date(year + 1, 1, 1), time(0), tzinfo=LOCAL_TZ))


def _charged_rows(actor: Actor, year: int):
    """(unit_id, kind) for every countable row of the year: one UNION ALL of events, 约谈 and mentions."""
    start, end = year_bounds(year)
    tickets = filtered(actor, TicketFilters()).with_only_columns(Ticket.id, Ticket.lead_unit_id).subquery()
    payload = TicketEvent.payload
    charged = func.coalesce(payload["unit_id"].as_integer(), payload["lead_unit_id"].as_integer(),
                            tickets.c.lead_unit_id)
    ruling = payload["ruling"].as_string()
    kind = case(
        (TicketEvent.trigger == "urge", "urges"),
        (TicketEvent.trigger == "supervision_letter", "supervision_letters"),
        (TicketEvent.trigger == "return", "returns"),
        (and_(TicketEvent.trigger == "return_ruling", ruling == "upheld"), "returns_upheld"),
        (and_(TicketEvent.trigger == "return_ruling", ruling == "overruled"), "returns_overruled"),
        (TicketEvent.trigger == "reject", "reworks"),
        else_="relapses",
    )
    relapse = and_(TicketEvent.trigger == "reopen", payload["relapse"].as_boolean().is_(True))
    events = (select(charged.label("unit_id"), cast(kind, String).label("kind"))
              .join(tickets, tickets.c.id == TicketEvent.ticket_id)
              .where(TicketEvent.at >= start, TicketEvent.at < end,
                     or_(TicketEvent.trigger.in_(("urge", "supervision_letter", "return", "return_ruling",
                                                  "reject")), relapse)))
    interviews = select(Interview.unit_id.label("unit_id"), literal("interviews", String).label("kind")).where(
        Interview.year == year, Interview.status != "cancelled")
    named = (select(BulletinMention.unit_id, BulletinMention.bulletin_key).where(BulletinMention.year == year)
             .distinct().subquery())  # once per bulletin, whether black-listed, overdue or both
    mentions = select(named.c.unit_id.label("unit_id"), literal("bulletin_mentions", String).label("kind"))
    return union_all(events, interviews, mentions).subquery()


def unit_counters(session: Session, actor: Actor, unit: OrgUnit, year: int) -> Counters:
    """The counters of ``unit`` and every unit under it (a town answers for its villages)."""
    rows = _charged_rows(actor, year)
    charged = aliased(OrgUnit)
    query = (select(rows.c.kind, func.count())
             .join(charged, and_(charged.id == rows.c.unit_id, charged.id.in_(visible_unit_ids(actor))))
             .where(charged.path.startswith(unit.path))
             .group_by(rows.c.kind))
    counters = Counters()
    for kind, count in session.execute(query):
        setattr(counters, kind, count)
    return counters


def accountable_counters(session: Session, actor: Actor, year: int) -> dict[int, Counters]:
    """Counters per accountable unit (town, department, backer unit), as rankings charge them."""
    rows = _charged_rows(actor, year)
    charged, unit = aliased(OrgUnit), aliased(OrgUnit)
    query = (select(unit.id, rows.c.kind, func.count())
             .select_from(rows)
             .join(charged, and_(charged.id == rows.c.unit_id, charged.id.in_(visible_unit_ids(actor))))
             .join(unit, and_(unit.kind.in_(ACCOUNTABLE_KINDS), charged.path.startswith(unit.path)))
             .group_by(unit.id, rows.c.kind))
    found: dict[int, Counters] = defaultdict(Counters)
    for unit_id, kind, count in session.execute(query):
        setattr(found[unit_id], kind, count)
    return dict(found)


__all__ = ["COUNTER_LABELS", "Counters", "accountable_counters", "unit_counters", "year_bounds"]
