"""The lists people work from: my tickets in four buckets (town/village), what I filed, the verification
queue (inspector), 待交办 (inspector, office) and 待销号 (office)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import DbSession
from web.pages.forms import optional_int_or_none
from web.pages.render import PageActor, lights_for, render
from workflow.tickets import my_work, worklists
from workflow.tickets.rework import reworked_ids

router = APIRouter()


@router.get("/my/tickets")
def my_tickets(request: Request, actor: PageActor, session: DbSession, q: str = "", unit: str = ""):
    text, unit_id = q.strip()[:100], optional_int_or_none(unit)
    buckets = my_work.my_buckets(session, actor, text=text, unit_id=unit_id)
    tickets = [t for b in buckets for t in b.tickets]
    return render(request, "worklists/my_tickets.html", {
        **_list_context(request, session, tickets), "buckets": buckets, "q": text, "unit": unit_id,
        "villages": my_work.villages_of(session, actor)}, actor=actor)


@router.get("/my/filed")
def filed(request: Request, actor: PageActor, session: DbSession):
    tickets = worklists.filed_by_me(session, actor)
    return render(request, "worklists/filed.html", _list_context(request, session, tickets), actor=actor)


@router.get("/to-assign")
def pending_assignment(request: Request, actor: PageActor, session: DbSession):
    tickets = my_work.pending_assignment(session, actor)
    return render(request, "worklists/to_assign.html", _list_context(request, session, tickets), actor=actor)


@router.get("/to-close")
def pending_closure(request: Request, actor: PageActor, session: DbSession):
    tickets = my_work.pending_closure(session, actor)
    return render(request, "worklists/to_close.html", _list_context(request, session, tickets), actor=actor)


def _list_context(request: Request, session, tickets: list) -> dict:
    units = worklists.unit_names(session, {i for t in tickets for i in (t.place_id, t.lead_unit_id)})
    return {"tickets": tickets, "units": units, "limit": worklists.LIMIT, "reworked": reworked_ids(session,
            [t.id for t in tickets]), "lights": lights_for(request, session, tickets)}


@router.get("/verify")
def verification_queue(request: Request, actor: PageActor, session: DbSession):
    queue = worklists.verification_queue(session, actor)
    units = worklists.unit_names(session, {i for q in queue for i in (q.ticket.place_id, q.ticket.lead_unit_id)})
    return render(request, "worklists/verify.html", {"queue": queue, "units": units}, actor=actor)
