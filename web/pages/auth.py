"""Signing in and out with the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS: web/app.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from web.csrf import CsrfChecked, rotate_token
from web.deps import DbSession
from web.pages.render import Form, local_path, render
from workflow.accounts.service import actor_for, authenticate
from workflow.errors import NotAuthenticated

router = APIRouter()


@router.get("/login")
def login_form(request: Request, session: DbSession, next: str = "/"):
    actor = None
    if request.session.get("pid") is not None:
        try:
            actor = actor_for(session, request.session["pid"])
        except NotAuthenticated:
            request.session.pop("pid")  # a deactivated account signs in again
    return render(request, "login.html", {"next": local_path(next), "username": ""}, actor=actor)


@router.post("/login", dependencies=[CsrfChecked])
def login(request: Request, session: DbSession, form: Form):
    username = str(form.get("username", "")).strip()
    next_url = local_path(str(form.get("next", "/")))
    try:
        person = authenticate(session, username, str(form.get("password", "")))
    except NotAuthenticated as exc:
        ctx = {"next": next_url, "username": username, "error": exc.message}
        return render(request, "login.html", ctx, status=401)
    request.session.clear()
    request.session["pid"] = person.id
    rotate_token(request)
    return RedirectResponse(next_url, status_code=303)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request):
    request.session.clear()
    rotate_token(request)
    return RedirectResponse("/login", status_code=303)
