"""The lists people work from: my tickets (town/village), what I filed and the verification queue (inspector)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import DbSession
from web.pages.render import PageActor, lights_for, render
from workflow.tickets import worklists

router = APIRouter()


@router.get("/my/tickets")
def my_tickets(request: Request, actor: PageActor, session: DbSession):
    return _ticket_list(request, actor, session, "worklists/my_tickets.html", worklists.my_open_tickets(session, actor))


@router.get("/my/filed")
def filed(request: Request, actor: PageActor, session: DbSession):
    return _ticket_list(request, actor, session, "worklists/filed.html", worklists.filed_by_me(session, actor))


def _ticket_list(request: Request, actor, session, template: str, tickets: list):
    units = worklists.unit_names(session, {i for t in tickets for i in (t.place_id, t.lead_unit_id)})
    return render(request, template, {"tickets": tickets, "units": units, "limit": worklists.LIMIT,
                                      "lights": lights_for(request, session, tickets)}, actor=actor)


@router.get("/verify")
def verification_queue(request: Request, actor: PageActor, session: DbSession):
    queue = worklists.verification_queue(session, actor)
    units = worklists.unit_names(session, {i for q in queue for i in (q.ticket.place_id, q.ticket.lead_unit_id)})
    return render(request, "worklists/verify.html", {"queue": queue, "units": units}, actor=actor)
