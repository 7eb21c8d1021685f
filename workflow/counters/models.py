"""通报 mentions: a unit named in a bulletin (black list or overdue list), recorded when it is generated.

One row per bulletin and unit and reason (unique), so generating the same bulletin again the same day
counts nothing twice (STYLE E9).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

MENTION_REASONS = {"black_list": "列入黑榜", "overdue": "逾期未整改被通报"}


class BulletinMention(Base):
    __tablename__ = "bulletin_mention"
    __table_args__ = (
        UniqueConstraint("bulletin_key", "unit_id", "reason"),
        Index("ix_bulletin_mention_unit_id_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    year: Mapped[int]
    reason: Mapped[str] = mapped_column(String(30))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
