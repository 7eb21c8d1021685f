"""The home page: what the service is, and the state of the ledger for whoever is signed in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from states.ticket import STATE_LABELS, STATES
from web.deps import DbSession
from web.pages.render import MANAGERS, optional_page_actor
from workflow.calendar.coverage import coverage
from workflow.deadlines.local_time import local_date
from workflow.tickets.my_work import home_line
from workflow.tickets.queries import visible_tickets

router = APIRouter()


@router.get("/")
def home(request: Request, session: DbSession):
    actor = optional_page_actor(request, session)
    if actor is None:  # an anonymous visitor learns nothing about the ledger, not even its size or its calendar
        return _home(request, {"actor": None, "counts": {}, "states": STATES, "labels": STATE_LABELS})
    sub = visible_tickets(actor).subquery()
    counts = dict(session.execute(select(sub.c.state, func.count()).group_by(sub.c.state)).all())
    now = request.app.state.clock.now()
    # Issue 3: a year the working-day calendar does not cover is said out loud, to those who can import it.
    warnings = coverage(session, today=local_date(now)).warnings if actor.roles & MANAGERS else []
    return _home(request, {
        "actor": actor, "counts": counts, "states": STATES, "labels": STATE_LABELS, "calendar_warnings": warnings,
        "line": home_line(session, actor, now=now) if actor.has_any("operator") else None,
        "password_changed": "password_changed" in request.query_params})


def _home(request: Request, context: dict):
    """Not ``render``: the home page leaves queued flashes (web/pages/flash.py) alone, for the page the redirect
    after a form leads to; another tab opening 首页 meanwhile must not swallow 「已交办」."""
    return request.app.state.templates.TemplateResponse(request, "home.html", context)
