"""Recording an administrative change in the caller's transaction, and reading the log (admins only).

Services call ``record`` right after they change something, with ``snapshot``s taken before and
after, so the log says exactly which fields changed, by whom and when. Like the ticket timeline,
it is written by service functions only (never ORM events, which bulk updates bypass).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.adminlog.models import AdminChange
from workflow.errors import PermissionDenied

SECRET_FIELDS = {"password_hash", "config"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(row: Any, *, extra: dict | None = None) -> dict:
    """The row's columns as JSON-safe values; secrets are reduced to whether they are set."""
    data = {}
    for column in inspect(row).mapper.column_attrs:
        value = getattr(row, column.key)
        data[column.key] = bool(value) if column.key in SECRET_FIELDS else _plain(value)
    return data | {k: _plain(v) for k, v in (extra or {}).items()}


def record(session: Session, *, actor: Actor | None, at: datetime, entity_kind: str, entity_id: int | None,
           action: str, before: dict | None = None, after: dict | None = None, summary: str = "") -> AdminChange:
    change = AdminChange(actor_id=actor.person_id if actor else None, at=at, entity_kind=entity_kind,
                         entity_id=entity_id, action=action, before=before, after=after, summary=summary[:500])
    session.add(change)
    session.flush()
    return change


def changed_fields(change: AdminChange) -> list[tuple[str, Any, Any]]:
    before, after = change.before or {}, change.after or {}
    return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]


def list_changes(session: Session, *, actor: Actor, entity_kind: str | None = None, entity_id: int | None = None,
                 limit: int = 100, offset: int = 0) -> list[AdminChange]:
    """The log covers the whole county (and who did what), so only admins read it."""
    if not actor.has_any("admin"):
        raise PermissionDenied("只有系统管理员可以查看管理操作记录")
    query = select(AdminChange).order_by(AdminChange.at.desc(), AdminChange.id.desc())
    if entity_kind:
        query = query.where(AdminChange.entity_kind == entity_kind)
    if entity_id is not None:
        query = query.where(AdminChange.entity_id == entity_id)
    return list(session.scalars(query.limit(min(limit, 500)).offset(offset)))
