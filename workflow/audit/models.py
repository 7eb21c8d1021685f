"""Daily anchors: one digest over every ticket's latest event hash, printed or sent out by the office."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime


class AuditAnchor(Base):
    """Append-only like ``ticket_event`` (database triggers), and chained: each names the previous digest."""

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Covers exactly the events with id <= last_event_id (taken under a lock, so none can appear below it later).
    last_event_id: Mapped[int]
    tickets: Mapped[int]
    events: Mapped[int]
    prev_digest: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
