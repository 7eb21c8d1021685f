"""Campaign milestones (方案, 排查, 调度, signed 工作报告 …), which template planned a campaign, and its end.

These are the campaign's own dated steps (rule 16), apart from a ticket's milestones
(``workflow/deadlines/models.py``). The closing milestone is done only with the signed report's file.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime


class CampaignMilestone(Base):
    __tablename__ = "campaign_milestone"
    __table_args__ = (UniqueConstraint("campaign_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(index=True)
    is_closing: Mapped[bool] = mapped_column(default=False)  # the signed report that ends the campaign
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    report_filename: Mapped[str | None] = mapped_column(String(300))
    report_sha256: Mapped[str | None] = mapped_column(String(64))


class CampaignPlan(Base):
    """Which cadence template planned the campaign for which period: planning twice creates nothing new."""

    __tablename__ = "campaign_plan"
    __table_args__ = (UniqueConstraint("template", "owner_unit_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(40))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    period_start: Mapped[date]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), unique=True)


class CampaignEnd(Base):
    __tablename__ = "campaign_end"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
