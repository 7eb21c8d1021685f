"""Fan-out: a rendered notice becomes one delivery row per wire payload of one channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from notifiers.base import Notice
from notifiers.registry import CHANNELS
from workflow.channels.models import NotifyChannel
from workflow.db import insert_ignoring_conflict
from workflow.outbox.models import Delivery


def add_deliveries(session: Session, channel: NotifyChannel, notice: Notice, *, kind: str, now: datetime, key: str,
                   message_id: int | None = None, digest_id: int | None = None, quiet: bool) -> int:
    """One row per wire payload (a long digest is several parts, each rate-limited and retried alone)."""
    payloads = CHANNELS[channel.kind].prepare(notice, channel.config)
    for part, payload in enumerate(payloads, start=1):
        insert_ignoring_conflict(
            session, Delivery, dedupe_key=f"{key}:{part}", kind=kind, message_id=message_id, digest_id=digest_id,
            channel_id=channel.id, part=part, parts=len(payloads), payload=payload, quiet=quiet, status="pending",
            attempts=0, available_at=now, created_at=now,
        )
    return len(payloads)
