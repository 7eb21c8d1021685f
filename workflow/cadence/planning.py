"""Planning campaigns from a cadence template: the next period(s), each a campaign with its milestones.

``plan_campaigns`` creates, for the office's unit, the campaigns of the next ``count`` periods after
today (or from the period containing ``starts_on``), through the campaign service (same checks), with
the template's dated milestones. A period planned before is skipped (``campaign_plan`` is unique per
template, unit and period), so planning twice, or from two tabs, creates nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.adminlog import service as adminlog
from workflow.cadence.models import CampaignMilestone, CampaignPlan
from workflow.cadence.templates import TEMPLATES, Template
from workflow.campaigns.models import Campaign
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign, ensure_manager
from workflow.deadlines.local_time import local_date
from workflow.errors import InvalidInput

MAX_PERIODS = 12


@dataclass
class Planned:
    campaign: Campaign
    created: bool


def template_of(key: str) -> Template:
    template = TEMPLATES.get(key)
    if template is None:
        raise InvalidInput(f"未知的督查周期模板：{key}（可选：{'、'.join(TEMPLATES)}）", detail={"field": "template"})
    return template


def plan_campaigns(session: Session, *, actor: Actor, template: str, now: datetime, count: int = 1,
                   starts_on: date | None = None) -> list[Planned]:
    ensure_manager(actor)
    chosen = template_of(template)
    if not 1 <= count <= MAX_PERIODS:
        raise InvalidInput(f"一次最多安排 {MAX_PERIODS} 期", detail={"field": "count"})
    today = local_date(now)
    if starts_on is not None:
        start = chosen.period_start(starts_on)
    else:
        start = chosen.period_start(today)
        if start <= today:
            start = chosen.next_start(start)
    planned = []
    for _ in range(count):
        planned.append(_plan_one(session, actor, chosen, start, now))
        start = chosen.next_start(start)
    return planned


def _plan_one(session: Session, actor: Actor, template: Template, start: date, now: datetime) -> Planned:
    existing = session.scalar(select(Campaign).join(CampaignPlan, CampaignPlan.campaign_id == Campaign.id).where(
        CampaignPlan.template == template.key, CampaignPlan.owner_unit_id == actor.unit_id,
        CampaignPlan.period_start == start))
    if existing is not None:
        return Planned(existing, False)
    try:
        with session.begin_nested():
            campaign = _create(session, actor, template, start)
    except IntegrityError:  # the same period planned a moment ago from another tab: answer that one
        return _plan_one(session, actor, template, start, now)
    adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=campaign.id, action="create",
                    after={"template": template.key, "period_start": start.isoformat()},
                    summary=f"按模板安排督查活动：{campaign.name}")
    return Planned(campaign, True)


def _create(session: Session, actor: Actor, template: Template, start: date) -> Campaign:
    campaign = create_campaign(session, actor=actor, data=CampaignCreate(
        name=f"{template.label(start)}{template.title}", kind=template.kind, starts_on=start,
        ends_on=template.period_end(start), description=f"按督查周期模板“{template.title}”（种子{template.seed}）安排"))
    session.add(CampaignPlan(template=template.key, owner_unit_id=actor.unit_id, period_start=start,
                             campaign_id=campaign.id))
    for position, step in enumerate(template.steps, start=1):
        session.add(CampaignMilestone(campaign_id=campaign.id, position=position, name=step.name,
                                      due_on=template.due_on(step, start), is_closing=step.closing))
    session.flush()
    return campaign


__all__ = ["MAX_PERIODS", "Planned", "plan_campaigns", "template_of"]
