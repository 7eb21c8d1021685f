"""SIGKILL the real server, dispatcher and sweep at random points under a scripted workload; after each
kill, restart and check: every acknowledged write present, every ticket's state equal to the replay of
its events, no reminder or 约谈 key doubled, SQLite integrity_check ok; at the end every WeCom message
received once (twice only across an interrupted attempt) or still pending.

    .venv/bin/python benchmarks/kill_harness.py --kills 100
    .venv/bin/python benchmarks/kill_harness.py --kills 100 --db-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.faults.harness import run  # noqa: E402


def scratch_database(url: str):
    """A PostgreSQL URL names a server; the harness works in a database of its own there, dropped after."""
    base = make_url(url)
    name = f"zg_kill_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return base.set(database=name).render_as_string(hide_password=False), admin, name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db-url", default=None, help="PostgreSQL server URL; default: a SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.db_url:
            url, admin, name = scratch_database(args.db_url)
        else:
            url, admin, name = f"sqlite:///{workdir / 'zhenggai.db'}", None, None
        try:
            report = run(url, workdir, kills=args.kills, seed=args.seed)
        finally:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(report.summary())
    for failure in report.failures[:20]:
        print("  FAIL", failure)
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
