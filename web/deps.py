"""Request dependencies: the session (commits once on success), the clock, and the current actor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from web.csrf import SAFE_METHODS, check_header
from workflow.accounts.login import session_person_id
from workflow.accounts.service import actor_for
from workflow.accounts.tokens import read_token
from workflow.actor import Actor
from workflow.clock import Clock
from workflow.errors import NotAuthenticated, PermissionDenied
from workflow.settings import Settings
from workflow.tickets.storage import EvidenceStore

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit when the handler returns, roll back on any exception.

    Safe methods get a read session, which on SQLite never waits for the write lock.
    """
    readonly = request.method in ("GET", "HEAD", "OPTIONS")
    session = (request.app.state.read_sessions if readonly else request.app.state.sessions)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_clock(request: Request) -> Clock:
    return request.app.state.clock


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> EvidenceStore:
    return request.app.state.store


# scope="function": commit before the response is sent. FastAPI's default ends a yield dependency after
# the response, so a client following a 303 or a 201 could read before the commit (seen in the browser
# tests), and a failing commit would come after a success reply.
DbSession = Annotated[Session, Depends(get_session, scope="function")]
ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[EvidenceStore, Depends(get_store)]


SESSION_KEY = "sid"  # the random session id in the signed cookie (workflow/accounts/login.py)
PASSWORD_PAGE = "/account/password"


class PasswordChangeRequired(PermissionDenied):
    code = "password_change_required"
    message = "管理员已重置您的密码，请先修改密码"


def client_address(request: Request) -> str | None:
    """The caller's address; behind a proxy, uvicorn's ``--forwarded-allow-ips`` puts the real one here."""
    return request.client.host if request.client else None


def cookie_actor(request: Request, session: Session) -> Actor:
    """The person of a live server-side session, or NotAuthenticated."""
    raw = request.session.get(SESSION_KEY) if "session" in request.scope else None
    if not raw:
        raise NotAuthenticated()
    return actor_for(session, session_person_id(session, raw))


def any_actor(
    request: Request, session: DbSession, settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2)] = None,
) -> Actor:
    """Bearer token or session cookie, even while a password change is pending (only the change uses this)."""
    if token:
        person_id, epoch = read_token(settings.resolved_secret(), token, max_age=settings.token_max_age_seconds)
        return actor_for(session, person_id, epoch=epoch)
    actor = cookie_actor(request, session)
    if request.method not in SAFE_METHODS and request.url.path.startswith("/api/"):
        check_header(request)  # the session cookie writes to the API only with the page's CSRF token
    return actor


def current_actor(actor: Annotated[Actor, Depends(any_actor)]) -> Actor:
    if actor.must_change_password:
        raise PasswordChangeRequired()
    return actor


AnyActor = Annotated[Actor, Depends(any_actor)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
