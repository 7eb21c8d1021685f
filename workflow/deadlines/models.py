"""Deadline history, timetable milestones and extension requests.

Every deadline a ticket (or milestone) ever had is a ``ticket_deadline`` row with the rule that
produced it; ``Ticket.due_at`` is the one in force and ``Ticket.original_due_at`` the first.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

DEADLINE_REASONS = {
    "filed": "登记时确定",
    "assigned": "交办时计算",
    "extension": "延期获批",
    "calendar_corrected": "工作日历更正后重算",
    "milestone_added": "增加节点",
    "reopened": "重新整改时确定",
}
EXTENSION_STATUSES = {"pending": "待审批", "approved": "已批准", "refused": "未批准"}


class TicketDeadline(Base):
    __tablename__ = "ticket_deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestone.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rule: Mapped[dict] = mapped_column(JSON, default=dict)
    rule_label: Mapped[str] = mapped_column(String(100), default="")
    # The local date the relative rule counted from (交办日); None for fixed dates.
    counted_from: Mapped[date | None]
    reason: Mapped[str] = mapped_column(String(30))
    extension_id: Mapped[int | None] = mapped_column(ForeignKey("extension_request.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Milestone(Base):
    """One node of a 整改时间表: its own due date, done with evidence, overdue on its own."""

    __tablename__ = "milestone"
    __table_args__ = (Index("ix_milestone_done_at_due_at", "done_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    done_event_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_event.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    @property
    def done_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at


class ExtensionRequest(Base):
    """申请延期: filed by the responsible unit before the deadline, decided by the office."""

    __tablename__ = "extension_request"
    __table_args__ = (Index("ix_extension_request_ticket_id_status", "ticket_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestone.id"))
    sequence: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str] = mapped_column(Text)
    progress: Mapped[str] = mapped_column(Text, default="")
    requested_due_on: Mapped[date]
    previous_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    approved_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status_label(self) -> str:
        return EXTENSION_STATUSES.get(self.status, self.status)
