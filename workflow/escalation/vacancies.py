"""Which posts the enabled 约谈 policies target in each unit, who holds them, and which are empty.

A 约谈 must not target a post nobody holds without saying so (issue 12): this is the list the
office checks after importing the roster or moving cadres. Levels follow ``people.POST_LEVEL``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workflow.accounts.models import POSTS, Person, PersonPost
from workflow.actor import Actor
from workflow.escalation.models import EscalationPolicy
from workflow.escalation.people import POST_LEVEL
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units


@dataclass(frozen=True)
class Vacancy:
    unit_id: int
    unit_name: str
    unit_kind: str
    post: str
    post_label: str
    holders: list[str]
    vacant: bool
    policies: list[str]


def targeted_posts(session: Session) -> dict[str, list[str]]:
    """post → names of the enabled policies that target it (or have it conduct the 约谈)."""
    posts: dict[str, list[str]] = defaultdict(list)
    for policy in session.scalars(select(EscalationPolicy).where(EscalationPolicy.enabled.is_(True))):
        for post in [*policy.target_posts, policy.conducted_by]:
            if post in POSTS and policy.name not in posts[post]:
                posts[post].append(policy.name)
    return posts


def post_holders(session: Session, actor: Actor, *, only_vacant: bool = False,
                 unit_id: int | None = None) -> list[Vacancy]:
    posts = targeted_posts(session)
    kinds = {POST_LEVEL[p] for p in posts if p in POST_LEVEL}
    query = visible_units(actor).where(OrgUnit.kind.in_(kinds), OrgUnit.is_active.is_(True)).order_by(OrgUnit.path)
    if unit_id:
        query = query.where(OrgUnit.id == unit_id)
    units = list(session.scalars(query))
    held: dict[tuple[int, str], list[str]] = defaultdict(list)
    rows = session.execute(
        select(Person.org_unit_id, Person.name, Person.post, PersonPost.post.label("extra"))
        .outerjoin(PersonPost, PersonPost.person_id == Person.id)
        .where(Person.is_active.is_(True), Person.org_unit_id.in_([u.id for u in units]),
               or_(Person.post.in_(list(posts)), PersonPost.post.in_(list(posts)))))
    for row in rows:
        for post in {row.post, row.extra} & set(posts):
            if row.name not in held[(row.org_unit_id, post)]:
                held[(row.org_unit_id, post)].append(row.name)
    result = []
    for unit in units:
        for post, policies in posts.items():
            if POST_LEVEL.get(post) != unit.kind:
                continue
            names = held.get((unit.id, post), [])
            if only_vacant and names:
                continue
            result.append(Vacancy(unit.id, unit.name, unit.kind, post, POSTS[post], names, not names, policies))
    return result
