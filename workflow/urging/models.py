"""One row per urging. ``dedupe_key`` makes the schedule's urging of a day happen once (STYLE E9)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime


class Urging(Base):
    __tablename__ = "urging"
    __table_args__ = (Index("ix_urging_ticket_id_day", "ticket_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # manual:<event id> for a hand urging, auto:t<ticket>:<local day> for the schedule's.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_event.id"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    automatic: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[date]
    at: Mapped[datetime] = mapped_column(UTCDateTime)
