"""Org units as a tree with a materialised path, so "everything under X" is one indexed prefix match."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base

UNIT_KINDS = {
    "district": "区/市",
    "town": "乡镇街道",
    "village": "村/社区",
    "department": "行业部门",
    "backer_unit": "后盾单位",
    "work_team": "驻村工作队",
}


class OrgUnit(Base):
    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # Units that are not places (work teams, backer units) serve a village.
    serves_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # "/1/4/17/" — ancestors then self; a prefix match finds the subtree.
    path: Mapped[str] = mapped_column(String(400), index=True, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Deactivated (or merged) units keep their rows, so old tickets and events still name them.
    is_active: Mapped[bool] = mapped_column(default=True)
    # Village flags the seeds sample by (004: 脱贫村, 易地搬迁安置点).
    poverty_alleviated: Mapped[bool] = mapped_column(default=False)
    relocation_site: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    # WGS-84 coordinates of a village (its committee office): photos taken far from them are flagged (issue 16).
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)
