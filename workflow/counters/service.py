"""Reading a unit's counters (API and the unit page): the unit must be visible, else 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.counters.queries import Counters, unit_counters
from workflow.deadlines.local_time import local_date
from workflow.errors import InvalidInput, NotFound
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units

FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass
class UnitCounters:
    unit: OrgUnit
    year: int
    counters: Counters


def counters_of(session: Session, *, actor: Actor, unit_id: int, year: int | None, now: datetime) -> UnitCounters:
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise NotFound("单位不存在或无权查看")
    year = year or local_date(now).year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"年度须在 {FIRST_YEAR}–{LAST_YEAR} 之间", detail={"field": "year"})
    return UnitCounters(unit, year, unit_counters(session, actor, unit, year))


__all__ = ["UnitCounters", "counters_of"]
