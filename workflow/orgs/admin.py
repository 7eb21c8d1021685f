"""Keeping the org tree current: create, rename, move, merge, deactivate (issue 12), each change audited.

Admins and the office manage the units in their own subtree; a unit outside it answers 404, any other
role 403. Moving rewrites the materialised path of the whole subtree with one UPDATE, so visibility
(``scope.py``, a prefix match) follows at once. Merging moves tickets, people and sub-units to the
survivor and deactivates the merged unit; deactivating refuses while open tickets or active sub-units
remain, naming how many.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, literal, or_, select, update
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.adminlog.service import record, snapshot
from workflow.campaigns.models import CampaignScope
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.orgs.errors import UnitInUse
from workflow.orgs.models import UNIT_KINDS, OrgUnit
from workflow.orgs.schemas import OrgUnitCreate, OrgUnitUpdate
from workflow.orgs.scope import visible_units
from workflow.tickets import events
from workflow.tickets.models import Ticket, TicketCoUnit

MANAGERS = ("admin", "office")
# kind → the kinds its parent may have
PARENT_KINDS = {
    "town": ("district",),
    "village": ("town",),
    "department": ("district", "town"),
    "backer_unit": ("district", "town"),
    "work_team": ("backer_unit", "department", "district", "town"),
}


def require_manager(actor: Actor) -> None:
    if not actor.has_any(*MANAGERS):
        raise PermissionDenied("只有系统管理员或领导小组办公室可以管理组织架构")


def managed_unit(session: Session, actor: Actor, unit_id: int, *, what: str = "单位") -> OrgUnit:
    """The unit if the actor may see it (else 404), and the actor may manage units (else 403)."""
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise NotFound(f"{what}不存在或无权查看")
    require_manager(actor)
    return unit


def _target(session: Session, actor: Actor, unit_id: int | None, field: str, what: str) -> OrgUnit:
    """A unit named in the body: one the actor cannot see is bad input (422), never a hint that it exists."""
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id)) if unit_id else None
    if unit is None:
        raise InvalidInput(f"{what}不存在或不在您的管辖范围内", detail={"field": field})
    if not unit.is_active:
        raise InvalidInput(f"{what}“{unit.name}”已停用", detail={"field": field})
    return unit


def _check_parent(kind: str, parent: OrgUnit) -> None:
    allowed = PARENT_KINDS.get(kind)
    if allowed is None:
        raise InvalidInput(f"不能在此新建{UNIT_KINDS.get(kind, kind)}（区/市由 zhenggai setup 建立）",
                           detail={"field": "kind"})
    if parent.kind not in allowed:
        names = "或".join(UNIT_KINDS[k] for k in allowed)
        raise InvalidInput(f"{UNIT_KINDS[kind]}的上级应为{names}，“{parent.name}”是{parent.kind_label}",
                           detail={"field": "parent_id"})


def _check_serves(session: Session, actor: Actor, kind: str, serves_id: int | None) -> int | None:
    if kind != "work_team":
        if serves_id:
            raise InvalidInput("只有驻村工作队可以填写所驻村", detail={"field": "serves_unit_id"})
        return None
    village = _target(session, actor, serves_id, "serves_unit_id", "所驻村（社区）") if serves_id else None
    if village is None:
        raise InvalidInput("请选择驻村工作队所驻的村（社区）", detail={"field": "serves_unit_id"})
    if village.kind != "village":
        raise InvalidInput(f"驻村工作队只能驻村（社区），“{village.name}”是{village.kind_label}",
                           detail={"field": "serves_unit_id"})
    return village.id


def _check_unique_name(session: Session, name: str, parent_id: int | None, *, kind: str,
                       except_id: int | None = None) -> None:
    query = select(OrgUnit.id).where(OrgUnit.parent_id == parent_id, OrgUnit.name == name, OrgUnit.kind == kind,
                                     OrgUnit.is_active.is_(True))
    if except_id:
        query = query.where(OrgUnit.id != except_id)
    if session.scalar(query) is not None:
        raise InvalidInput(f"同一上级下已有名为“{name}”的{UNIT_KINDS.get(kind, kind)}", detail={"field": "name"})


def create(session: Session, *, actor: Actor | None, data: OrgUnitCreate, now: datetime,
           parent: OrgUnit | None = None) -> OrgUnit:
    """``parent`` is passed by the importer, which has checked it already; the API passes ``parent_id``."""
    if actor is not None and parent is None:
        parent = _target(session, actor, data.parent_id, "parent_id", "上级单位")
        require_manager(actor)
    if data.kind not in UNIT_KINDS:
        raise InvalidInput(f"未知的单位类型：{data.kind}", detail={"field": "kind"})
    _check_parent(data.kind, parent)
    serves = _check_serves(session, actor, data.kind, data.serves_unit_id) if actor else data.serves_unit_id
    _check_unique_name(session, data.name, parent.id, kind=data.kind)
    unit = OrgUnit(name=data.name, kind=data.kind, parent_id=parent.id, serves_unit_id=serves,
                   poverty_alleviated=data.poverty_alleviated and data.kind == "village",
                   relocation_site=data.relocation_site and data.kind == "village",
                   latitude=data.latitude, longitude=data.longitude)
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path}{unit.id}/"
    session.flush()
    record(session, actor=actor, at=now, entity_kind="org_unit", entity_id=unit.id, action="create",
           after=snapshot(unit), summary=f"新建{unit.kind_label}“{unit.name}”（上级：{parent.name}）")
    return unit


def update_unit(session: Session, *, actor: Actor, unit_id: int, data: OrgUnitUpdate, now: datetime) -> OrgUnit:
    unit = managed_unit(session, actor, unit_id)
    before = snapshot(unit)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") and changes["name"] != unit.name:
        _check_unique_name(session, changes["name"], unit.parent_id, kind=unit.kind, except_id=unit.id)
        unit.name = changes["name"]
    if "serves_unit_id" in changes:
        unit.serves_unit_id = _check_serves(session, actor, unit.kind, changes["serves_unit_id"])
    for flag in ("poverty_alleviated", "relocation_site"):
        if changes.get(flag) is not None:
            if unit.kind != "village" and changes[flag]:
                raise InvalidInput("脱贫村、易地搬迁安置点只适用于村（社区）", detail={"field": flag})
            setattr(unit, flag, changes[flag])
    for coordinate in ("latitude", "longitude"):
        if changes.get(coordinate) is not None:
            setattr(unit, coordinate, changes[coordinate])
    session.flush()
    after = snapshot(unit)
    if after != before:
        action = "rename" if set(_diff(before, after)) == {"name"} else "update"
        record(session, actor=actor, at=now, entity_kind="org_unit", entity_id=unit.id, action=action,
               before=before, after=after, summary=_summary(unit, before, after))
    return unit


def move_unit(session: Session, *, actor: Actor, unit_id: int, parent_id: int, now: datetime) -> OrgUnit:
    unit = managed_unit(session, actor, unit_id)
    parent = _target(session, actor, parent_id, "parent_id", "新的上级单位")
    if parent.path.startswith(unit.path):
        raise InvalidInput(f"不能把“{unit.name}”移到它自己或它的下属单位之下", detail={"field": "parent_id"})
    _check_parent(unit.kind, parent)
    if parent.id == unit.parent_id:
        return unit
    _check_unique_name(session, unit.name, parent.id, kind=unit.kind, except_id=unit.id)
    before = snapshot(unit)
    old_parent = session.get(OrgUnit, unit.parent_id) if unit.parent_id else None
    _reparent(session, unit, parent)
    record(session, actor=actor, at=now, entity_kind="org_unit", entity_id=unit.id, action="move",
           before=before, after=snapshot(unit),
           summary=f"“{unit.name}”从“{old_parent.name if old_parent else '—'}”移到“{parent.name}”")
    return unit


def _reparent(session: Session, unit: OrgUnit, parent: OrgUnit) -> None:
    """One UPDATE rewrites the path prefix of the unit and everything under it."""
    old, new = unit.path, f"{parent.path}{unit.id}/"
    session.execute(
        update(OrgUnit).where(OrgUnit.path.startswith(old))
        .values(path=literal(new) + func.substr(OrgUnit.path, len(old) + 1))
        .execution_options(synchronize_session=False)
    )
    session.execute(update(OrgUnit).where(OrgUnit.id == unit.id).values(parent_id=parent.id)
                    .execution_options(synchronize_session=False))
    session.expire_all()


def open_tickets(session: Session, unit_ids) -> int:
    return session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.state != "closed", or_(Ticket.place_id.in_(unit_ids), Ticket.lead_unit_id.in_(unit_ids)))) or 0


def deactivate_unit(session: Session, *, actor: Actor, unit_id: int, now: datetime) -> OrgUnit:
    unit = managed_unit(session, actor, unit_id)
    if unit.kind == "district" and unit.parent_id is None:
        raise InvalidInput("不能停用区/市本级")
    if not unit.is_active:
        return unit
    count = open_tickets(session, [unit.id])
    children = session.scalar(select(func.count()).select_from(OrgUnit).where(
        OrgUnit.parent_id == unit.id, OrgUnit.is_active.is_(True))) or 0
    reasons = []
    if count:
        reasons.append(f"有 {count} 个未销号的问题（所在地或牵头单位为该单位），请先改派或把单位合并到其他单位")
    if children:
        reasons.append(f"有 {children} 个在用的下属单位，请先移走或停用")
    if reasons:
        raise UnitInUse(f"“{unit.name}”不能停用：" + "；".join(reasons),
                        detail={"open_tickets": count, "active_children": children})
    before = snapshot(unit)
    unit.is_active = False
    session.flush()
    record(session, actor=actor, at=now, entity_kind="org_unit", entity_id=unit.id, action="deactivate",
           before=before, after=snapshot(unit), summary=f"停用{unit.kind_label}“{unit.name}”")
    return unit


def activate_unit(session: Session, *, actor: Actor, unit_id: int, now: datetime) -> OrgUnit:
    unit = managed_unit(session, actor, unit_id)
    if unit.is_active:
        return unit
    before = snapshot(unit)
    unit.is_active, unit.merged_into_id = True, None
    session.flush()
    record(session, actor=actor, at=now, entity_kind="org_unit", entity_id=unit.id, action="activate",
           before=before, after=snapshot(unit), summary=f"重新启用{unit.kind_label}“{unit.name}”")
    return unit


def merge_units(session: Session, *, actor: Actor, unit_id: int, into_id: int, now: datetime) -> OrgUnit:
    """撤并: the merged unit's tickets, people, sub-units and work teams go to the survivor.

    Each moved ticket gets a ``unit_merged`` event; the merged unit stays as an inactive row that
    points at the survivor, so old events and reports still name it.
    """
    unit = managed_unit(session, actor, unit_id)
    survivor = _target(session, actor, into_id, "into_id", "合并到的单位")
    if survivor.id == unit.id or survivor.path.startswith(unit.path):
        raise InvalidInput("不能把单位合并到它自己或它的下属单位", detail={"field": "into_id"})
    if survivor.kind != unit.kind:
        raise InvalidInput(f"只能合并同类单位：“{unit.name}”是{unit.kind_label}，"
                           f"“{survivor.name}”是{survivor.kind_label}", detail={"field": "into_id"})
    if not unit.is_active:
        raise InvalidInput(f"“{unit.name}”已停用", detail={"field": "unit_id"})
    before = snapshot(unit)
    moved = _move_tickets(session, actor, unit, survivor, now)
    people = session.execute(update(Person).where(Person.org_unit_id == unit.id)
                             .values(org_unit_id=survivor.id).execution_options(synchronize_session=False)).rowcount
    session.execute(update(OrgUnit).where(OrgUnit.serves_unit_id == unit.id).values(serves_unit_id=survivor.id)
                    .execution_options(synchronize_session=False))
    _merge_scopes(session, unit, survivor)
    children = list(session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id)))
    for child in children:
        _reparent(session, child, session.get(OrgUnit, survivor.id))
    unit = session.get(OrgUnit, unit.id)
    unit.is_active, unit.merged_into_id = False, survivor.id
    session.flush()
    record(session, actor=actor, at=now, entity_kind="org_unit", entity_id=unit.id, action="merge",
           before=before, after=snapshot(unit, extra={"tickets_moved": moved, "people_moved": people,
                                                      "children_moved": len(children)}),
           summary=f"“{unit.name}”并入“{survivor.name}”：问题 {moved} 个、人员 {people} 名、"
                   f"下属单位 {len(children)} 个")
    return session.get(OrgUnit, survivor.id)


def _move_tickets(session: Session, actor: Actor, unit: OrgUnit, survivor: OrgUnit, now: datetime) -> int:
    co_ticket_ids = set(session.scalars(select(TicketCoUnit.ticket_id).where(TicketCoUnit.org_unit_id == unit.id)))
    tickets = list(session.scalars(select(Ticket).where(or_(
        Ticket.place_id == unit.id, Ticket.lead_unit_id == unit.id, Ticket.owner_unit_id == unit.id,
        Ticket.id.in_(co_ticket_ids)))))
    already = set(session.scalars(select(TicketCoUnit.ticket_id).where(TicketCoUnit.org_unit_id == survivor.id)))
    session.execute(delete(TicketCoUnit).where(TicketCoUnit.org_unit_id == unit.id,
                                               TicketCoUnit.ticket_id.in_(already)))
    session.execute(update(TicketCoUnit).where(TicketCoUnit.org_unit_id == unit.id)
                    .values(org_unit_id=survivor.id).execution_options(synchronize_session=False))
    for ticket in tickets:
        for column in ("place_id", "lead_unit_id", "owner_unit_id"):
            if getattr(ticket, column) == unit.id:
                setattr(ticket, column, survivor.id)
        events.record(session, ticket, trigger="unit_merged", actor=actor, at=now,
                      comment=f"“{unit.name}”并入“{survivor.name}”",
                      payload={"from_unit_id": unit.id, "to_unit_id": survivor.id})
    session.flush()
    return len(tickets)


def _merge_scopes(session: Session, unit: OrgUnit, survivor: OrgUnit) -> None:
    both = set(session.scalars(select(CampaignScope.campaign_id).where(CampaignScope.org_unit_id == survivor.id)))
    session.execute(delete(CampaignScope).where(CampaignScope.org_unit_id == unit.id,
                                                CampaignScope.campaign_id.in_(both)))
    session.execute(update(CampaignScope).where(CampaignScope.org_unit_id == unit.id)
                    .values(org_unit_id=survivor.id).execution_options(synchronize_session=False))


def _diff(before: dict, after: dict) -> list[str]:
    return [k for k in after if before.get(k) != after.get(k)]


def _summary(unit: OrgUnit, before: dict, after: dict) -> str:
    labels = {"name": "名称", "serves_unit_id": "所驻村", "poverty_alleviated": "脱贫村",
              "relocation_site": "易地搬迁安置点"}
    parts = [f"{labels.get(k, k)}：{before.get(k)} → {after.get(k)}" for k in _diff(before, after)]
    return f"修改“{unit.name}”：" + "；".join(parts)
