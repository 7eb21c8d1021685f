"""Signing in and out with the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS: web/app.py).

The cookie holds only a random session id; the session lives in ``auth_session`` and is rotated at
every login and revoked at logout (workflow/accounts/login.py).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from web.csrf import CsrfChecked, rotate_token
from web.deps import PASSWORD_PAGE, SESSION_KEY, ClockDep, DbSession, client_address, cookie_actor
from web.pages.render import Form, local_path, render
from workflow.accounts.login import close_session, open_session, sign_in
from workflow.errors import NotAuthenticated

router = APIRouter()


@router.get("/login")
def login_form(request: Request, session: DbSession, next: str = "/"):
    try:
        actor = cookie_actor(request, session)
    except NotAuthenticated:
        actor = None
    return render(request, "login.html", {"next": local_path(next), "username": ""}, actor=actor)


@router.post("/login", dependencies=[CsrfChecked])
def login(request: Request, session: DbSession, clock: ClockDep, form: Form):
    username = str(form.get("username", "")).strip()
    next_url = local_path(str(form.get("next", "/")))
    now, address = clock.now(), client_address(request)
    outcome = sign_in(session, username=username, password=str(form.get("password", "")), address=address, now=now)
    if outcome.refusal is not None:
        ctx = {"next": next_url, "username": username, "error": outcome.refusal.message}
        response = render(request, "login.html", ctx, status=outcome.refusal.status)
        response.headers.update(getattr(outcome.refusal, "headers", None) or {})
        return response
    person = outcome.person
    ttl = timedelta(seconds=request.app.state.settings.token_max_age_seconds)
    request.session.clear()
    request.session[SESSION_KEY] = open_session(session, person, now=now, ttl=ttl, address=address)
    rotate_token(request)
    return RedirectResponse(PASSWORD_PAGE if person.must_change_password else next_url, status_code=303)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, session: DbSession, clock: ClockDep):
    raw = request.session.get(SESSION_KEY)
    if raw:
        close_session(session, raw, now=clock.now(), address=client_address(request))
    request.session.clear()
    rotate_token(request)
    return RedirectResponse("/login", status_code=303)
