"""催办: urge a ticket's unit by hand (office, inspectors, leaders), and list a ticket's urgings."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep
from workflow.bounds import RowId
from workflow.errors import NotAuthenticated, NotFound, PermissionDenied
from workflow.urging.errors import UrgingCapReached, UrgingRefused
from workflow.urging.schemas import UrgingCreate, UrgingRead
from workflow.urging.service import urge, urgings_of

router = APIRouter(prefix="/tickets", tags=["urgings"])


@router.post("/{ticket_id}/urgings", response_model=UrgingRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, UrgingRefused,
                                       UrgingCapReached))
def create_urging(ticket_id: RowId, body: UrgingCreate, actor: CurrentActor, session: DbSession, clock: ClockDep,
                  settings: SettingsDep):
    return urge(session, actor=actor, ticket_id=ticket_id, note=body.note, now=clock.now(),
                cap=settings.urge_cap_per_day)


@router.get("/{ticket_id}/urgings", response_model=list[UrgingRead],
            responses=error_responses(NotAuthenticated, NotFound))
def list_urgings(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    return urgings_of(session, actor, ticket_id)
