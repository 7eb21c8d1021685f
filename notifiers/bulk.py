"""Many rows in one INSERT … ON CONFLICT DO NOTHING, on SQLite or PostgreSQL (unique keys make reruns harmless)."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from workflow.db import Base

CHUNK = 500  # stays well under SQLite's limit on bound parameters


def insert_rows_ignoring_conflict(session: Session, model: type[Base], rows: list[dict]) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model).values(rows[start:start + CHUNK]).on_conflict_do_nothing())
