"""Who holds the posts a policy names, found from the problem's place in the org tree.

Village posts sit in the village; town posts in its town; 工作队长 in the work team serving the
village; 后盾单位分管领导 in the backer unit that sends that team; 区级分管领导 in the district;
分管领导 and 主要负责人 in the unit being interviewed itself (a department has no village posts).
A post nobody holds is still listed (with 未登记), so the 约谈 list never silently shrinks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workflow.accounts.models import POSTS, Person, PersonPost
from workflow.escalation.models import BEARERS
from workflow.orgs.levels import leveled_title
from workflow.orgs.models import OrgUnit

POST_LEVEL = {
    "village_party_secretary": "village",
    "town_liaison_leader": "town",
    "town_deputy_secretary_rr": "town",
    "team_leader": "work_team",
    "first_secretary": "work_team",
    "team_member": "work_team",
    "backer_unit_leader": "backer_unit",
    "district_leader_in_charge": "district",
    "unit_leader_in_charge": "unit",
    "unit_head": "unit",
}
WORK_TEAM_POSTS = ("team_leader", "first_secretary", "team_member")


@dataclass(frozen=True)
class Holder:
    post: str | None
    person: Person | None
    unit_id: int | None
    label: str


def ancestors(session: Session, unit: OrgUnit) -> list[OrgUnit]:
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    return list(session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids))))


MEMO = "zhenggai_people_memo"  # session.info key: a sweep chunk's look-ups, shared while its transaction lasts


def remember(session: Session) -> None:
    """From now until ``forget``, who holds which post around which place is looked up once per session (the
    sweep's chunk: hundreds of 约谈 in the same villages). The org tree does not change inside a sweep chunk."""
    session.info[MEMO] = {}


def forget(session: Session) -> None:
    session.info.pop(MEMO, None)


def _memo(session: Session, key: tuple, compute):
    memo = session.info.get(MEMO)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def units_around(session: Session, place: OrgUnit) -> dict[str, list[OrgUnit]]:
    """The units whose posts matter for a problem at ``place``, by level."""
    return _memo(session, ("around", place.id), lambda: _units_around(session, place))


def _units_around(session: Session, place: OrgUnit) -> dict[str, list[OrgUnit]]:
    chain = ancestors(session, place)
    teams = list(session.scalars(select(OrgUnit).where(OrgUnit.kind == "work_team",
                                                       OrgUnit.serves_unit_id == place.id)))
    backer_ids = {t.parent_id for t in teams if t.parent_id}
    backers = list(session.scalars(select(OrgUnit).where(OrgUnit.kind == "backer_unit", or_(
        OrgUnit.id.in_(backer_ids), OrgUnit.serves_unit_id == place.id))))
    return {
        "village": [u for u in chain if u.kind == "village"],
        "town": [u for u in chain if u.kind == "town"],
        "district": sorted((u for u in chain if u.kind == "district"), key=lambda u: -len(u.path))[:1],
        "work_team": teams,
        "backer_unit": backers,
    }


def holders(session: Session, post: str, units: list[OrgUnit]) -> list[Holder]:
    return _memo(session, ("holders", post, tuple(u.id for u in units)), lambda: _holders(session, post, units))


def _holders(session: Session, post: str, units: list[OrgUnit]) -> list[Holder]:
    holds = or_(Person.post == post, Person.id.in_(select(PersonPost.person_id).where(PersonPost.post == post)))
    people = list(session.scalars(select(Person).where(
        holds, Person.is_active.is_(True), Person.org_unit_id.in_([u.id for u in units]))
        .order_by(Person.id))) if units else []
    name = leveled_title(POSTS.get(post, post), units[0] if units else None)
    if not people:
        unit = units[0] if units else None
        where = f"{unit.name}" if unit else ""
        return [Holder(post, None, unit.id if unit else None, f"{where}{name}（未登记）")]
    return [Holder(post, p, p.org_unit_id, f"{name} {p.name}") for p in people]


def resolve_posts(session: Session, place: OrgUnit, posts: list[str], *, unit: OrgUnit | None = None) -> list[Holder]:
    around = units_around(session, place) | {"unit": [unit or place]}
    found: list[Holder] = []
    for post in posts:
        found.extend(holders(session, post, around.get(POST_LEVEL.get(post, ""), [])))
    return found


def posts_for(policy, unit: OrgUnit) -> list[str]:
    """The posts a policy names for this kind of unit (``target_posts_by_kind``), else its default list."""
    by_kind = policy.target_posts_by_kind or {}
    return list(by_kind.get(unit.kind) or policy.target_posts)


def interview_targets(session: Session, policy, *, unit: OrgUnit, place: OrgUnit) -> list[Holder]:
    """Whom a 约谈 of ``unit`` names: a village's posts come from the problem's place; a department's from
    the department itself, never from the village or town where the problem happens to be."""
    posts = posts_for(policy, unit)
    if policy.target_posts_by_kind and unit.kind in policy.target_posts_by_kind:
        return resolve_posts(session, unit, posts, unit=unit)
    return resolve_posts(session, place, posts, unit=unit)


@dataclass(frozen=True)
class Bearer:
    """Who bears a consequence: a unit, a person, or a post nobody holds (named, never dropped)."""

    bearer: str
    unit_id: int | None
    person_id: int | None
    label: str

    @property
    def subject(self) -> str:
        if self.person_id is not None:
            return f"person:{self.person_id}"
        if self.label.endswith("（未登记）"):
            return f"vacant:{self.bearer}:{self.unit_id or 0}"
        return f"unit:{self.unit_id}"


def bearers(session: Session, bearer: str, unit: OrgUnit) -> list[Bearer]:
    """Resolve a bearer code around the unit whose strikes reached the threshold."""
    if bearer == "unit_concerned":
        return [Bearer(bearer, unit.id, None, unit.name)]
    around = units_around(session, unit)
    name = BEARERS.get(bearer, bearer)
    if bearer in ("backer_unit", "work_team"):
        found = around[bearer]
        if not found:
            return [Bearer(bearer, unit.id, None, f"{unit.name}的{name}（未登记）")]
        return [Bearer(bearer, u.id, None, f"{name} {u.name}") for u in found]
    if bearer == "work_team_members":
        teams = around["work_team"]
        members = list(session.scalars(select(Person).where(
            Person.org_unit_id.in_([t.id for t in teams]), Person.is_active.is_(True),
            Person.post.in_(WORK_TEAM_POSTS)).order_by(Person.id))) if teams else []
        if not members:
            return [Bearer(bearer, unit.id, None, f"{unit.name}的{name}（未登记）")]
        return [Bearer(bearer, p.org_unit_id, p.id, f"{POSTS.get(p.post, name)} {p.name}") for p in members]
    if bearer.startswith("post:"):
        return [Bearer(bearer, h.unit_id, h.person.id if h.person else None, h.label)
                for h in resolve_posts(session, unit, [bearer.removeprefix("post:")], unit=unit)]
    raise ValueError(f"unknown bearer {bearer!r}")


def sending_unit(session: Session, person: Person) -> OrgUnit | None:
    """派出单位: the backer unit a stationed cadre's work team belongs to (or the cadre's own unit)."""
    unit = session.get(OrgUnit, person.org_unit_id)
    if unit is not None and unit.kind == "work_team" and unit.parent_id:
        parent = session.get(OrgUnit, unit.parent_id)
        if parent is not None and parent.kind == "backer_unit":
            return parent
    return unit


def conductor(session: Session, conducted_by: str, place: OrgUnit) -> Holder:
    """A post code becomes the person holding it in the district; any other text is kept as written."""
    if conducted_by not in POSTS:
        return Holder(None, None, None, conducted_by)
    level = POST_LEVEL.get(conducted_by, "district")
    return holders(session, conducted_by, units_around(session, place).get(level, []))[0]
