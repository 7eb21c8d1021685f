"""One row per reminder; ``dedupe_key`` (target, deadline, slot) makes each one happen once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

URGENCIES = {"due_soon": "即将到期", "due_today": "今日到期", "overdue": "已逾期"}


class Reminder(Base):
    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestone.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Working days relative to the deadline: 3 and 1 before, 0 on the day, -1, -2 … while overdue.
    slot_offset: Mapped[int]
    slot_on: Mapped[date]
    urgency: Mapped[str] = mapped_column(String(20))
    working_days_left: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
