"""Cadence pages: plan campaigns from a template (the office), and a campaign's milestones with the
signed report that ends it. Refusals raise their domain error, shown in Chinese by the error page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from web.api.uploads import uploads_from
from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, render
from workflow.bounds import RowId
from workflow.cadence import milestones
from workflow.cadence.planning import plan_campaigns
from workflow.cadence.templates import TEMPLATES
from workflow.campaigns.service import ensure_editor, ensure_manager, get_campaign
from workflow.deadlines.local_time import local_date
from workflow.errors import DomainError, InvalidInput

router = APIRouter()


@router.get("/cadence")
def cadence_page(request: Request, actor: PageActor):
    ensure_manager(actor)
    return render(request, "campaigns/cadence.html", {"templates": TEMPLATES.values()}, actor=actor)


@router.post("/cadence", dependencies=[CsrfChecked])
def plan(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    count = forms.optional_int(form, "count") or 1
    planned = plan_campaigns(session, actor=actor, template=str(form.get("template") or ""), now=clock.now(),
                             count=count, starts_on=forms.optional_date(form, "starts_on"))
    created = [p for p in planned if p.created]
    message = f"已安排{len(created)}期督查活动" + (f"（{len(planned) - len(created)}期此前已安排）"
                                               if len(created) < len(planned) else "")
    return done(request, f"/campaigns/{planned[0].campaign.id}/milestones", message=message)


@router.get("/campaigns/{campaign_id:int}/milestones")
def milestones_page(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    campaign = get_campaign(session, actor, campaign_id)
    try:
        ensure_editor(session, actor, campaign)
        may_edit = True
    except DomainError:
        may_edit = False
    return render(request, "campaigns/milestones.html", {
        "campaign": campaign, "timeline": milestones.timeline(session, actor, campaign.id), "may_edit": may_edit,
        "today": local_date(clock.now())}, actor=actor)


@router.post("/campaigns/{campaign_id:int}/milestones", dependencies=[CsrfChecked])
def add(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    due_on = forms.optional_date(form, "due_on")
    if due_on is None:
        raise InvalidInput("请填写节点期限", detail={"field": "due_on"})
    milestones.add_milestone(session, actor=actor, campaign_id=campaign_id, name=str(form.get("name") or ""),
                             due_on=due_on, now=clock.now())
    return done(request, f"/campaigns/{campaign_id}/milestones", message="节点已添加")


@router.post("/campaign-milestones/{milestone_id:int}/done", dependencies=[CsrfChecked])
def complete(milestone_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    milestone = milestones.complete_milestone(session, actor=actor, milestone_id=milestone_id, now=clock.now())
    return done(request, f"/campaigns/{milestone.campaign_id}/milestones", message=f"节点已完成：{milestone.name}")


@router.post("/campaigns/{campaign_id:int}/signed-report", dependencies=[CsrfChecked])
def signed_report(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                  store: StoreDep, file: Annotated[UploadFile, File()]):
    milestones.upload_signed_report(session, actor=actor, campaign_id=campaign_id, upload=uploads_from([file])[0],
                                    store=store, now=clock.now())
    return done(request, f"/campaigns/{campaign_id}/milestones", message="签字盖章的工作报告已上传")


@router.post("/campaigns/{campaign_id:int}/end", dependencies=[CsrfChecked])
def end(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    milestones.end_campaign(session, actor=actor, campaign_id=campaign_id, now=clock.now())
    return done(request, f"/campaigns/{campaign_id}/milestones", message="督查活动已结束")
