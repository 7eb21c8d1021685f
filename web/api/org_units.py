"""Org units: the pickers (what the actor may see, practice 11) and the tree administration (issue 12):
create, rename and flag, move, merge, deactivate. Admin and office only; another town's unit is 404."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.orgs import admin
from workflow.orgs.errors import UnitInUse
from workflow.orgs.models import OrgUnit
from workflow.orgs.schemas import OrgUnitCreate, OrgUnitMerge, OrgUnitMove, OrgUnitRead, OrgUnitUpdate
from workflow.orgs.scope import visible_units
from workflow.orgs.service import list_visible_units

router = APIRouter(prefix="/org-units", tags=["org units"])
CHANGE_ERRORS = error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput)


@router.get("", response_model=list[OrgUnitRead], responses=error_responses(NotAuthenticated))
def list_units(actor: CurrentActor, session: DbSession, kind: str | None = None, include_inactive: bool = False):
    return list_visible_units(session, actor, kind=kind, include_inactive=include_inactive)


@router.get("/{unit_id}", response_model=OrgUnitRead, responses=error_responses(NotAuthenticated, NotFound))
def get_unit(unit_id: RowId, actor: CurrentActor, session: DbSession):
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise NotFound("单位不存在或无权查看")
    return unit


@router.post("", response_model=OrgUnitRead, status_code=201, responses=CHANGE_ERRORS)
def create_unit(body: OrgUnitCreate, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return admin.create(session, actor=actor, data=body, now=clock.now())


@router.patch("/{unit_id}", response_model=OrgUnitRead, responses=CHANGE_ERRORS)
def update_unit(unit_id: RowId, body: OrgUnitUpdate, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return admin.update_unit(session, actor=actor, unit_id=unit_id, data=body, now=clock.now())


@router.post("/{unit_id}/move", response_model=OrgUnitRead, responses=CHANGE_ERRORS,
             summary="移动单位（整棵子树的 path 在同一事务中改写）")
def move_unit(unit_id: RowId, body: OrgUnitMove, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return admin.move_unit(session, actor=actor, unit_id=unit_id, parent_id=body.parent_id, now=clock.now())


@router.post("/{unit_id}/merge", response_model=OrgUnitRead, responses=CHANGE_ERRORS,
             summary="撤并：问题、人员、下属单位移到保留的单位，被并单位停用；返回保留的单位")
def merge_unit(unit_id: RowId, body: OrgUnitMerge, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return admin.merge_units(session, actor=actor, unit_id=unit_id, into_id=body.into_id, now=clock.now())


@router.post("/{unit_id}/deactivate", response_model=OrgUnitRead,
             responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput, UnitInUse))
def deactivate_unit(unit_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return admin.deactivate_unit(session, actor=actor, unit_id=unit_id, now=clock.now())


@router.post("/{unit_id}/activate", response_model=OrgUnitRead, responses=CHANGE_ERRORS)
def activate_unit(unit_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return admin.activate_unit(session, actor=actor, unit_id=unit_id, now=clock.now())
