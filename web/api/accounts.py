"""Account administration (issue 12), admins only: reset a password, deactivate or reactivate an
account, and read the account event log. Another town's account answers 404, a non-admin 403."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, client_address
from workflow.accounts.audit import list_events
from workflow.accounts.credentials import reset_password, set_active
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied

router = APIRouter(tags=["accounts"])
ERRORS = error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput)


class TemporaryPassword(BaseModel):
    person_id: RowId
    temporary_password: str
    must_change_password: bool = True


class AccountState(BaseModel):
    person_id: RowId
    is_active: bool


class AuthEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    kind: str
    username: str | None
    person_id: RowId | None
    actor_id: RowId | None
    client_address: str | None
    detail: str | None


@router.post("/accounts/{person_id}/password-reset", response_model=TemporaryPassword, responses=ERRORS)
def reset(request: Request, person_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    """A temporary password, shown once; the person must change it at first login."""
    password = reset_password(session, actor=actor, person_id=person_id, now=clock.now(),
                              address=client_address(request))
    return TemporaryPassword(person_id=person_id, temporary_password=password)


@router.post("/accounts/{person_id}/deactivate", response_model=AccountState, responses=ERRORS)
def deactivate(request: Request, person_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    person = set_active(session, actor=actor, person_id=person_id, active=False, now=clock.now(),
                        address=client_address(request))
    return AccountState(person_id=person.id, is_active=person.is_active)


@router.post("/accounts/{person_id}/reactivate", response_model=AccountState, responses=ERRORS)
def reactivate(request: Request, person_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    person = set_active(session, actor=actor, person_id=person_id, active=True, now=clock.now(),
                        address=client_address(request))
    return AccountState(person_id=person.id, is_active=person.is_active)


@router.get("/auth-events", response_model=list[AuthEventRead], responses=ERRORS)
def events(actor: CurrentActor, session: DbSession, person_id: RowId | None = None, kind: str | None = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 200):
    return list_events(session, actor=actor, person_id=person_id, kind=kind, limit=limit)
