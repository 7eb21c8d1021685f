"""The outbox: one row per logical notification, and the physical deliveries it fans out into.

``workflow`` writes ``OutboxMessage`` rows in the business transaction (STYLE E8); ``notifiers``
routes each message to channels (``Delivery`` rows, or ``DigestItem`` rows that a digest run
bundles), claims deliveries with a lease, sends them and records every try (``DeliveryAttempt``).
``RateSlot`` is the per-robot limiter shared by every process through the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

KINDS = {
    "reminder": "催办提醒",
    "escalation": "约谈通知",
    "rejection": "验收不通过",
    "assignment": "交办通知",
    "urging": "催办",
    "acceptance": "签收超时提醒",
    "milestone": "督查节点提醒",
}

# pending → routed (deliveries or digest items exist) | unroutable (no channel, or a template failed)
MESSAGE_STATUSES = {"pending": "待分发", "routed": "已分发", "unroutable": "无法分发"}
# pending → sent | dead (attempts used up, or a permanent error such as an invalid robot key)
DELIVERY_STATUSES = {"pending": "待发送", "sent": "已发送", "dead": "发送失败"}
# what one try came to: "interrupted" is a lease that expired with no answer recorded (a crash)
ATTEMPT_OUTCOMES = {
    "sent": "成功",
    "retry": "暂时失败，稍后重试",
    "throttled": "频率受限，稍后重发",
    "permanent": "永久失败",
    "interrupted": "发送中断，结果未知",
}


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_available_at", "status", "available_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    routed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_holder: Mapped[str | None] = mapped_column(String(80))


class Digest(Base):
    """One bundle of reminders per channel per digest run; the unique key makes a run idempotent."""

    __tablename__ = "digest"
    __table_args__ = (UniqueConstraint("channel_id", "run_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("notify_channel.id"), index=True)
    run_key: Mapped[str] = mapped_column(String(40))
    item_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestItem(Base):
    """A reminder routed to a channel, waiting for (or bundled into) a digest."""

    __tablename__ = "digest_item"
    __table_args__ = (
        UniqueConstraint("message_id", "channel_id"),
        Index("ix_digest_item_channel_id_digest_id", "channel_id", "digest_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("notify_channel.id"))
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digest.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """One wire message to one channel. ``payload`` is exactly what is posted, so a retry resends it."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_status_available_at", "status", "available_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("digest.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("notify_channel.id"), index=True)
    part: Mapped[int] = mapped_column(default=1)
    parts: Mapped[int] = mapped_column(default=1)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    # Reminders and digests wait for the send window; escalations and rejections do not.
    quiet: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_holder: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status_code: Mapped[int | None]
    last_response: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeliveryAttempt(Base):
    """Every try and what came back, in the order they happened."""

    __tablename__ = "delivery_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    holder: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(20))
    status_code: Mapped[int | None]
    response: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None]


class RateSlot(Base):
    """``limit`` slots per bucket (one bucket per robot key); a send takes the oldest slot if it is
    older than the window, by a compare-and-set UPDATE, so every process shares one sliding window."""

    __tablename__ = "rate_slot"

    bucket: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)
