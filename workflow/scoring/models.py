"""Bonus points (加分, seed 003 / rule 20): dated entries per unit with evidence, counted once the office approves."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

# category: (label, points each, counted per article)
BONUS_CATEGORIES: dict[str, tuple[str, float, bool]] = {
    "national": ("国家级", 2.0, False),
    "provincial": ("省级", 1.0, False),
    "municipal": ("市级", 0.5, False),
    "central_media": ("中央主流媒体", 0.2, True),
    "provincial_media": ("省主流媒体", 0.1, True),
}
BONUS_STATUSES = {"proposed": "待审核", "approved": "已认定", "refused": "不予认定"}


class BonusEntry(Base):
    __tablename__ = "bonus_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    articles: Mapped[int] = mapped_column(default=1)
    points: Mapped[float] = mapped_column(Float)
    awarded_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")
    evidence_sha256: Mapped[str] = mapped_column(String(64))
    evidence_filename: Mapped[str] = mapped_column(String(300))
    evidence_content_type: Mapped[str] = mapped_column(String(100))
    evidence_size: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    @property
    def category_label(self) -> str:
        return BONUS_CATEGORIES.get(self.category, (self.category,))[0]

    @property
    def status_label(self) -> str:
        return BONUS_STATUSES.get(self.status, self.status)
