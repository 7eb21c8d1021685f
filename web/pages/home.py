"""The home page: what the service is, and the state of the ledger for whoever is signed in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from states.ticket import STATE_LABELS, STATES
from web.deps import DbSession
from web.pages.render import optional_page_actor
from workflow.calendar.coverage import coverage
from workflow.deadlines.local_time import local_date
from workflow.tickets.queries import visible_tickets

router = APIRouter()


@router.get("/")
def home(request: Request, session: DbSession):
    counts = {}
    actor = optional_page_actor(request, session)
    if actor is not None:  # an anonymous visitor learns nothing about the ledger, not even its size
        sub = visible_tickets(actor).subquery()
        rows = session.execute(select(sub.c.state, func.count()).group_by(sub.c.state))
        counts = dict(rows.all())
    # Issue 3: a year the working-day calendar does not cover is said out loud, never guessed.
    warnings = coverage(session, today=local_date(request.app.state.clock.now())).warnings
    return request.app.state.templates.TemplateResponse(
        request, "home.html",
        {"actor": actor, "counts": counts, "states": STATES, "labels": STATE_LABELS, "calendar_warnings": warnings,
         "password_changed": actor is not None and "password_changed" in request.query_params},
    )
