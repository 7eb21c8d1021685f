"""My password (issue 12): change it here, and nothing else works until it is changed after an admin's reset.

Changing it ends every session and token of the account; this browser gets a fresh session at once.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from web.csrf import CsrfChecked, rotate_token
from web.deps import PASSWORD_PAGE, SESSION_KEY, ClockDep, DbSession, client_address, cookie_actor
from web.pages.render import Form, render
from workflow.accounts.credentials import change_own_password
from workflow.accounts.login import open_session
from workflow.accounts.passwords import MIN_LENGTH
from workflow.errors import InvalidInput

router = APIRouter()
TEMPLATE = "account/password.html"


@router.get(PASSWORD_PAGE)
def password_form(request: Request, session: DbSession):
    actor = cookie_actor(request, session)
    return render(request, TEMPLATE, {"min_length": MIN_LENGTH, "forced": actor.must_change_password}, actor=actor)


@router.post(PASSWORD_PAGE, dependencies=[CsrfChecked])
def change_password(request: Request, session: DbSession, clock: ClockDep, form: Form):
    actor = cookie_actor(request, session)
    new = str(form.get("new_password", ""))
    try:
        if new != str(form.get("confirm_password", "")):
            raise InvalidInput("两次输入的新密码不一致", detail={"field": "confirm_password"})
        person = change_own_password(session, actor=actor, current=str(form.get("current_password", "")), new=new,
                                     now=clock.now(), address=client_address(request))
    except InvalidInput as exc:
        session.rollback()
        ctx = {"min_length": MIN_LENGTH, "forced": actor.must_change_password, "error": exc.message}
        return render(request, TEMPLATE, ctx, actor=actor, status=exc.status)
    ttl = timedelta(seconds=request.app.state.settings.token_max_age_seconds)
    request.session.clear()
    request.session[SESSION_KEY] = open_session(session, person, now=clock.now(), ttl=ttl,
                                                address=client_address(request))
    rotate_token(request)
    return RedirectResponse("/?password_changed=1", status_code=303)
