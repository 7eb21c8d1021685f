"""PostgreSQL through ``pg_dump -Fc`` / ``pg_restore``.

The counts in the manifest come from the very snapshot the dump reads: a REPEATABLE READ transaction
exports its snapshot and ``pg_dump --snapshot`` uses it. The password, if any, goes to the tools
through PGPASSWORD, never on the command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workflow.backups.manifest import BackupError, count_tables

FILE = "database.dump"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具")
    return path


def _conninfo(url: str) -> tuple[list[str], dict[str, str]]:
    parts = make_url(url)
    args = ["--dbname", parts.database or ""]
    for flag, value in (("--host", parts.host), ("--port", parts.port), ("--username", parts.username)):
        if value:
            args += [flag, str(value)]
    env = {**os.environ}
    if parts.password:
        env["PGPASSWORD"] = str(parts.password)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} 失败：{result.stderr.strip()[-800:]}")


def dump(url: str, target: Path) -> tuple[dict[str, int], str | None]:
    args, env = _conninfo(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                counts = count_tables(lambda sql: conn.execute(text(sql)).scalar_one())
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                _run([_tool("pg_dump"), "--format=custom", "--snapshot", snapshot, "--file", str(target), *args], env)
    finally:
        engine.dispose()
    return counts, revision


def is_empty(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")).scalar_one() == 0
    finally:
        engine.dispose()


def clear(url: str) -> None:
    """--force: drop every table, view, sequence and function of ours, so the restore starts empty."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()


def load(source: Path, url: str) -> tuple[dict[str, int], str | None]:
    args, env = _conninfo(url)
    _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", *args, str(source)], env)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counts = count_tables(lambda sql: conn.execute(text(sql)).scalar_one())
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    return counts, revision
