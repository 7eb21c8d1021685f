"""One row per message that asks for 确认收到: what it was, whom it was for, and when it was confirmed.

The link carries only this row's id, signed (``links.py``); the row says who the recipient is, so
the click needs no login and records the recipient, not whoever happens to hold a browser session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

ACK_KINDS = {"urging": "催办", "reminder": "催办提醒", "escalation": "约谈通知", "acceptance": "签收超时提醒"}


class Acknowledgement(Base):
    __tablename__ = "acknowledgement"
    __table_args__ = (Index("ix_acknowledgement_kind_acknowledged_at", "kind", "acknowledged_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # <kind>:<source id>, one per message asking for confirmation.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    recipient_label: Mapped[str] = mapped_column(String(200), default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resent_count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def kind_label(self) -> str:
        return ACK_KINDS.get(self.kind, self.kind)
