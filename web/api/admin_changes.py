"""The admin audit log (admin only): who changed which org unit, person or setting, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession
from workflow.adminlog.service import list_changes
from workflow.bounds import DbInt, RowId
from workflow.errors import NotAuthenticated, PermissionDenied

router = APIRouter(prefix="/admin-changes", tags=["audit"])


class AdminChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    actor_id: RowId | None
    at: datetime
    entity_kind: str
    entity_label: str
    entity_id: RowId | None
    action: str
    action_label: str
    summary: str
    before: dict | None
    after: dict | None


@router.get("", response_model=list[AdminChangeRead], responses=error_responses(NotAuthenticated, PermissionDenied))
def list_admin_changes(actor: CurrentActor, session: DbSession, entity_kind: str | None = None,
                       entity_id: RowId | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                       offset: DbInt = 0):
    return list_changes(session, actor=actor, entity_kind=entity_kind, entity_id=entity_id, limit=limit,
                        offset=offset)
