"""Campaign pages: the rounds the actor may see, and one round with its tickets' progress."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import DbSession
from web.pages.render import PageActor, render
from workflow.bounds import RowId
from workflow.campaigns.service import get_campaign, list_campaigns
from workflow.checklists.queries import get_checklist
from workflow.tickets.queries import TicketFilters
from workflow.tickets.worklists import state_counts

router = APIRouter()


@router.get("/campaigns")
def campaigns(request: Request, actor: PageActor, session: DbSession):
    return render(request, "campaigns/list.html", {"campaigns": list_campaigns(session, actor)}, actor=actor)


@router.get("/campaigns/{campaign_id:int}")
def campaign(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession):
    found = get_campaign(session, actor, campaign_id)
    counts = state_counts(session, actor, TicketFilters(campaign_id=found.id))
    checklist = get_checklist(session, found.checklist_id)
    return render(request, "campaigns/detail.html", {"campaign": found, "counts": counts, "checklist": checklist},
                  actor=actor)
