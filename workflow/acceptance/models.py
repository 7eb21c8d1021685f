"""One row per 签收 reminder: ticket, 签收 limit and working day, unique, so a re-run sends nothing twice.

Kept apart from ``reminder`` (the rectification deadline's slots): the two clocks are different
(practice 1), and the rectification reminders' history stays as it was."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime


class AcceptanceReminder(Base):
    __tablename__ = "acceptance_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    accept_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date]
    working_days_late: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
