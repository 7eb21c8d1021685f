"""确认收到 as the office sees it: who confirmed a ticket's messages, the urgings nobody confirmed, re-send."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep
from workflow.acknowledgements import service as acks
from workflow.acknowledgements.schemas import AcknowledgementRead
from workflow.bounds import RowId
from workflow.calendar.reader import WorkingCalendar
from workflow.errors import NotAuthenticated, NotFound, PermissionDenied

router = APIRouter(tags=["acknowledgements"])


@router.get("/tickets/{ticket_id}/acknowledgements", response_model=list[AcknowledgementRead],
            responses=error_responses(NotAuthenticated, NotFound))
def ticket_acknowledgements(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    return acks.of_ticket(session, actor, ticket_id)


@router.get("/acknowledgements/unread-urgings", response_model=list[AcknowledgementRead],
            responses=error_responses(NotAuthenticated, PermissionDenied))
def unread_urgings(actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep):
    return acks.unread_urgings(session, actor, now=clock.now(), hours=settings.ack_unread_working_hours,
                               calendar=WorkingCalendar(session))


@router.post("/acknowledgements/{ack_id}/resend", response_model=AcknowledgementRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, acks.AlreadyAcknowledged))
def resend(ack_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return acks.resend(session, actor, ack_id, now=clock.now())
