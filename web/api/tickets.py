"""Tickets: file, list, read, move, and read the timeline. Routes only resolve and delegate (STYLE E2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, WriteSession
from workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from workflow.tickets import queries
from workflow.tickets.filing import file_ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import EventRead, TicketCreate, TicketPage, TicketRead, TransitionRequest

router = APIRouter(prefix="/tickets", tags=["tickets"])


@router.post("", response_model=TicketRead, status_code=201,
             responses=error_responses(NotAuthenticated, PermissionDenied, InvalidInput))
def create_ticket(body: TicketCreate, actor: CurrentActor, session: WriteSession, clock: ClockDep):
    return file_ticket(session, actor=actor, data=body, now=clock.now())


@router.get("", response_model=TicketPage, responses=error_responses(NotAuthenticated))
def list_tickets(
    actor: CurrentActor, session: WriteSession, clock: ClockDep,
    state: str | None = None, campaign_id: int | None = None, unit_id: int | None = None,
    source: str | None = None, severity: str | None = None, overdue: bool = False,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1)] = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 50,
):
    filters = queries.TicketFilters(
        state=state, campaign_id=campaign_id, unit_id=unit_id, source=source, severity=severity,
        overdue_at=clock.now() if overdue else None, text=q,
    )
    items, total = queries.page_of(session, queries.filtered(actor, filters), page=page, per_page=per_page)
    return TicketPage(items=items, total=total, page=page, per_page=per_page)


@router.get("/{ticket_id}", response_model=TicketRead, responses=error_responses(NotAuthenticated, NotFound))
def get_ticket(ticket_id: int, actor: CurrentActor, session: WriteSession):
    return queries.get_visible(session, actor, ticket_id)


@router.post("/{ticket_id}/transitions", response_model=TicketRead,
             responses=error_responses(NotAuthenticated, NotFound, TransitionRefused, ConcurrentChange, InvalidInput))
def transition_ticket(ticket_id: int, body: TransitionRequest, actor: CurrentActor, session: WriteSession,
                      clock: ClockDep):
    data = MoveInput(**body.model_dump())
    return apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())


@router.get("/{ticket_id}/events", response_model=list[EventRead],
            responses=error_responses(NotAuthenticated, NotFound))
def ticket_events(ticket_id: int, actor: CurrentActor, session: WriteSession):
    return queries.events_of(session, actor, ticket_id)
