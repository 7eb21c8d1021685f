"""What the campaign form offers: the towns and villages for its scope, the people for its team."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person, PersonRole
from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids, visible_units

TEAM_ROLES = ("inspector", "office", "leader")


def scope_candidates(session: Session, actor: Actor) -> list[OrgUnit]:
    """Towns and villages in tree order (path), so the form can indent villages under their town."""
    query = visible_units(actor).where(OrgUnit.kind.in_(("town", "village"))).order_by(OrgUnit.path)
    return list(session.scalars(query))


def team_candidates(session: Session, actor: Actor) -> list[Person]:
    """Active people with an inspecting or office role in the actor's units: a team is drawn from them."""
    roles = select(PersonRole.person_id).where(PersonRole.role.in_(TEAM_ROLES))
    query = (select(Person).where(Person.is_active, Person.id.in_(roles),
                                  Person.org_unit_id.in_(visible_unit_ids(actor)))
             .order_by(Person.org_unit_id, Person.name))
    return list(session.scalars(query))


def walk_places(session: Session, actor: Actor, campaign: Campaign) -> list[OrgUnit]:
    """The villages (and towns) a walk may start at: visible to the actor and inside the campaign's scope."""
    query = visible_units(actor).where(OrgUnit.kind.in_(("town", "village"))).order_by(OrgUnit.path)
    scope = [u.path for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(campaign.scope_unit_ids)))]
    return [u for u in session.scalars(query) if not scope or any(u.path.startswith(p) for p in scope)]
