"""A campaign and the org units it covers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
    # The deadline policy (deadlines.policies, stored form) a ticket reopened by this campaign gets by default.
    default_deadline: Mapped[dict | None] = mapped_column(JSON)

    @property
    def kind_label(self) -> str:
        return CAMPAIGN_KINDS.get(self.kind, self.kind)


class CampaignScope(Base):
    __tablename__ = "campaign_scope"
    __table_args__ = (UniqueConstraint("campaign_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
