"""The campaign's timeline (campaign_event): draws, deduction changes, bonus proposals and decisions.

Read by the office and inspectors only, like samples: the draw events name the villages to be visited.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.campaigns.events import events_of
from workflow.campaigns.service import get_campaign
from workflow.errors import NotAuthenticated, NotFound, PermissionDenied
from workflow.sampling.service import ensure_sample_reader

router = APIRouter(prefix="/campaigns", tags=["campaigns"])


class CampaignEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    kind_label: str
    actor_id: int | None
    at: datetime
    summary: str
    data: dict | None


@router.get("/{campaign_id}/events", response_model=list[CampaignEventRead],
            responses=error_responses(NotAuthenticated, NotFound, PermissionDenied))
def campaign_events(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    campaign = get_campaign(session, actor, campaign_id)
    ensure_sample_reader(actor)
    return events_of(session, campaign.id)
