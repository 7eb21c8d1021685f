"""Reads for strikes and sanctions, always starting from the actor's visible units (scope.py)."""

from __future__ import annotations

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import NotFound
from workflow.escalation.models import Interview, SanctionInterview
from workflow.escalation.strikes import LIVE, UnitStrikes, unit_strikes
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids, visible_units


def strikes_of_unit(session: Session, actor: Actor, unit_id: int, year: int) -> UnitStrikes:
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise NotFound("单位不存在或无权查看")
    return unit_strikes(session, unit_id=unit.id, unit_name=unit.name, year=year)


def strikes_overview(session: Session, actor: Actor, year: int) -> list[UnitStrikes]:
    """Every visible unit with at least one live 约谈 in the year."""
    unit_ids = session.scalars(select(distinct(Interview.unit_id)).where(
        Interview.year == year, Interview.status.in_(LIVE), Interview.unit_id.in_(visible_unit_ids(actor))))
    units = session.scalars(select(OrgUnit).where(OrgUnit.id.in_(list(unit_ids))).order_by(OrgUnit.path))
    return [unit_strikes(session, unit_id=u.id, unit_name=u.name, year=year) for u in units]


def sanction_links(session: Session, sanction_ids: list[int]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {i: [] for i in sanction_ids}
    if sanction_ids:
        rows = session.execute(select(SanctionInterview.sanction_id, SanctionInterview.interview_id)
                               .where(SanctionInterview.sanction_id.in_(sanction_ids))
                               .order_by(SanctionInterview.interview_id))
        for sanction_id, interview_id in rows:
            links[sanction_id].append(interview_id)
    return links


def unit_names(session: Session, unit_ids: set[int]) -> dict[int, str]:
    """Names of the units whose strikes caused a sanction shown on another unit's page (a backer unit's)."""
    if not unit_ids:
        return {}
    rows = session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(unit_ids)))
    return {unit_id: name for unit_id, name in rows}
