"""``zhenggai serve --workers 2`` on PostgreSQL: two worker processes answer, and of their two schedulers
only the lease holder sweeps (issue 15). The one process-spawning test of the serving path.

The test holds an ACCESS EXCLUSIVE lock on ``ticket`` before the server starts, so the worker that takes
the sweep lease is stuck inside its sweep (still holding the lease) when the other worker's scheduler
ticks. Without the lease both sweeps would wait on the lock; with it exactly one backend waits and the
lease names one of the two workers. Released, the sweep finishes and gives the lease back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.deadline_fixtures import reference
from workflow.db import make_engine, make_sessionmaker

ZHENGGAI = Path(sys.executable).with_name("zhenggai")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(url: str) -> psycopg.Connection:
    parsed = make_url(url)
    return psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username, dbname=parsed.database)


def children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def wait_for(what: str, check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def pg_url(pg_database):
    engine = make_engine(pg_database.url)
    reference(make_sessionmaker(engine))  # a calendar, so the sweep gets as far as reading tickets
    engine.dispose()
    yield pg_database.url
    pg_database.empty()


def test_two_workers_on_postgresql_answer_and_only_the_lease_holder_sweeps(pg_url, tmp_path):
    port = free_port()
    env = os.environ | {"ZHENGGAI_DATABASE_URL": pg_url, "ZHENGGAI_DATA_DIR": str(tmp_path / "data"),
                        "ZHENGGAI_SECRET_KEY": "x", "ZHENGGAI_RUN_SCHEDULER": "true"}
    blocker = connect(pg_url)
    blocker.execute("LOCK TABLE ticket IN ACCESS EXCLUSIVE MODE")  # stays held: the transaction stays open
    watcher = connect(pg_url)
    watcher.autocommit = True
    server = subprocess.Popen([str(ZHENGGAI), "serve", "--workers", "2", "--port", str(port)], env=env,
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for("the server", lambda: _answers(port))
        workers = wait_for("two worker processes", lambda: (kids := children(server.pid)) and len(kids) >= 2
                           and kids)
        holder = wait_for("a sweep lease holder", lambda: watcher.execute(
            "SELECT holder FROM scheduler_lease WHERE name = 'sweep' AND holder IS NOT NULL").fetchone())[0]
        holder_pid = int(holder.split(":")[1])
        assert holder_pid in workers
        # Both schedulers tick 5 s after their worker started; watch well past the second tick.
        waiting = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            waiting.append(watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> %s", (blocker.info.backend_pid,)).fetchone()[0])
            time.sleep(0.2)
        assert max(waiting) == 1, waiting  # one sweeper waits on the lock; the other worker was refused the lease
        blocker.rollback()  # let the sweep through
        wait_for("the lease to be given back", lambda: watcher.execute(
            "SELECT holder IS NULL FROM scheduler_lease WHERE name = 'sweep'").fetchone()[0])
        assert _answers(port)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        blocker.close()
        watcher.close()


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_serve_refuses_a_worker_count_below_one_before_serving(sqlite_template, monkeypatch):
    from typer.testing import CliRunner

    from cli.main import app

    monkeypatch.setenv("ZHENGGAI_DATABASE_URL", sqlite_template.fresh_url())
    result = CliRunner().invoke(app, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output and "正整数" in result.output
