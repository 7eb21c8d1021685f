"""The day's audit anchor, for the office to print or send out (docs/audit-and-backup.md)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession
from workflow.audit import anchors
from workflow.audit.schemas import AnchorRead
from workflow.errors import NotAuthenticated, NotFound, PermissionDenied

router = APIRouter(tags=["audit"])


@router.get("/audit/anchors/{day}", response_model=AnchorRead,
            responses=error_responses(NotAuthenticated, PermissionDenied, NotFound))
def get_anchor(day: date, actor: CurrentActor, session: DbSession):
    return anchors.anchor_for(session, actor=actor, day=day)
