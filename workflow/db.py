"""Engine, sessions and the declarative base shared by every model.

SQLite is the embedded default (WAL, foreign keys on, a busy timeout so two writers queue
instead of failing); PostgreSQL is the production target. Datetimes are stored as naive UTC
and handed back aware, so both databases behave the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import ClassVar

from sqlalchemy import DateTime, MetaData, create_engine, event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, naive UTC on disk."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# Connection pool (issue 15): sized from settings (``db_pool_size``/``db_max_overflow``); a request that cannot
# get a connection within ``db_pool_timeout`` seconds fails fast (503, web/errors.py) instead of queueing for
# 30 s while the client has long given up and the server keeps working for nobody.
DEFAULT_POOL = {"pool_size": 10, "max_overflow": 20, "pool_timeout": 5.0}


def make_engine(url: str, *, pool_size: int | None = None, max_overflow: int | None = None,
                pool_timeout: float | None = None, **kwargs) -> Engine:
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    in_memory = url.startswith("sqlite") and url.split("///", 1)[-1] in ("", ":memory:", "sqlite://")
    if not in_memory:  # an in-memory SQLite has one connection per thread, no queue to size
        kwargs = {**DEFAULT_POOL, **{k: v for k, v in pool.items() if v is not None}, **kwargs}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate_on_write)
        return engine
    # JIT off: for the ledger's LIMIT/count queries PostgreSQL spends ~340 ms compiling to save nothing
    # (benchmarks/RESULTS.md, "Ledger pages"); these are short OLTP reads, not analytics.
    return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"}, **kwargs)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Let SQLAlchemy, not the driver, open transactions so BEGIN can be chosen below.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # Issue 15: the 2 MB default page cache made every 100k-ticket read go to the OS; 64 MB of cache per
    # connection, 256 MB memory-mapped reads and temporary b-trees (sorts, GROUP BY) in memory.
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA mmap_size=268435456")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _sqlite_begin_immediate_on_write(conn) -> None:
    """Writers take SQLite's write lock at BEGIN, so they queue (busy_timeout) instead of failing.

    A deferred transaction that read first and writes after another writer committed gets
    SQLITE_BUSY_SNAPSHOT at once, whatever the timeout; BEGIN IMMEDIATE avoids that. Read-only
    sessions (``make_sessionmaker(..., write=False)``) keep a plain BEGIN and never block.
    """
    write = conn.get_execution_options().get("zhenggai_write", True)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_sessionmaker(engine: Engine, *, write: bool = True) -> sessionmaker[Session]:
    return sessionmaker(engine.execution_options(zhenggai_write=write), expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def insert_ignoring_conflict(session: Session, model: type[Base], **values) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either database; True when a row was inserted.

    Unique keys, not locks, make repeated sweeps and retries harmless (STYLE E9).
    """
    # RETURNING, not rowcount: psycopg 3 reports rowcount -1 for INSERT … ON CONFLICT DO NOTHING.
    # The values go as parameters, not ``.values(**values)``: the statement is then the same object for
    # every call and compiles once (the sweep, filing and imports call this thousands of times).
    result = session.execute(_ignoring_insert(model.__table__, True), values)
    return result.first() is not None


def insert_many_ignoring_conflict(session: Session, model: type[Base], rows: list[dict]) -> None:
    """The bulk form: one executemany of INSERT … ON CONFLICT DO NOTHING (rows already present are skipped).
    Every row must carry the same keys."""
    if rows:
        session.execute(_ignoring_insert(model.__table__, False), rows)


class _DoNothingOnConflict(ClauseElement):
    """``ON CONFLICT DO NOTHING`` as a cacheable clause. The dialects' own ``on_conflict_do_nothing()`` builds an
    Insert that SQLAlchemy never caches (``inherit_cache = False``), so each call compiled afresh (~0.5 ms, a
    quarter of a sweep's time); both SQLite (3.24+) and PostgreSQL accept this exact text without a target."""

    __visit_name__ = "zg_do_nothing_on_conflict"
    inherit_cache = True
    _traverse_internals: ClassVar[list] = []


@compiles(_DoNothingOnConflict)
def _render_do_nothing(_element, _compiler, **_kw) -> str:
    return "ON CONFLICT DO NOTHING"


@cache
def _ignoring_insert(table, returning: bool):
    statement = insert(table)
    statement._post_values_clause = _DoNothingOnConflict()
    return statement.returning(*table.primary_key.columns) if returning else statement
