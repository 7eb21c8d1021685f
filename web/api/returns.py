"""退回仲裁: the office rules on a return (uphold → 改派, overrule → back to the unit); returns per unit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.clock import to_local
from workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from workflow.returns.arbitration import Ruling, rule_on_return
from workflow.returns.counts import return_counts
from workflow.returns.schemas import RulingRequest, RulingResult, UnitReturnsRead

router = APIRouter(tags=["returns"])


@router.post("/tickets/{ticket_id}/return-rulings", response_model=RulingResult,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, TransitionRefused,
                                       ConcurrentChange, InvalidInput))
def rule_return(ticket_id: RowId, body: RulingRequest, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return rule_on_return(session, actor=actor, ticket_id=ticket_id, data=Ruling(**body.model_dump()),
                          now=clock.now())


@router.get("/returns/counts", response_model=list[UnitReturnsRead], responses=error_responses(NotAuthenticated))
def returns_per_unit(actor: CurrentActor, session: DbSession, clock: ClockDep,
                     year: Annotated[int | None, Query(ge=2000, le=2100)] = None):
    return return_counts(session, actor, year=year or to_local(clock.now()).year)
