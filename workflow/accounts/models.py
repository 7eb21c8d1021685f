"""A person may hold a post (escalation targets posts) and, optionally, a login with roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, UTCDateTime

ROLES = {
    "admin": "系统管理员",
    "office": "领导小组办公室",
    "inspector": "督查员",
    "operator": "专干",
    "leader": "分管领导",
}

POSTS = {
    "village_party_secretary": "村党组织书记",
    "first_secretary": "第一书记",
    "team_leader": "工作队长",
    "town_liaison_leader": "乡镇街道联点班子成员",
    "town_deputy_secretary_rr": "分管乡村振兴副书记",
    "district_leader_in_charge": "区级分管领导",
    "backer_unit_leader": "后盾单位分管领导",
    "unit_leader_in_charge": "分管领导",
    "unit_head": "主要负责人",
    "helper_cadre": "帮扶干部",
    "team_member": "驻村工作队员",
    "office_staff": "办公室工作人员",
    "inspector": "督查员",
    "operator": "专干",
}


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str | None] = mapped_column(String(20))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    post: Mapped[str | None] = mapped_column(String(40))
    username: Mapped[str | None] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Bumped by a password change, a reset or a deactivation: bearer tokens carry the epoch they were
    # issued under, so every token of the account stops working at once (docs/security.md).
    auth_epoch: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # Set by an admin's reset: nothing but changing the password works until it is changed.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())

    role_rows: Mapped[list[PersonRole]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PersonRole.role"
    )
    # Every post held; ``post`` is the first of them, kept for the code that reads one post.
    post_rows: Mapped[list[PersonPost]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PersonPost.id"
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    @property
    def post_label(self) -> str:
        return POSTS.get(self.post or "", self.post or "")

    @property
    def posts(self) -> list[str]:
        held = [r.post for r in self.post_rows]
        return held or ([self.post] if self.post else [])

    @property
    def posts_label(self) -> str:
        return "、".join(POSTS.get(p, p) for p in self.posts)


class PersonRole(Base):
    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class PersonPost(Base):
    """A person may hold several posts (a 第一书记 who is also 工作队长); escalation looks here too."""

    __tablename__ = "person_post"
    __table_args__ = (UniqueConstraint("person_id", "post"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    post: Mapped[str] = mapped_column(String(40), index=True)


class AuthSession(Base):
    """One signed-in browser. The cookie holds a random id whose SHA-256 is stored here, so logout,
    a password change or a deactivation revokes it on the server (a copied cookie stops working)."""

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_address: Mapped[str | None] = mapped_column(String(64))


AUTH_EVENT_KINDS = {
    "login": "登录成功",
    "login_failed": "登录失败",
    "locked": "登录临时锁定",
    "logout": "退出登录",
    "password_changed": "修改密码",
    "password_reset": "管理员重置密码",
    "deactivated": "停用账号",
    "reactivated": "启用账号",
}


class AuthEvent(Base):
    """Append-only record of logins and account changes, independent of tickets.

    Failed logins are counted from these rows (per typed username and per client address), so the
    throttle holds across workers and restarts.
    """

    __tablename__ = "auth_event"
    __table_args__ = (
        Index("ix_auth_event_username_at", "username", "at"),
        Index("ix_auth_event_client_address_at", "client_address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    username: Mapped[str | None] = mapped_column(String(60))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    client_address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(200))
