"""Indicator definitions of a campaign and their actuals per unit; an actual is never updated, only added."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

COMPARISONS = {"<": "低于", ">=": "不低于"}
SOURCES = {"manual": "填报", "import": "导入"}


class Indicator(Base):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20), default="%")
    comparison: Mapped[str] = mapped_column(String(2))
    target: Mapped[float]
    due_on: Mapped[date | None]

    @property
    def target_label(self) -> str:
        due = f"（{self.due_on.month}月{self.due_on.day}日前）" if self.due_on else ""
        return f"{COMPARISONS.get(self.comparison, self.comparison)}{self.target:g}{self.unit}{due}"

    def met_by(self, value: float) -> bool:
        return value < self.target if self.comparison == "<" else value >= self.target


class IndicatorActual(Base):
    __tablename__ = "indicator_actual"
    __table_args__ = (Index("ix_indicator_actual_indicator_unit", "indicator_id", "org_unit_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    value: Mapped[float]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    source: Mapped[str] = mapped_column(String(20), default="manual")
    note: Mapped[str | None] = mapped_column(String(300))
