"""Reminding the office of campaign milestones (rules 15, 16): once when one nears, once when it passes.

Run by the sweep with its ``now``. A milestone not done, of a campaign not ended, due within
``NEAR_DAYS`` local days gets a ``milestone`` outbox message for the campaign's owner unit (the
office's channels, ``notifiers/routing.py``); once its day has passed, an overdue one. The dedupe key
names the milestone, the stage and the due date, so a second sweep enqueues nothing, and a milestone
moved to another day is reminded again. Reads go through the indexed ``due_on``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.cadence.models import CampaignEnd, CampaignMilestone
from workflow.campaigns.models import Campaign
from workflow.deadlines.local_time import local_date
from workflow.outbox.service import enqueue

NEAR_DAYS = 3


def remind_milestones(session: Session, *, now: datetime) -> int:
    today = local_date(now)
    rows = session.execute(
        select(CampaignMilestone, Campaign).join(Campaign, Campaign.id == CampaignMilestone.campaign_id)
        .where(CampaignMilestone.done_at.is_(None), CampaignMilestone.due_on <= today + timedelta(days=NEAR_DAYS),
               ~select(CampaignEnd.campaign_id).where(CampaignEnd.campaign_id == Campaign.id).exists())
        .order_by(CampaignMilestone.due_on, CampaignMilestone.id)).all()
    sent = 0
    for milestone, campaign in rows:
        stage = "overdue" if milestone.due_on < today else "near"
        days = (milestone.due_on - today).days
        sent += enqueue(session, kind="milestone", dedupe_key=f"campaign-milestone:{milestone.id}:{stage}:"
                        f"{milestone.due_on.isoformat()}", at=now, unit_id=campaign.owner_unit_id, payload={
                            "campaign_id": campaign.id, "campaign_name": campaign.name,
                            "milestone_id": milestone.id, "milestone": milestone.name,
                            "due_on": milestone.due_on.isoformat(), "stage": stage,
                            "days_left": max(days, 0), "days_late": max(-days, 0),
                            "closing": milestone.is_closing})
    return sent


__all__ = ["NEAR_DAYS", "remind_milestones"]
