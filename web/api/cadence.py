"""Cadence: plan campaigns from a template, a campaign's milestones, the signed report, the end."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from web.api.downloads import attachment
from web.api.responses import error_responses
from web.api.uploads import uploads_from
from web.deps import ClockDep, CurrentActor, DbSession, StoreDep
from workflow.bounds import CivilDate, RowId
from workflow.cadence import milestones
from workflow.cadence.planning import plan_campaigns
from workflow.cadence.templates import TEMPLATES
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied

router = APIRouter(tags=["cadence"])


class PlanIn(BaseModel):
    template: str = Field(max_length=40)
    count: int = Field(default=1, ge=1, le=12)
    starts_on: CivilDate | None = None


class PlannedRead(BaseModel):
    campaign_id: int
    name: str
    starts_on: date
    ends_on: date
    created: bool


class MilestoneRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    due_on: date
    is_closing: bool
    done_at: datetime | None
    report_filename: str | None


class TimelineRead(BaseModel):
    milestones: list[MilestoneRead]
    ended_at: datetime | None


class MilestoneIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    due_on: CivilDate


@router.get("/cadence/templates", responses=error_responses(NotAuthenticated))
def templates(actor: CurrentActor):
    return [{"key": t.key, "title": t.title, "seed": t.seed, "kind": t.kind,
             "steps": [s.name for s in t.steps]} for t in TEMPLATES.values()]


@router.post("/cadence/plans", response_model=list[PlannedRead], status_code=201,
             responses=error_responses(NotAuthenticated, PermissionDenied, InvalidInput))
def plan(body: PlanIn, actor: CurrentActor, session: DbSession, clock: ClockDep):
    """The next ``count`` periods' campaigns with their milestones; a period planned before is not repeated."""
    planned = plan_campaigns(session, actor=actor, template=body.template, now=clock.now(), count=body.count,
                             starts_on=body.starts_on)
    return [PlannedRead(campaign_id=p.campaign.id, name=p.campaign.name, starts_on=p.campaign.starts_on,
                        ends_on=p.campaign.ends_on, created=p.created) for p in planned]


@router.get("/campaigns/{campaign_id}/milestones", response_model=TimelineRead,
            responses=error_responses(NotAuthenticated, NotFound))
def timeline(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    found = milestones.timeline(session, actor, campaign_id)
    return TimelineRead(milestones=found.milestones, ended_at=found.ended.ended_at if found.ended else None)


@router.post("/campaigns/{campaign_id}/milestones", response_model=MilestoneRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def add(campaign_id: RowId, body: MilestoneIn, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return milestones.add_milestone(session, actor=actor, campaign_id=campaign_id, name=body.name,
                                    due_on=body.due_on, now=clock.now())


@router.post("/campaign-milestones/{milestone_id}/done", response_model=MilestoneRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def done(milestone_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return milestones.complete_milestone(session, actor=actor, milestone_id=milestone_id, now=clock.now())


@router.post("/campaigns/{campaign_id}/signed-report", response_model=MilestoneRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def signed_report(campaign_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, store: StoreDep,
                  file: Annotated[UploadFile, File()]):
    """The signed, sealed 工作报告 (PDF or photo): the closing milestone is done with it."""
    return milestones.upload_signed_report(session, actor=actor, campaign_id=campaign_id,
                                           upload=uploads_from([file])[0], store=store, now=clock.now())


@router.get("/campaigns/{campaign_id}/signed-report", responses=error_responses(NotAuthenticated, NotFound))
def download_report(campaign_id: RowId, actor: CurrentActor, session: DbSession, store: StoreDep):
    name, content = milestones.signed_report(session, actor, campaign_id, store)
    return attachment(content, name, "application/octet-stream")


@router.post("/campaigns/{campaign_id}/end", response_model=TimelineRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def end(campaign_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    """Refused (422) until the signed report is uploaded."""
    milestones.end_campaign(session, actor=actor, campaign_id=campaign_id, now=clock.now())
    return timeline(campaign_id, actor, session)
