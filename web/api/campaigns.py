"""Campaigns (督查/督导 rounds): list, create, edit, progress, and starting a checklist walk."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.campaigns import service
from workflow.campaigns.schemas import CampaignCreate, CampaignProgress, CampaignRead
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.inspections.queries import read_inspection
from workflow.inspections.schemas import InspectionRead, InspectionStart
from workflow.inspections.service import start_inspection

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


@router.put("/{campaign_id}", response_model=CampaignRead,
            responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def update_campaign(campaign_id: RowId, body: CampaignCreate, actor: CurrentActor, session: DbSession):
    return service.update_campaign(session, actor=actor, campaign_id=campaign_id, data=body)


@router.get("/{campaign_id}/progress", response_model=CampaignProgress,
            responses=error_responses(NotAuthenticated, NotFound))
def campaign_progress(campaign_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return service.campaign_progress(session, actor, campaign_id, now=clock.now())


@router.post("/{campaign_id}/inspections", response_model=InspectionRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def start_walk(campaign_id: RowId, body: InspectionStart, actor: CurrentActor, session: DbSession, clock: ClockDep):
    """Start the checklist walk at a place, or resume the one already there (same record)."""
    inspection = start_inspection(session, actor=actor, campaign_id=campaign_id, place_id=body.place_id,
                                  now=clock.now())
    return read_inspection(session, actor, inspection.id)
