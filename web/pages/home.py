"""The home page: what the service is, and the state of the ledger for whoever is signed in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from states.ticket import STATE_LABELS, STATES
from web.deps import DbSession
from workflow.accounts.service import actor_for
from workflow.calendar.coverage import coverage
from workflow.deadlines.local_time import local_date
from workflow.tickets.models import Ticket
from workflow.tickets.queries import visible_tickets

router = APIRouter()


@router.get("/")
def home(request: Request, session: DbSession):
    counts = {}
    actor = None
    person_id = request.session.get("pid")
    if person_id is not None:
        actor = actor_for(session, person_id)
        sub = visible_tickets(actor).subquery()
        rows = session.execute(select(sub.c.state, func.count()).group_by(sub.c.state))
        counts = dict(rows.all())
    total = session.scalar(select(func.count(Ticket.id)))
    # Issue 3: a year the working-day calendar does not cover is said out loud, never guessed.
    warnings = coverage(session, today=local_date(request.app.state.clock.now())).warnings
    return request.app.state.templates.TemplateResponse(
        request, "home.html",
        {"actor": actor, "counts": counts, "states": STATES, "labels": STATE_LABELS, "total": total,
         "calendar_warnings": warnings},
    )


@router.get("/healthz")
def healthz(session: DbSession):
    session.execute(select(1))
    return {"status": "ok"}
