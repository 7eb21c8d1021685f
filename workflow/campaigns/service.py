"""Campaign verbs and scoped reads. A campaign belongs to the unit of the office that runs it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import CAMPAIGN_KINDS, Campaign, CampaignScope
from workflow.campaigns.schemas import CampaignCreate
from workflow.checklists.models import Checklist
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.orgs.service import get_visible_unit


def create_campaign(session: Session, *, actor: Actor, data: CampaignCreate) -> Campaign:
    if not actor.has_any("office", "admin"):
        raise PermissionDenied("只有领导小组办公室可以创建督查活动")
    if data.kind not in CAMPAIGN_KINDS:
        raise InvalidInput(f"未知的督查类型：{data.kind}", detail={"field": "kind"})
    if data.checklist_id and session.get(Checklist, data.checklist_id) is None:
        raise InvalidInput("督导细则不存在", detail={"field": "checklist_id"})
    scope = [get_visible_unit(session, actor, uid, what="督查范围单位") for uid in data.scope_unit_ids]
    campaign = Campaign(
        name=data.name,
        kind=data.kind,
        owner_unit_id=actor.unit_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        checklist_id=data.checklist_id,
        description=data.description,
    )
    session.add(campaign)
    session.flush()
    session.add_all(CampaignScope(campaign_id=campaign.id, org_unit_id=u.id) for u in scope)
    session.flush()
    return campaign


def _visible(actor: Actor):
    """A campaign is visible to those in its owner unit's subtree and to the units it covers."""
    in_scope = select(CampaignScope.campaign_id).where(CampaignScope.org_unit_id.in_(visible_unit_ids(actor)))
    owner_paths = select(Campaign.id).where(Campaign.owner_unit_id.in_(visible_unit_ids(actor)))
    return select(Campaign).where(Campaign.id.in_(in_scope) | Campaign.id.in_(owner_paths) | _covers_owner(actor))


def _covers_owner(actor: Actor):
    # Units below the campaign owner (a town under the district) see the district's campaigns.
    owner_path = select(OrgUnit.path).where(OrgUnit.id == Campaign.owner_unit_id).scalar_subquery()
    return select(OrgUnit.id).where(OrgUnit.id == actor.unit_id, OrgUnit.path.startswith(owner_path)).exists()


def list_campaigns(session: Session, actor: Actor) -> list[Campaign]:
    return list(session.scalars(_visible(actor).order_by(Campaign.starts_on.desc(), Campaign.id.desc())))


def get_campaign(session: Session, actor: Actor, campaign_id: int) -> Campaign:
    campaign = session.scalar(_visible(actor).where(Campaign.id == campaign_id))
    if campaign is None:
        raise NotFound("督查活动不存在或无权查看")
    return campaign
