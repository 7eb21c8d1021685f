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
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.databases import scratch_pg_database  # noqa: E402
from tests.faults.harness import run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db-url", default=None, help="PostgreSQL server URL; default: a SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        if args.db_url:
            url = stack.enter_context(scratch_pg_database("zg_kill", args.db_url))
        else:
            url = f"sqlite:///{workdir / 'zhenggai.db'}"
        report = run(url, workdir, kills=args.kills, seed=args.seed)
    print(report.summary())
    for failure in report.failures[:20]:
        print("  FAIL", failure)
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
