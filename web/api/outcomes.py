"""Issue 13's routes: close with a resolution (持续整改, 作废), 立行立改 filing, and a unit's counters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from web.api.responses import error_responses
from web.api.uploads import uploads_from
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep, StoreDep
from workflow.bounds import RowId
from workflow.counters.queries import COUNTER_LABELS
from workflow.counters.service import counters_of
from workflow.deadlines import lights
from workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from workflow.outcomes.on_the_spot import file_on_the_spot
from workflow.outcomes.schemas import CountersRead, OutcomeRequest, ticket_from_json
from workflow.outcomes.service import close_with_outcome
from workflow.tickets.evidence import EvidenceRules
from workflow.tickets.schemas import TicketRead

router = APIRouter(tags=["outcomes"])


def _read(session, settings, clock, ticket) -> TicketRead:
    lit = lights.annotate(session, [ticket], now=clock.now(), within=settings.yellow_within_working_days)[ticket.id]
    return TicketRead.model_validate(ticket).model_copy(update={"light": lit.light, "deadline_warning": lit.warning})


@router.post("/tickets/on-the-spot", response_model=TicketRead, status_code=201,
             responses=error_responses(NotAuthenticated, PermissionDenied, InvalidInput),
             summary="立行立改：登记一个现场已整改的问题（整改前、整改后照片），一步登记并销号")
def on_the_spot(actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep, store: StoreDep,
                ticket: Annotated[str, Form(max_length=30000)], comment: Annotated[str, Form(max_length=2000)],
                before: Annotated[list[UploadFile], File()], after: Annotated[list[UploadFile], File()]):
    filed = file_on_the_spot(session, actor=actor, data=ticket_from_json(ticket), before=uploads_from(before),
                             after=uploads_from(after), comment=comment, now=clock.now(), store=store,
                             rules=EvidenceRules.from_settings(settings))
    return _read(session, settings, clock, filed)


@router.post("/tickets/{ticket_id}/outcome", response_model=TicketRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, TransitionRefused,
                                       ConcurrentChange, InvalidInput),
             summary="按办结方式办结：销号（rectified）、持续整改/挂账（ongoing，须复查日期）、作废（void）")
def close_ticket(ticket_id: RowId, body: OutcomeRequest, actor: CurrentActor, session: DbSession, clock: ClockDep,
                 settings: SettingsDep):
    ticket = close_with_outcome(session, actor=actor, ticket_id=ticket_id, data=body, now=clock.now())
    return _read(session, settings, clock, ticket)


@router.get("/org-units/{unit_id}/counters", response_model=CountersRead,
            responses=error_responses(NotAuthenticated, NotFound, InvalidInput),
            summary="单位年度问责计数：催办、督办函、通报、约谈、退回、返工、反弹")
def unit_counters(unit_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep,
                  year: Annotated[int, Query(ge=2000, le=2100)] | None = None):
    found = counters_of(session, actor=actor, unit_id=unit_id, year=year, now=clock.now())
    return CountersRead(unit_id=found.unit.id, unit_name=found.unit.name, year=found.year,
                        counters=found.counters.as_dict(), labels=COUNTER_LABELS)
