"""Username and password in, bearer token out; and changing one's own password.

The token endpoint is throttled per account and per address (429 with Retry-After) and records every
failure (workflow/accounts/login.py). After an admin's reset, a token works only for ``/auth/me`` and
``/auth/password`` until the password is changed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from web.api.responses import error_responses
from web.deps import AnyActor, ClockDep, DbSession, SettingsDep, client_address
from web.errors import refusal_response
from workflow.accounts.credentials import change_own_password
from workflow.accounts.login import sign_in
from workflow.accounts.throttle import LoginThrottled
from workflow.accounts.tokens import issue_token
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated

router = APIRouter(prefix="/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    must_change_password: bool = False


class Me(BaseModel):
    person_id: RowId | None
    name: str
    roles: list[str]
    unit_id: RowId
    must_change_password: bool = False


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


@router.post("/token", response_model=Token, responses=error_responses(NotAuthenticated, LoginThrottled))
def login(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()], session: DbSession,
          settings: SettingsDep, clock: ClockDep):
    outcome = sign_in(session, username=form.username, password=form.password, address=client_address(request),
                      now=clock.now())
    if outcome.refusal is not None:
        return refusal_response(request, outcome.refusal)  # returned, not raised: the failure is committed
    person = outcome.person
    return Token(access_token=issue_token(settings.resolved_secret(), person.id, person.auth_epoch),
                 must_change_password=person.must_change_password)


@router.get("/me", response_model=Me, responses=error_responses(NotAuthenticated))
def me(actor: AnyActor):
    return Me(person_id=actor.person_id, name=actor.name, roles=sorted(actor.roles), unit_id=actor.unit_id,
              must_change_password=actor.must_change_password)


@router.post("/password", response_model=Token, responses=error_responses(NotAuthenticated, InvalidInput))
def change_password(request: Request, body: PasswordChange, actor: AnyActor, session: DbSession,
                    settings: SettingsDep, clock: ClockDep):
    """Every other session and token of the account ends; the reply carries a new token."""
    person = change_own_password(session, actor=actor, current=body.current_password, new=body.new_password,
                                 now=clock.now(), address=client_address(request))
    return Token(access_token=issue_token(settings.resolved_secret(), person.id, person.auth_epoch))
