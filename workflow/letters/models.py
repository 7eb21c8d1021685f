"""督办函 rows: numbered per year (督办函〔2026〕3号), open until the unit's reply is recorded."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

LETTER_STATUSES = {"open": "待回复", "replied": "已回复"}


class SupervisionLetter(Base):
    __tablename__ = "supervision_letter"
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    year: Mapped[int]
    seq: Mapped[int]
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    problem: Mapped[str] = mapped_column(Text)
    requirement: Mapped[str] = mapped_column(Text)
    reply_due_on: Mapped[date]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")
    reply_text: Mapped[str] = mapped_column(Text, default="")
    reply_sha256: Mapped[str | None] = mapped_column(String(64))
    reply_filename: Mapped[str | None] = mapped_column(String(300))
    reply_content_type: Mapped[str | None] = mapped_column(String(100))
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status_label(self) -> str:
        return LETTER_STATUSES.get(self.status, self.status)
