"""Real test databases on SQLite and PostgreSQL, migrated by Alembic (STYLE E12).

SQLite: one template migrated per run, copied per test. PostgreSQL: one database per test run
(so parallel runs do not collide), migrated once and emptied after each test. PostgreSQL is
skipped only when it is absent, and ZHENGGAI_REQUIRE_PG=1 (set by .ci/run) turns absence into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workflow.migrate import upgrade_head
from workflow.models import Base

PG_ADMIN_URL = os.environ.get("ZHENGGAI_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("ZHENGGAI_REQUIRE_PG") == "1"


def pg_available() -> str | None:
    """None when reachable, else the reason."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


class SqliteTemplate:
    def __init__(self, directory: Path):
        self.directory = directory
        self.template = directory / "template.db"
        upgrade_head(f"sqlite:///{self.template}")

    def fresh_url(self) -> str:
        target = self.directory / f"t-{uuid.uuid4().hex[:10]}.db"
        shutil.copy(self.template, target)
        return f"sqlite:///{target}"


class PostgresDatabase:
    def __init__(self):
        self.name = f"zg_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(PG_ADMIN_URL).set(database=self.name).render_as_string(hide_password=False)
        upgrade_head(self.url)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        self.truncate = f"TRUNCATE {tables} RESTART IDENTITY CASCADE"

    def empty(self) -> None:
        engine = create_engine(self.url)
        with engine.begin() as conn:
            conn.execute(text(self.truncate))
        engine.dispose()

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def require_pg_or_skip() -> None:
    reason = pg_available()
    if reason is None:
        return
    if REQUIRE_PG:
        pytest.fail(f"{reason} (ZHENGGAI_REQUIRE_PG=1)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def scratch_pg_database(prefix: str, server_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """A new, empty PostgreSQL database beside the one ``server_url`` names (for migrations, restores and the
    kill harness, which must start from nothing), dropped afterwards even while connections linger."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
