"""Account events (logins, locks, password changes, resets, deactivations) in ``auth_event``.

Independent of tickets and of the general admin audit log: these rows also feed the login throttle.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from workflow.accounts.models import AUTH_EVENT_KINDS, AuthEvent, Person
from workflow.actor import Actor
from workflow.errors import InvalidInput, PermissionDenied
from workflow.orgs.models import OrgUnit


def record(session: Session, kind: str, *, at: datetime, username: str | None = None, person_id: int | None = None,
           actor_id: int | None = None, address: str | None = None, detail: str | None = None) -> AuthEvent:
    assert kind in AUTH_EVENT_KINDS, kind
    event = AuthEvent(kind=kind, at=at, username=username, person_id=person_id, actor_id=actor_id,
                      client_address=address, detail=detail)
    session.add(event)
    return event


def list_events(session: Session, *, actor: Actor, person_id: int | None = None, kind: str | None = None,
                limit: int = 200) -> list[AuthEvent]:
    """Newest first, for admins: events of accounts in their part of the tree, and failed logins of
    names that match no account (someone trying names)."""
    if not actor.has_any("admin"):
        raise PermissionDenied("只有系统管理员可以查看账号日志")
    if kind is not None and kind not in AUTH_EVENT_KINDS:
        raise InvalidInput(f"未知的事件类型：{kind}", detail={"field": "kind"})
    concerned = aliased(Person)
    unit = aliased(OrgUnit)
    query = (select(AuthEvent).outerjoin(concerned, concerned.id == AuthEvent.person_id)
             .outerjoin(unit, unit.id == concerned.org_unit_id)
             .where(or_(AuthEvent.person_id.is_(None),
                        or_(*(unit.path.startswith(p) for p in actor.scope_paths))))
             .order_by(AuthEvent.at.desc(), AuthEvent.id.desc()).limit(limit))
    if person_id is not None:
        query = query.where(AuthEvent.person_id == person_id)
    if kind is not None:
        query = query.where(AuthEvent.kind == kind)
    return list(session.scalars(query))


def list_accounts(session: Session, *, actor: Actor) -> list[tuple[Person, OrgUnit]]:
    """People with a login in the admin's part of the tree, by unit then name."""
    if not actor.has_any("admin"):
        raise PermissionDenied("只有系统管理员可以管理账号")
    query = (select(Person, OrgUnit).join(OrgUnit, OrgUnit.id == Person.org_unit_id)
             .where(Person.username.is_not(None), or_(*(OrgUnit.path.startswith(p) for p in actor.scope_paths)))
             .order_by(OrgUnit.path, Person.name))
    return [(person, unit) for person, unit in session.execute(query)]
