"""A person may hold a post (escalation targets posts) and, optionally, a login with roles."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base

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
