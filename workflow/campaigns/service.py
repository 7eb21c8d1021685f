"""Campaign verbs and scoped reads. A campaign belongs to the unit of the office that runs it."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
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
        default_deadline=data.default_deadline.stored() if data.default_deadline else None,
    )
    session.add(campaign)
    session.flush()
    session.add_all(CampaignScope(campaign_id=campaign.id, org_unit_id=u.id) for u in scope)
    session.flush()
    return campaign


def _visible(actor: Actor):
    """Visible to the owner's people, to units inside the scope, and to units under a scoped unit.

    A campaign with no scope rows covers the whole owner unit.
    """
    mine = visible_unit_ids(actor)
    own_path = select(OrgUnit.path).where(OrgUnit.id == actor.unit_id).scalar_subquery()
    scoped = select(CampaignScope.id).where(CampaignScope.campaign_id == Campaign.id)
    scope_inside = scoped.where(CampaignScope.org_unit_id.in_(mine)).exists()
    scope_above = (
        select(OrgUnit.id)
        .join(CampaignScope, CampaignScope.org_unit_id == OrgUnit.id)
        .where(CampaignScope.campaign_id == Campaign.id, own_path.startswith(OrgUnit.path))
        .exists()
    )
    owner_above = (
        select(OrgUnit.id).where(OrgUnit.id == Campaign.owner_unit_id, own_path.startswith(OrgUnit.path)).exists()
    )
    unscoped_and_under_owner = and_(~scoped.exists(), owner_above)
    return select(Campaign).where(
        or_(Campaign.owner_unit_id.in_(mine), scope_inside, scope_above, unscoped_and_under_owner)
    )


def list_campaigns(session: Session, actor: Actor) -> list[Campaign]:
    return list(session.scalars(_visible(actor).order_by(Campaign.starts_on.desc(), Campaign.id.desc())))


def get_campaign(session: Session, actor: Actor, campaign_id: int) -> Campaign:
    campaign = session.scalar(_visible(actor).where(Campaign.id == campaign_id))
    if campaign is None:
        raise NotFound("督查活动不存在或无权查看")
    return campaign
