"""Username and password in, bearer token out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession, SettingsDep
from workflow.accounts.service import authenticate
from workflow.accounts.tokens import issue_token
from workflow.errors import NotAuthenticated

router = APIRouter(prefix="/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    person_id: int | None
    name: str
    roles: list[str]
    unit_id: int


@router.post("/token", response_model=Token, responses=error_responses(NotAuthenticated))
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], session: DbSession, settings: SettingsDep):
    person = authenticate(session, form.username, form.password)
    return Token(access_token=issue_token(settings.resolved_secret(), person.id))


@router.get("/me", response_model=Me, responses=error_responses(NotAuthenticated))
def me(actor: CurrentActor):
    return Me(person_id=actor.person_id, name=actor.name, roles=sorted(actor.roles), unit_id=actor.unit_id)
