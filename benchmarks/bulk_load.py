"""Bulk writers for the generator: executemany on SQLite, COPY on PostgreSQL, same rows for both.

Rows are tuples of plain Python values in the column order given: naive UTC datetimes, dates, bools,
ints, strings, and JSON already dumped to a string (so both databases store the same text). The
application's ORM is not used here: at a million tickets its per-row work would take hours, and the
rows written are exactly what the services write (the generator's test checks them with the services).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import make_url

Row = Sequence[Any]


def _sqlite_datetime(value: datetime) -> str:
    # The storage format SQLAlchemy's SQLite DATETIME reads back.
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


class SqliteWriter:
    """One connection, one transaction per ``commit``; journal and fsync off while loading."""

    dialect = "sqlite"

    def __init__(self, url: str):
        self.path = make_url(url).database
        sqlite3.register_adapter(datetime, _sqlite_datetime)
        sqlite3.register_adapter(date, date.isoformat)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA cache_size=-1000000")  # ~1 GB of page cache for the index builds
        self.conn.execute("PRAGMA temp_store=MEMORY")
        self.conn.execute("BEGIN")

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f'INSERT INTO {table} ({", ".join(columns)}) VALUES ({marks})', rows)

    def commit(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN")

    def finish(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA journal_mode=WAL")  # what the application runs with
        self.conn.close()


class PostgresWriter:
    """COPY through psycopg; sequences moved past the ids written; ANALYZE at the end."""

    dialect = "postgresql"

    def __init__(self, url: str):
        import psycopg

        parsed = make_url(url)
        self.conn = psycopg.connect(
            host=parsed.host or "127.0.0.1", port=parsed.port or 5432, user=parsed.username or "postgres",
            password=parsed.password, dbname=parsed.database)
        self.conn.execute("SET synchronous_commit = off")
        self.tables: set[str] = set()

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        self.tables.add(table)
        quoted = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def commit(self) -> None:
        self.conn.commit()

    def finish(self) -> None:
        for table in sorted(self.tables):
            self.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table})) WHERE EXISTS (SELECT 1 FROM {table}) "
                              f"AND pg_get_serial_sequence('{table}', 'id') IS NOT NULL")
        self.conn.commit()
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def writer_for(url: str) -> SqliteWriter | PostgresWriter:
    return SqliteWriter(url) if url.startswith("sqlite") else PostgresWriter(url)
