"""Setting the first admin's password through the one-time link ``zhenggai setup --one-time-link`` printed;
a used or expired link answers 404 with the reason. On success the admin is signed in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from web.csrf import CsrfChecked, rotate_token
from web.deps import DbSession, SettingsDep
from web.pages.render import Form, render
from workflow.errors import InvalidInput
from workflow.first_login import person_for, set_password

router = APIRouter()


@router.get("/first-login/{token}")
def first_login_form(token: str, request: Request, session: DbSession, settings: SettingsDep):
    person = person_for(session, settings.resolved_secret(), token)
    return render(request, "first_login.html", {"person": person, "token": token})


@router.post("/first-login/{token}", dependencies=[CsrfChecked])
def first_login(token: str, request: Request, session: DbSession, settings: SettingsDep, form: Form):
    try:
        person = set_password(session, settings.resolved_secret(), token, str(form.get("password") or ""),
                              str(form.get("again") or ""))
    except InvalidInput as exc:
        session.rollback()
        person = person_for(session, settings.resolved_secret(), token)
        return render(request, "first_login.html", {"person": person, "token": token, "error": exc.message},
                      status=422)
    request.session.clear()
    request.session["pid"] = person.id
    rotate_token(request)
    return RedirectResponse("/org-units", status_code=303)
