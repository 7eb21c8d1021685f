"""A campaign, the org units it covers, and its inspection team."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base

CAMPAIGN_KINDS = {
    "open_check": "明查",
    "covert_check": "暗访",
    "self_check": "自查",
    "department_check": "部门督查",
    "spot_check": "抽查",
    "look_back": "回头看",
    "post_evaluation": "后评估",
    "contest": "大比拼",
}


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    checklist_id: Mapped[str | None] = mapped_column(ForeignKey("checklist.id"))
    description: Mapped[str | None] = mapped_column(Text)
    # The default deadline policy of the tickets it files (workflow/deadlines/policies.py, stored with its label).
    deadline_rule: Mapped[dict | None] = mapped_column(JSON)
    # Issue 13 (workflow/outcomes/, workflow/counters/): the 观察期 after 销号 in months (None: the seed's six),
    # the light scheme (levels, colour names, thresholds) and the ranking criteria with their weights.
    observation_months: Mapped[int | None]
    light_scheme: Mapped[dict | None] = mapped_column(JSON)
    ranking_weights: Mapped[dict | None] = mapped_column(JSON)
    # Checklist areas (领域) where 验收 needs the verifier's own photo; ["*"] means every area (issue 16).
    verifier_photo_areas: Mapped[list | None] = mapped_column(JSON)
    # 签收 limit in working days after 交办 (workflow/acceptance/limits.py); None: the global default (1).
    accept_within_working_days: Mapped[int | None]

    scope_rows: Mapped[list[CampaignScope]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                           order_by="CampaignScope.id")
    member_rows: Mapped[list[CampaignMember]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                             order_by="CampaignMember.id")

    @property
    def kind_label(self) -> str:
        return CAMPAIGN_KINDS.get(self.kind, self.kind)

    @property
    def scope_unit_ids(self) -> list[int]:
        return [r.org_unit_id for r in self.scope_rows]

    @property
    def team_person_ids(self) -> list[int]:
        return [r.person_id for r in self.member_rows]


class CampaignScope(Base):
    __tablename__ = "campaign_scope"
    __table_args__ = (UniqueConstraint("campaign_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))


class CampaignMember(Base):
    """督查组成员: when a campaign names a team, only its inspectors walk its checklist (the office always may)."""

    __tablename__ = "campaign_member"
    __table_args__ = (UniqueConstraint("campaign_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
