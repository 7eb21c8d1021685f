"""An inspection record and its marks: who walked which place for which campaign, and every item's mark.

Later scoring (后评估 points per indicator) reads these rows; a 不符合 mark points at the ticket it filed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

MARKS = {"pass": "符合", "fail": "不符合", "not_applicable": "不适用"}


class Inspection(Base):
    """One per campaign and place: the team shares it, so a village is never scored twice in a round."""

    __tablename__ = "inspection"
    __table_args__ = (UniqueConstraint("campaign_id", "place_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InspectionMark(Base):
    """One row per item: marking the same item again updates it; ``ticket_id`` is set once, never twice."""

    __tablename__ = "inspection_mark"
    __table_args__ = (UniqueConstraint("inspection_id", "checklist_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    checklist_item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id"))
    mark: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # 扣分 (rule 17): points taken off for this item; capped by workflow/scoring/caps.py. None: nothing deducted.
    deduction: Mapped[float | None] = mapped_column(Float)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InspectionPhoto(Base):
    """A photo taken at an item, stored by SHA-256 like evidence; a resent photo is the same row."""

    __tablename__ = "inspection_photo"
    __table_args__ = (UniqueConstraint("mark_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("inspection_mark.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
