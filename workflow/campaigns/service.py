"""Campaign verbs and scoped reads. A campaign belongs to the unit of the office that runs it.

Creating and editing are for the office and admins whose unit covers the campaign's owner unit;
everyone else who can see the campaign gets 403, and a campaign they cannot see answers 404.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from states.ticket import STATES
from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.campaigns.models import CAMPAIGN_KINDS, Campaign, CampaignMember, CampaignScope
from workflow.campaigns.schemas import CampaignCreate, CampaignProgress, TownProgressRead
from workflow.checklists.models import Checklist
from workflow.counters.weights import RankingWeights
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.ledger.stats import total_of, town_progress
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.orgs.service import get_visible_unit
from workflow.tickets.queries import TicketFilters
from workflow.tickets.worklists import state_counts

MANAGERS = ("office", "admin")
SCOPE_KINDS = ("district", "town", "village")


def ensure_manager(actor: Actor) -> None:
    if not actor.has_any(*MANAGERS):
        raise PermissionDenied("只有领导小组办公室可以创建或修改督查活动")


def create_campaign(session: Session, *, actor: Actor, data: CampaignCreate) -> Campaign:
    ensure_manager(actor)
    campaign = Campaign(owner_unit_id=actor.unit_id)
    _apply(session, actor, campaign, data)
    session.add(campaign)
    session.flush()
    return campaign


def update_campaign(session: Session, *, actor: Actor, campaign_id: int, data: CampaignCreate) -> Campaign:
    campaign = get_campaign(session, actor, campaign_id)
    ensure_editor(session, actor, campaign)
    _apply(session, actor, campaign, data)
    session.flush()
    return campaign


def ensure_editor(session: Session, actor: Actor, campaign: Campaign) -> None:
    ensure_manager(actor)
    owner = session.get(OrgUnit, campaign.owner_unit_id)
    if owner is None or not actor.covers(owner.path):
        raise PermissionDenied("只有组织本次督查的单位可以修改督查活动")


def _apply(session: Session, actor: Actor, campaign: Campaign, data: CampaignCreate) -> None:
    if data.kind not in CAMPAIGN_KINDS:
        raise InvalidInput(f"未知的督查类型：{data.kind}", detail={"field": "kind"})
    if data.checklist_id and session.get(Checklist, data.checklist_id) is None:
        raise InvalidInput("督导细则不存在", detail={"field": "checklist_id"})
    scope = [get_visible_unit(session, actor, uid, what="督查范围单位") for uid in dict.fromkeys(data.scope_unit_ids)]
    if bad := [u.name for u in scope if u.kind not in SCOPE_KINDS]:
        raise InvalidInput(f"督查范围只能选乡镇或村（社区）：{'、'.join(bad)}", detail={"field": "scope_unit_ids"})
    team = [_team_member(session, actor, pid) for pid in dict.fromkeys(data.team_person_ids)]
    campaign.name = data.name
    campaign.kind = data.kind
    campaign.starts_on = data.starts_on
    campaign.ends_on = data.ends_on
    campaign.checklist_id = data.checklist_id
    campaign.description = data.description
    campaign.deadline_rule = data.deadline.stored() if data.deadline else None
    campaign.observation_months = data.observation_months
    campaign.light_scheme = data.light_scheme.model_dump() if data.light_scheme else None
    campaign.ranking_weights = RankingWeights(dict(data.ranking_weights)).weights if data.ranking_weights else None
    campaign.verifier_photo_areas = [a.strip() for a in data.verifier_photo_areas if a.strip()] or None
    campaign.accept_within_working_days = data.accept_within_working_days
    _replace(campaign.scope_rows, {u.id for u in scope}, "org_unit_id", lambda uid: CampaignScope(org_unit_id=uid))
    _replace(campaign.member_rows, {p.id for p in team}, "person_id", lambda pid: CampaignMember(person_id=pid))


def _replace(rows: list, wanted: set[int], attr: str, make) -> None:
    """Keep the rows still wanted (no delete-and-reinsert on the unique key), drop the rest, add the new."""
    have = {getattr(r, attr) for r in rows}
    rows[:] = [r for r in rows if getattr(r, attr) in wanted]
    rows.extend(make(x) for x in sorted(wanted - have))


def _team_member(session: Session, actor: Actor, person_id: int) -> Person:
    person = session.scalar(select(Person).where(Person.id == person_id, Person.is_active,
                                                 Person.org_unit_id.in_(visible_unit_ids(actor))))
    if person is None:
        raise InvalidInput("检查组成员不存在或不在您的管辖范围内", detail={"field": "team_person_ids",
                                                                 "person_id": person_id})
    return person


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


def campaign_progress(session: Session, actor: Actor, campaign_id: int, *, now: datetime) -> CampaignProgress:
    """What the actor may see of the campaign's tickets: a town sees its own row only."""
    campaign = get_campaign(session, actor, campaign_id)
    filters = TicketFilters(campaign_id=campaign.id)
    towns = town_progress(session, actor, now=now, filters=filters)
    total = total_of(towns)
    counts = state_counts(session, actor, filters)
    return CampaignProgress(
        campaign_id=campaign.id, by_state={s: counts.get(s, 0) for s in STATES}, total=sum(counts.values()),
        overdue=total.overdue, on_time_rate=total.on_time_rate,
        by_town=[TownProgressRead.model_validate(t, from_attributes=True) for t in towns],
    )
