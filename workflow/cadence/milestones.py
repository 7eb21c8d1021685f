"""A campaign's milestones: read, add, mark done; the signed report closes; the end needs it (rule 16).

001: 「形成“工作报告”由主要领导签字并加盖公章报送」 — the closing milestone is done only by uploading the
signed, sealed report (a PDF or a photo of it); ``end_campaign`` refuses until it is there. The office that
runs the campaign does all of this; everyone who sees the campaign sees its milestones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.adminlog import service as adminlog
from workflow.cadence.models import CampaignEnd, CampaignMilestone
from workflow.cadence.templates import SIGNED_REPORT
from workflow.campaigns.access import campaign_for_editing
from workflow.campaigns.service import get_campaign
from workflow.errors import InvalidInput, NotFound
from workflow.tickets.storage import EvidenceStore
from workflow.uploads import kinds
from workflow.uploads.checks import Upload, check_uploads

REPORT_KINDS = (kinds.PDF, kinds.JPEG, kinds.PNG)
NO_REPORT = "须先上传主要领导签字并加盖公章的工作报告，才能结束本次督查"


@dataclass
class Timeline:
    milestones: list[CampaignMilestone]
    ended: CampaignEnd | None

    @property
    def closing(self) -> CampaignMilestone | None:
        return next((m for m in self.milestones if m.is_closing), None)


def timeline(session: Session, actor: Actor, campaign_id: int) -> Timeline:
    campaign = get_campaign(session, actor, campaign_id)
    milestones = list(session.scalars(select(CampaignMilestone).where(CampaignMilestone.campaign_id == campaign.id)
                                      .order_by(CampaignMilestone.due_on, CampaignMilestone.position)))
    return Timeline(milestones, session.get(CampaignEnd, campaign.id))


def add_milestone(session: Session, *, actor: Actor, campaign_id: int, name: str, due_on: date,
                  now: datetime) -> CampaignMilestone:
    campaign = campaign_for_editing(session, actor, campaign_id)
    _not_ended(session, campaign.id)
    if not name.strip():
        raise InvalidInput("节点名称不能为空", detail={"field": "name"})
    milestone = CampaignMilestone(campaign_id=campaign.id, position=_next_position(session, campaign.id),
                                  name=name.strip()[:200], due_on=due_on)
    session.add(milestone)
    session.flush()
    adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=campaign.id, action="create",
                    after=adminlog.snapshot(milestone), summary=f"新增节点：{milestone.name}（{due_on}）")
    return milestone


def complete_milestone(session: Session, *, actor: Actor, milestone_id: int, now: datetime) -> CampaignMilestone:
    milestone = _milestone(session, actor, milestone_id)
    campaign_for_editing(session, actor, milestone.campaign_id)
    if milestone.is_closing:
        raise InvalidInput("该节点须上传签字盖章的工作报告后才算完成", detail={"field": "file"})
    if milestone.done_at is None:
        milestone.done_at, milestone.done_by = now, actor.person_id
        session.flush()
        adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=milestone.campaign_id,
                        action="update", after={"milestone_id": milestone.id, "done": True},
                        summary=f"节点完成：{milestone.name}")
    return milestone


def upload_signed_report(session: Session, *, actor: Actor, campaign_id: int, upload: Upload, store: EvidenceStore,
                         now: datetime) -> CampaignMilestone:
    """The closing milestone done with the report's file; a campaign planned by hand gets one now."""
    campaign = campaign_for_editing(session, actor, campaign_id)
    _not_ended(session, campaign.id)
    checked = check_uploads([upload], allowed=REPORT_KINDS)[0]
    closing = session.scalar(select(CampaignMilestone).where(CampaignMilestone.campaign_id == campaign.id,
                                                             CampaignMilestone.is_closing))
    if closing is None:
        closing = CampaignMilestone(campaign_id=campaign.id, position=_next_position(session, campaign.id),
                                    name=SIGNED_REPORT, due_on=campaign.ends_on, is_closing=True)
        session.add(closing)
    closing.report_sha256 = store.put(checked.content, thumbnail=checked.thumbnail)
    closing.report_filename = checked.filename
    closing.done_at, closing.done_by = now, actor.person_id
    session.flush()
    adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=campaign.id, action="update",
                    after={"milestone_id": closing.id, "report": checked.filename, "sha256": closing.report_sha256},
                    summary=f"上传签字盖章的工作报告：{checked.filename}")
    return closing


def end_campaign(session: Session, *, actor: Actor, campaign_id: int, now: datetime) -> CampaignEnd:
    campaign = campaign_for_editing(session, actor, campaign_id)
    ended = session.get(CampaignEnd, campaign.id)
    if ended is not None:
        return ended
    closing = session.scalar(select(CampaignMilestone).where(CampaignMilestone.campaign_id == campaign.id,
                                                             CampaignMilestone.is_closing))
    if closing is None or closing.done_at is None or not closing.report_sha256:
        raise InvalidInput(NO_REPORT, detail={"field": "file"})
    ended = CampaignEnd(campaign_id=campaign.id, ended_at=now, ended_by=actor.person_id)
    session.add(ended)
    session.flush()
    adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=campaign.id, action="update",
                    after={"ended": True}, summary=f"督查活动结束：{campaign.name}")
    return ended


def signed_report(session: Session, actor: Actor, campaign_id: int, store: EvidenceStore) -> tuple[str, bytes]:
    closing = timeline(session, actor, campaign_id).closing
    if closing is None or not closing.report_sha256:
        raise NotFound("尚未上传签字盖章的工作报告")
    return closing.report_filename or "工作报告", store.read(closing.report_sha256)


def _milestone(session: Session, actor: Actor, milestone_id: int) -> CampaignMilestone:
    milestone = session.get(CampaignMilestone, milestone_id)
    if milestone is None:
        raise NotFound("节点不存在或无权查看")
    get_campaign(session, actor, milestone.campaign_id)
    return milestone


def _next_position(session: Session, campaign_id: int) -> int:
    return (session.scalar(select(func.max(CampaignMilestone.position))
                           .where(CampaignMilestone.campaign_id == campaign_id)) or 0) + 1


def _not_ended(session: Session, campaign_id: int) -> None:
    if session.get(CampaignEnd, campaign_id) is not None:
        raise InvalidInput("本次督查已结束", detail={"field": "campaign_id"})


__all__ = ["NO_REPORT", "Timeline", "add_milestone", "complete_milestone", "end_campaign", "signed_report",
           "timeline", "upload_signed_report"]
