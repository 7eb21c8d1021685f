"""Org units the actor may see: pickers never offer another town's units (practice 11)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.errors import NotAuthenticated, NotFound
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units
from workflow.orgs.service import list_visible_units

router = APIRouter(prefix="/org-units", tags=["org units"])


class OrgUnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: str
    kind_label: str
    code: str | None
    parent_id: int | None
    serves_unit_id: int | None


@router.get("", response_model=list[OrgUnitRead], responses=error_responses(NotAuthenticated))
def list_units(actor: CurrentActor, session: DbSession, kind: str | None = None):
    return list_visible_units(session, actor, kind=kind)


@router.get("/{unit_id}", response_model=OrgUnitRead, responses=error_responses(NotAuthenticated, NotFound))
def get_unit(unit_id: RowId, actor: CurrentActor, session: DbSession):
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise NotFound("单位不存在或无权查看")
    return unit
