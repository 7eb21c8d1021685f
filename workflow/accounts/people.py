"""Keeping the roster (花名册) current: add people, change their unit, posts, mobile, login and roles.

Admins and the office manage the people of the units they see (another town's person answers 404,
other roles 403). A person is never deleted, only deactivated, so ticket events keep pointing at
the right actor. Moving a cadre (another unit or post) returns the open tickets they are responsible
for, so the office can hand them on (``reassign``); every change goes to the admin audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.accounts.models import POSTS, ROLES, Person, PersonPost, PersonRole
from workflow.accounts.passwords import hash_password, temporary_password
from workflow.actor import Actor
from workflow.adminlog.service import record, snapshot
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.orgs.admin import require_manager
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids, visible_units
from workflow.tickets import events
from workflow.tickets.models import Ticket

MOBILE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,60}$")
POST_BY_LABEL = {label: key for key, label in POSTS.items()} | {key: key for key in POSTS}
ROLE_BY_LABEL = {label: key for key, label in ROLES.items()} | {key: key for key in ROLES}


@dataclass
class Saved:
    person: Person
    temporary_password: str | None = None
    open_tickets: list[Ticket] = field(default_factory=list)
    changed: bool = False


def managed_person(session: Session, actor: Actor, person_id: int) -> Person:
    person = session.scalar(select(Person).where(Person.id == person_id,
                                                 Person.org_unit_id.in_(visible_unit_ids(actor))))
    if person is None:
        raise NotFound("人员不存在或无权查看")
    require_manager(actor)
    return person


def _unit(session: Session, actor: Actor, unit_id: int | None) -> OrgUnit:
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id)) if unit_id else None
    if unit is None:
        raise InvalidInput("单位不存在或不在您的管辖范围内", detail={"field": "unit_id"})
    if not unit.is_active:
        raise InvalidInput(f"单位“{unit.name}”已停用", detail={"field": "unit_id"})
    return unit


def check_posts(posts: list[str]) -> list[str]:
    unknown = [p for p in posts if p not in POST_BY_LABEL]
    if unknown:
        raise InvalidInput(f"未知职务/岗位：{'、'.join(unknown)}（可选：{'、'.join(POSTS.values())}）",
                           detail={"field": "posts"})
    return list(dict.fromkeys(POST_BY_LABEL[p] for p in posts))


def check_roles(actor: Actor | None, roles: list[str], current: frozenset[str] = frozenset()) -> list[str]:
    unknown = [r for r in roles if r not in ROLE_BY_LABEL]
    if unknown:
        raise InvalidInput(f"未知角色：{'、'.join(unknown)}（可选：{'、'.join(ROLES.values())}）",
                           detail={"field": "roles"})
    wanted = list(dict.fromkeys(ROLE_BY_LABEL[r] for r in roles))
    if actor is not None and not actor.has_any("admin") and ("admin" in wanted) != ("admin" in current):
        raise PermissionDenied("只有系统管理员可以授予或收回系统管理员角色")
    return wanted


def check_mobile(mobile: str | None) -> str | None:
    mobile = (mobile or "").strip().replace(" ", "") or None
    if mobile and not MOBILE.match(mobile):
        raise InvalidInput(f"手机号“{mobile}”格式不正确（应为 11 位手机号或带区号的电话）", detail={"field": "mobile"})
    return mobile


def check_username(session: Session, username: str | None, *, except_id: int | None = None) -> str | None:
    username = (username or "").strip() or None
    if username is None:
        return None
    if not USERNAME.match(username):
        raise InvalidInput(f"账号“{username}”只能由字母、数字和 _ . @ - 组成（2–60 位）", detail={"field": "username"})
    taken = session.scalar(select(Person.id).where(func.lower(Person.username) == username.lower()))
    if taken is not None and taken != except_id:
        raise InvalidInput(f"账号“{username}”已被他人使用", detail={"field": "username"})
    return username


def apply(session: Session, *, actor: Actor | None, person: Person | None, now: datetime, name: str,
          unit: OrgUnit, mobile: str | None, posts: list[str], username: str | None, roles: list[str],
          is_active: bool) -> Saved:
    """Create (``person`` None) or change a person with already-checked values; audited; no commit."""
    before = snapshot(person, extra=_extra(person)) if person is not None else None
    creating = person is None
    if creating:
        person = Person(name=name, org_unit_id=unit.id)
        session.add(person)
    old_unit, old_posts = person.org_unit_id, list(person.posts)
    person.name, person.org_unit_id, person.mobile, person.is_active = name, unit.id, mobile, is_active
    person.post = posts[0] if posts else None
    person.post_rows = [next((r for r in person.post_rows if r.post == p), None) or PersonPost(post=p) for p in posts]
    person.role_rows = [next((r for r in person.role_rows if r.role == x), None) or PersonRole(role=x) for x in roles]
    temporary = None
    if username and username != person.username:
        person.username = username
        if not person.password_hash:
            temporary = temporary_password()
            person.password_hash = hash_password(temporary)
            person.must_change_password = True  # shown once to whoever created it: the cadre sets their own
    elif not username and person.username:
        person.username, person.password_hash = None, None
    session.flush()
    after = snapshot(person, extra=_extra(person))
    moved = not creating and (old_unit != unit.id or set(old_posts) != set(posts))
    changed = creating or after != before
    if changed:
        action = "create" if creating else ("move" if moved else "update")
        record(session, actor=actor, at=now, entity_kind="person", entity_id=person.id, action=action,
               before=before, after=after, summary=f"{_verb(action)}人员“{person.name}”（{unit.name}"
               f"{'，' + person.posts_label if posts else ''}）")
    return Saved(person, temporary, open_tickets(session, person.id) if moved or not is_active else [], changed)


def _verb(action: str) -> str:
    return {"create": "新增", "move": "调整", "update": "修改"}[action]


def _extra(person: Person) -> dict:
    return {"posts": list(person.posts), "roles": sorted(person.roles)}


def create_person(session: Session, *, actor: Actor, name: str, unit_id: int, mobile: str | None,
                  posts: list[str], username: str | None, roles: list[str], is_active: bool, now: datetime) -> Saved:
    unit = _unit(session, actor, unit_id)
    require_manager(actor)
    return apply(session, actor=actor, person=None, now=now, name=name.strip(), unit=unit,
                 mobile=check_mobile(mobile), posts=check_posts(posts), username=check_username(session, username),
                 roles=check_roles(actor, roles), is_active=is_active)


def update_person(session: Session, *, actor: Actor, person_id: int, changes: dict, now: datetime) -> Saved:
    person = managed_person(session, actor, person_id)
    unit = _unit(session, actor, changes["unit_id"]) if changes.get("unit_id") else \
        session.get(OrgUnit, person.org_unit_id)
    name = (changes.get("name") or person.name).strip()
    return apply(
        session, actor=actor, person=person, now=now, name=name, unit=unit,
        mobile=check_mobile(changes["mobile"]) if "mobile" in changes else person.mobile,
        posts=check_posts(changes["posts"]) if changes.get("posts") is not None else list(person.posts),
        username=check_username(session, changes["username"], except_id=person.id) if "username" in changes
        else person.username,
        roles=check_roles(actor, changes["roles"], person.roles) if changes.get("roles") is not None
        else sorted(person.roles),
        is_active=changes["is_active"] if changes.get("is_active") is not None else person.is_active,
    )


def open_tickets(session: Session, person_id: int) -> list[Ticket]:
    """Tickets not yet struck off that name the person as responsible (责任人)."""
    return list(session.scalars(select(Ticket).where(Ticket.responsible_person_id == person_id,
                                                     Ticket.state != "closed").order_by(Ticket.id)))


def reassign(session: Session, *, actor: Actor, person_id: int, to_person_id: int,
             ticket_ids: list[int] | None, now: datetime) -> list[Ticket]:
    """Hand a moved cadre's open tickets to their successor; each ticket gets a timeline event."""
    person = managed_person(session, actor, person_id)
    successor = session.scalar(select(Person).where(Person.id == to_person_id, Person.is_active.is_(True),
                                                    Person.org_unit_id.in_(visible_unit_ids(actor))))
    if successor is None:
        raise InvalidInput("接手人员不存在、已停用或不在您的管辖范围内", detail={"field": "to_person_id"})
    tickets = [t for t in open_tickets(session, person.id) if ticket_ids is None or t.id in ticket_ids]
    for ticket in tickets:
        ticket.responsible_person_id = successor.id
        events.record(session, ticket, trigger="responsible_changed", actor=actor, at=now,
                      comment=f"责任人由“{person.name}”改为“{successor.name}”",
                      payload={"from_person_id": person.id, "to_person_id": successor.id})
    session.flush()
    return tickets


def list_people(session: Session, *, actor: Actor, unit_id: int | None = None, q: str = "",
                include_inactive: bool = False, limit: int = 500) -> list[Person]:
    require_manager(actor)
    query = select(Person).where(Person.org_unit_id.in_(visible_unit_ids(actor))).order_by(Person.org_unit_id,
                                                                                        Person.id)
    if unit_id:
        query = query.where(Person.org_unit_id == unit_id)
    if q.strip():
        query = query.where(Person.name.contains(q.strip()) | Person.mobile.contains(q.strip()))
    if not include_inactive:
        query = query.where(Person.is_active.is_(True))
    return list(session.scalars(query.limit(limit)))
