"""Tickets: file, list, read, move, and read the timeline. Routes only resolve and delegate (STYLE E2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep
from workflow.acceptance.limits import acceptance_overdue
from workflow.bounds import RowId
from workflow.calendar.reader import WorkingCalendar
from workflow.deadlines import lights
from workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from workflow.tickets import queries
from workflow.tickets.bulk_moves import BulkItem, apply_bulk
from workflow.tickets.filing_keys import checked_key
from workflow.tickets.filing_once import FilingRequest, file_once
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import (
    BulkTransitionRequest,
    BulkTransitionResult,
    EventRead,
    RefusalRead,
    TicketCreate,
    TicketPage,
    TicketRead,
    TransitionRequest,
)

router = APIRouter(prefix="/tickets", tags=["tickets"])
# Optional: a client that may re-send (a retry after a timeout) sends one key per problem; a repeat files nothing
# and answers 200 with the ticket the first post filed.
IdempotencyKey = Annotated[str | None, Header(description="同一键重复提交只登记一次，返回原问题（200）")]


def _read(session, settings, clock, tickets) -> list[TicketRead]:
    """TicketRead with the live 红黄灯 (workflow/deadlines/lights.py)."""
    lit = lights.annotate(session, tickets, now=clock.now(), within=settings.yellow_within_working_days)
    return [TicketRead.model_validate(t).model_copy(update={"light": lit[t.id].light,
                                                            "deadline_warning": lit[t.id].warning,
                                                            "accept_overdue": acceptance_overdue(t, clock.now())})
            for t in tickets]


@router.post("", response_model=TicketRead, status_code=201,
             responses={200: {"model": TicketRead, "description": "同一 Idempotency-Key 已登记过：返回原问题"},
                        **error_responses(NotAuthenticated, PermissionDenied, InvalidInput)})
def create_ticket(body: TicketCreate, actor: CurrentActor, session: DbSession, clock: ClockDep,
                  settings: SettingsDep, response: Response,
                  idempotency_key: IdempotencyKey = None):
    filing = FilingRequest(data=body, key=checked_key(idempotency_key, required=False), confirm_duplicate=True)
    filed = file_once(session, actor=actor, request=filing, now=clock.now())
    if filed.replayed:
        response.status_code = 200
    return _read(session, settings, clock, [filed.ticket])[0]


@router.get("", response_model=TicketPage, responses=error_responses(NotAuthenticated))
def list_tickets(
    actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
    light: Annotated[str | None, Query(pattern="^(red|yellow|green)$")] = None,
    state: str | None = None, campaign_id: RowId | None = None, unit_id: RowId | None = None,
    source: str | None = None, severity: str | None = None, overdue: bool = False,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1, per_page: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[RowId | None, Query(description="上一页的 next_after：按编号倒序接着取（比 page 快）")] = None,
):
    filters = queries.TicketFilters(
        state=state, campaign_id=campaign_id, unit_id=unit_id, source=source, severity=severity,
        overdue_at=clock.now() if overdue else None, text=q,
    )
    query = queries.filtered(actor, filters)
    if light:
        horizon = lights.yellow_horizon(WorkingCalendar(session), clock.now(), settings.yellow_within_working_days)
        query = query.where(lights.light_condition(light, now=clock.now(), horizon=horizon))
    listed = queries.bounded_page(session, query, page=page, per_page=per_page, after=after)
    return TicketPage(items=_read(session, settings, clock, listed.tickets), total=listed.total, page=page,
                      per_page=per_page, total_capped=listed.total_capped, next_after=listed.next_after)


@router.post("/bulk-transitions", response_model=BulkTransitionResult,
             responses=error_responses(NotAuthenticated, PermissionDenied, InvalidInput))
def bulk_transition(body: BulkTransitionRequest, actor: CurrentActor, session: DbSession, clock: ClockDep,
                    settings: SettingsDep):
    """批量交办 and other bulk moves: per-ticket result (moved / refused with reasons), see bulk_moves.py."""
    result = apply_bulk(session, actor=actor, trigger=body.trigger, comment=body.comment,
                        lead_unit_id=body.lead_unit_id, now=clock.now(),
                        items=[BulkItem(i.id, i.version) for i in body.items])
    return BulkTransitionResult(moved=_read(session, settings, clock, result.moved),
                                refused=[RefusalRead(**vars(r)) for r in result.refused])


@router.get("/{ticket_id}", response_model=TicketRead, responses=error_responses(NotAuthenticated, NotFound))
def get_ticket(ticket_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep):
    return _read(session, settings, clock, [queries.get_visible(session, actor, ticket_id)])[0]


@router.post("/{ticket_id}/transitions", response_model=TicketRead,
             responses=error_responses(NotAuthenticated, NotFound, TransitionRefused, ConcurrentChange, InvalidInput))
def transition_ticket(ticket_id: RowId, body: TransitionRequest, actor: CurrentActor, session: DbSession,
                      clock: ClockDep, settings: SettingsDep):
    data = MoveInput(**body.model_dump(exclude={"deadline"}), deadline=body.deadline)
    ticket = apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())
    return _read(session, settings, clock, [ticket])[0]


@router.get("/{ticket_id}/events", response_model=list[EventRead],
            responses=error_responses(NotAuthenticated, NotFound))
def ticket_events(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    return queries.events_of(session, actor, ticket_id)
