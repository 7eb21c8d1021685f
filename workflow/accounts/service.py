"""People and logins: create them, and resolve the acting person (signing in: workflow/accounts/login.py)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from workflow.accounts.models import POSTS, ROLES, Person, PersonPost, PersonRole
from workflow.accounts.passwords import hash_password
from workflow.actor import Actor
from workflow.errors import InvalidInput, NotAuthenticated
from workflow.orgs.models import OrgUnit


def create_person(
    session: Session,
    *,
    name: str,
    unit: OrgUnit,
    roles: Iterable[str] = (),
    post: str | None = None,
    mobile: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> Person:
    roles = list(roles)
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise InvalidInput(f"未知角色：{'、'.join(unknown)}")
    if post is not None and post not in POSTS:
        raise InvalidInput(f"未知职务：{post}")
    person = Person(
        name=name,
        org_unit_id=unit.id,
        post=post,
        mobile=mobile,
        username=username,
        password_hash=hash_password(password) if password else None,
        role_rows=[PersonRole(role=r) for r in roles],
        post_rows=[PersonPost(post=post)] if post else [],
    )
    session.add(person)
    session.flush()
    return person


def actor_for(session: Session, person_id: int, *, epoch: int | None = None) -> Actor:
    """The acting person; ``epoch`` (from a bearer token) must be the account's current one."""
    person = session.get(Person, person_id)
    if person is None or not person.is_active:
        raise NotAuthenticated("账号不存在或已停用")
    if epoch is not None and epoch != person.auth_epoch:
        raise NotAuthenticated("密码已修改或账号状态已变更，请重新登录")
    return actor_of(session, person)


def actor_of(session: Session, person: Person) -> Actor:
    unit = session.get(OrgUnit, person.org_unit_id)
    extra: tuple[str, ...] = ()
    if unit.serves_unit_id:
        served = session.get(OrgUnit, unit.serves_unit_id)
        extra = (served.path,)
    return Actor(
        person_id=person.id,
        name=person.name,
        roles=person.roles,
        unit_id=unit.id,
        unit_path=unit.path,
        extra_paths=extra,
        must_change_password=person.must_change_password,
        sees_all=unit.parent_id is None and not session.scalar(
            select(exists().where(OrgUnit.parent_id.is_(None), OrgUnit.id != unit.id))),
    )
