"""Account changes (issue 12): a user changes their own password, an admin resets one to a temporary
password that must be changed at first login, and deactivates or reactivates an account.

Each change ends every session and token of the account (workflow/accounts/login.py) and writes an
``auth_event`` row saying who did what, when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.accounts import audit
from workflow.accounts.login import end_everything
from workflow.accounts.models import Person
from workflow.accounts.passwords import check_rules, hash_password, temporary_password, verify_password
from workflow.actor import Actor
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.orgs.models import OrgUnit


def change_own_password(session: Session, *, actor: Actor, current: str, new: str, now: datetime,
                        address: str | None = None) -> Person:
    person = session.get(Person, actor.person_id)
    if person is None or not person.password_hash or not verify_password(current, person.password_hash):
        raise InvalidInput("原密码不正确", detail={"field": "current_password"})
    check_rules(new, username=person.username, current=current)
    person.password_hash = hash_password(new)
    person.must_change_password = False
    end_everything(session, person, now=now)
    audit.record(session, "password_changed", at=now, username=person.username, person_id=person.id,
                 actor_id=person.id, address=address)
    return person


def reset_password(session: Session, *, actor: Actor, person_id: int, now: datetime,
                   address: str | None = None) -> str:
    """A temporary password, shown once to the admin, that the person must change at first login."""
    person = _account(session, actor, person_id)
    if person.id == actor.person_id:  # it would end the admin's own session and lock them into a change
        raise InvalidInput("不能重置自己的密码，请在“修改密码”中修改")
    password = temporary_password()
    person.password_hash = hash_password(password)
    person.must_change_password = True
    end_everything(session, person, now=now)
    audit.record(session, "password_reset", at=now, username=person.username, person_id=person.id,
                 actor_id=actor.person_id, address=address)
    return password


def set_active(session: Session, *, actor: Actor, person_id: int, active: bool, now: datetime,
               address: str | None = None) -> Person:
    person = _account(session, actor, person_id)
    if not active and person.id == actor.person_id:
        raise InvalidInput("不能停用自己的账号")
    if person.is_active == active:
        return person
    person.is_active = active
    if not active:
        end_everything(session, person, now=now)
    audit.record(session, "reactivated" if active else "deactivated", at=now, username=person.username,
                 person_id=person.id, actor_id=actor.person_id, address=address)
    return person


def _account(session: Session, actor: Actor, person_id: int) -> Person:
    """An account the admin may manage: admins only (403), in their part of the tree (404 otherwise)."""
    person = session.get(Person, person_id)
    unit = session.get(OrgUnit, person.org_unit_id) if person else None
    if unit is None or not actor.covers(unit.path):
        raise NotFound()
    if not actor.has_any("admin"):
        raise PermissionDenied("只有系统管理员可以管理账号")
    if not person.username:
        raise InvalidInput("此人没有登录账号")
    return person
