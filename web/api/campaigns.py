"""Campaigns (督查/督导 rounds)."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.campaigns import service
from workflow.campaigns.schemas import CampaignCreate, CampaignRead
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied

router = APIRouter(prefix="/campaigns", tags=["campaigns"])


@router.get("", response_model=list[CampaignRead], responses=error_responses(NotAuthenticated))
def list_campaigns(actor: CurrentActor, session: DbSession):
    return service.list_campaigns(session, actor)


@router.post("", response_model=CampaignRead, status_code=201,
             responses=error_responses(NotAuthenticated, PermissionDenied, InvalidInput))
def create_campaign(body: CampaignCreate, actor: CurrentActor, session: DbSession):
    return service.create_campaign(session, actor=actor, data=body)


@router.get("/{campaign_id}", response_model=CampaignRead, responses=error_responses(NotAuthenticated, NotFound))
def get_campaign(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    return service.get_campaign(session, actor, campaign_id)
