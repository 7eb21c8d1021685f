"""批量交办: tick many found tickets (after an import or a walk) and assign them in one post.

Each ticket is moved by the same service as on its own page, so each gets its own event and
交办通知; the page then lists what moved and what was refused, with the reasons (per-ticket result).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages.forms import optional_int_or_none
from web.pages.render import Form, PageActor, render
from workflow.actor import Actor
from workflow.bounds import MAX_DB_INT
from workflow.campaigns.service import list_campaigns
from workflow.tickets.bulk_moves import BulkItem, BulkResult, apply_bulk, ensure_may_press, found_for_assignment
from workflow.tickets.worklists import unit_names

router = APIRouter()


@router.get("/tickets/bulk-assign")
def bulk_assign_page(request: Request, actor: PageActor, session: DbSession, campaign_id: str = ""):
    ensure_may_press(actor, "assign")
    return _page(request, session, actor, campaign_id, None)


@router.post("/tickets/bulk-assign", dependencies=[CsrfChecked])
def bulk_assign(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    items = [BulkItem(int(i), int(v)) for raw in form.getlist("ticket")
             if (parts := str(raw).split(":")) and len(parts) == 2
             and all(p.isdigit() and 0 < int(p) <= MAX_DB_INT for p in parts) for i, v in [parts]]
    result = apply_bulk(session, actor=actor, trigger="assign", items=items, now=clock.now(),
                        comment=str(form.get("comment") or "").strip())
    return _page(request, session, actor, str(form.get("campaign_id") or ""), result)


def _page(request: Request, session: Session, actor: Actor, campaign_id: str, result: BulkResult | None):
    wanted = optional_int_or_none(campaign_id)
    tickets = found_for_assignment(session, actor, campaign_id=wanted if wanted and 0 < wanted <= MAX_DB_INT else None)
    shown = tickets + (result.moved if result else [])
    units = unit_names(session, {i for t in shown for i in (t.place_id, t.lead_unit_id)})
    return render(request, "tickets/bulk_assign.html", {
        "tickets": tickets, "units": units, "result": result, "campaign_id": campaign_id,
        "campaigns": list_campaigns(session, actor)}, actor=actor)
