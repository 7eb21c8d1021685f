"""Enqueue a notification in the caller's transaction; a repeated key inserts nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from workflow.db import insert_ignoring_conflict, insert_many_ignoring_conflict
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


def enqueue_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk ``enqueue`` (the sweep): each row has kind, dedupe_key, at, ticket_id, unit_id and payload; one
    executemany, a repeated key inserts nothing, exactly as one call per row would."""
    for row in rows:
        if row["kind"] not in KINDS:
            raise ValueError(f"unknown outbox kind {row['kind']!r}")
    insert_many_ignoring_conflict(session, OutboxMessage, [
        {"dedupe_key": r["dedupe_key"], "kind": r["kind"], "ticket_id": r.get("ticket_id"),
         "unit_id": r.get("unit_id"), "payload": r.get("payload") or {}, "status": "pending",
         "created_at": r["at"], "available_at": r["at"]} for r in rows])
