"""Who may do what to a campaign's surveys, indicators and milestones, in one place.

Entering (survey answers, indicator actuals) is for the campaign's inspectors and the office, as for the
checklist walk (``inspections.service.ensure_walker``); defining the questionnaire, the indicators and the
milestones is for the office that runs the campaign (``campaigns.service.ensure_editor``). Reading is for
whoever can see the campaign, each seeing only the units in their own scope (a town its own results).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import ensure_editor, get_campaign
from workflow.inspections.service import ensure_walker
from workflow.orgs.models import OrgUnit


def campaign_for_entry(session: Session, actor: Actor, campaign_id: int) -> Campaign:
    campaign = get_campaign(session, actor, campaign_id)
    ensure_walker(actor, campaign)
    return campaign


def campaign_for_editing(session: Session, actor: Actor, campaign_id: int) -> Campaign:
    campaign = get_campaign(session, actor, campaign_id)
    ensure_editor(session, actor, campaign)
    return campaign


def in_scope(session: Session, campaign: Campaign, unit: OrgUnit) -> bool:
    """A campaign without scope rows covers its whole owner unit."""
    paths = [session.get(OrgUnit, uid).path for uid in campaign.scope_unit_ids]
    if not paths:
        owner = session.get(OrgUnit, campaign.owner_unit_id)
        paths = [owner.path] if owner else []
    return any(unit.path.startswith(p) for p in paths)


__all__ = ["campaign_for_editing", "campaign_for_entry", "in_scope"]
