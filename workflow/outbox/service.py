"""Enqueue a notification in the caller's transaction; a repeated key inserts nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from workflow.db import insert_ignoring_conflict
from workflow.outbox.models import KINDS, OutboxMessage


def enqueue(
    session: Session,
    *,
    kind: str,
    dedupe_key: str,
    at: datetime,
    ticket_id: int | None = None,
    unit_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> bool:
    if kind not in KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    return insert_ignoring_conflict(
        session, OutboxMessage, dedupe_key=dedupe_key, kind=kind, ticket_id=ticket_id, unit_id=unit_id,
        payload=payload or {}, status="pending", created_at=at, available_at=at,
    )
