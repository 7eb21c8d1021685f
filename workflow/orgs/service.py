"""Creating org units and keeping their materialised paths right."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import InvalidInput, NotFound
from workflow.orgs.models import UNIT_KINDS, OrgUnit
from workflow.orgs.scope import visible_units


def create_unit(
    session: Session,
    *,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    code: str | None = None,
    serves: OrgUnit | None = None,
    is_demo: bool = False,
) -> OrgUnit:
    if kind not in UNIT_KINDS:
        raise InvalidInput(f"未知的单位类型：{kind}")
    unit = OrgUnit(
        name=name,
        kind=kind,
        code=code,
        parent_id=parent.id if parent else None,
        serves_unit_id=serves.id if serves else None,
        is_demo=is_demo,
    )
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    return unit


def get_unit(session: Session, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound("单位不存在")
    return unit


def get_visible_unit(session: Session, actor: Actor, unit_id: int, *, what: str = "单位") -> OrgUnit:
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise InvalidInput(f"{what}不存在或不在您的管辖范围内", detail={"unit_id": unit_id})
    if not unit.is_active:
        raise InvalidInput(f"{what}“{unit.name}”已停用", detail={"unit_id": unit_id})
    return unit


def list_visible_units(session: Session, actor: Actor, *, kind: str | None = None,
                       include_inactive: bool = False) -> list[OrgUnit]:
    """Pickers offer active units only; the org tree admin page asks for the inactive ones too."""
    query = visible_units(actor).order_by(OrgUnit.path)
    if not include_inactive:
        query = query.where(OrgUnit.is_active.is_(True))
    if kind:
        query = query.where(OrgUnit.kind == kind)
    return list(session.scalars(query))


def find_by_name(session: Session, name: str) -> OrgUnit | None:
    return session.scalar(select(OrgUnit).where(OrgUnit.name == name))
