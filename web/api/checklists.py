"""Checklists and a searchable item picker."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession
from workflow.checklists.queries import list_checklists, search_items
from workflow.errors import NotAuthenticated

router = APIRouter(prefix="/checklists", tags=["checklists"])


class ChecklistRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    issuer: str | None
    issued_on: date | None


class ChecklistItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    area: str | None
    topic: str | None
    requirement: str | None
    points: float | None


@router.get("", response_model=list[ChecklistRead], responses=error_responses(NotAuthenticated))
def checklists(actor: CurrentActor, session: DbSession):
    return list_checklists(session)


@router.get("/{checklist_id}/items", response_model=list[ChecklistItemRead],
            responses=error_responses(NotAuthenticated))
def items(checklist_id: str, actor: CurrentActor, session: DbSession, q: str = ""):
    return search_items(session, checklist_id, q)
