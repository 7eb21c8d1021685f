"""SQLite through the online backup API: one step copies every page inside one read transaction, so
the copy is a consistent snapshot while the server keeps writing (WAL lets writers go on meanwhile)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from workflow.backups.manifest import count_tables

FILE = "database.sqlite3"


def path_of(url: str) -> Path:
    return Path(make_url(url).database or "")


def dump(url: str, target: Path) -> tuple[dict[str, int], str | None]:
    """Copy the live database to ``target``; counts and revision are read from the copy itself."""
    with closing(sqlite3.connect(path_of(url), timeout=30)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # pages=-1: all pages in one step
    return read_counts(target)


def read_counts(path: Path) -> tuple[dict[str, int], str | None]:
    with closing(sqlite3.connect(path)) as conn:
        counts = count_tables(lambda sql: conn.execute(sql).fetchone()[0])
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return counts, revision[0] if revision else None


def is_empty(url: str) -> bool:
    path = path_of(url)
    if not path.exists() or path.stat().st_size == 0:
        return True
    with closing(sqlite3.connect(path, timeout=30)) as conn:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0


def load(source: Path, url: str) -> tuple[dict[str, int], str | None]:
    """Write the backup into the target through the same API, so a target in WAL mode stays coherent."""
    target = path_of(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as backup, closing(sqlite3.connect(target, timeout=30)) as live:
        backup.backup(live)
    return read_counts(target)
