"""How the sweep's cost grows: with due tickets, not with all tickets (STYLE E9, docs/deadlines.md).

Usage: .venv/bin/python benchmarks/sweep_cost.py [--pg] [--sizes 1000:50,10000:500,100000:10000,1000000:10000]
Builds N open tickets of which D are due within the reminder horizon (about half of them overdue, so they
get a 约谈 and a 催办 too), runs one sweep, then the same sweep again (nothing new to do), prints seconds.
Every size gets a fresh database: a SQLite file in a temporary directory, or a scratch PostgreSQL database.
Target (issue 15): 10,000 due < 5 s, flat as the total grows from 100k to 1M.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.databases import scratch_pg_database
from workflow.accounts.service import create_person
from workflow.clock import LOCAL_TZ
from workflow.db import make_engine, make_sessionmaker, transaction
from workflow.deadlines.local_time import end_of_local_day
from workflow.migrate import upgrade_head
from workflow.orgs.service import create_unit
from workflow.reference_data import ensure_reference_data
from workflow.sweep import run_sweep
from workflow.tickets.models import Ticket

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LOCAL_TZ)


def build(url: str, total: int, due: int):
    upgrade_head(url)
    sessions = make_sessionmaker(make_engine(url))
    with transaction(sessions) as s:
        ensure_reference_data(s, now=NOW, years=[2025, 2026])
        city = create_unit(s, name="琼海市", kind="district", code="QH")
        towns = [create_unit(s, name=f"第{t + 1}镇", kind="town", parent=city) for t in range(10)]
        villages = [create_unit(s, name=f"{town.name}{v + 1}村", kind="village", parent=town)
                    for town in towns for v in range(15)]  # 150 villages: 约谈 and strikes spread as in a county
        create_person(s, name="赵副市长", unit=city, post="district_leader_in_charge")
        rows = []
        for i in range(total):
            # Due tickets: overdue or within 3 working days; the rest: 1–300 days ahead.
            day = date(2026, 11, 20) + timedelta(days=i % 8) if i < due else date(2026, 12, 10) + timedelta(
                days=i % 300)
            rows.append({"number": f"QH-2026-{i:07d}", "title": f"问题{i}", "description": "", "owner_unit_id": city.id,
                         "place_id": villages[i % 150].id, "lead_unit_id": villages[i % 150].id, "source": "inspection",
                         "severity": "general", "found_at": NOW - timedelta(days=30), "assigned_at": NOW - timedelta(
                             days=30), "due_at": end_of_local_day(day), "original_due_at": end_of_local_day(day),
                         "state": "rectifying", "awaiting_verification": False, "round": 1, "rework_count": 0,
                         "return_count": 0, "plan": "", "state_changed_at": NOW, "created_at": NOW, "version": 1})
            if len(rows) == 20_000:
                s.execute(insert(Ticket), rows)
                rows = []
        if rows:
            s.execute(insert(Ticket), rows)
    return sessions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", action="store_true", help="PostgreSQL at 127.0.0.1:5432 (a scratch database)")
    parser.add_argument("--sizes", default="1000:50,10000:500,100000:10000",
                        help="total:due pairs, e.g. 100000:10000,1000000:10000")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in pair.split(":")) for pair in args.sizes.split(",")]
    print(f"database: {'PostgreSQL' if args.pg else 'SQLite (WAL, file)'}")
    print(f"{'tickets':>8} {'due':>6} {'build s':>8} {'sweep s':>8} {'ms/due':>7} {'reminders':>9} {'约谈':>5} "
          f"{'催办':>5} {'repeat s':>8}")
    for total, due in sizes:
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
            url = stack.enter_context(scratch_pg_database("zg_sweep")) if args.pg else f"sqlite:///{tmp}/bench.db"
            started = time.perf_counter()
            sessions = build(url, total, due)
            built = time.perf_counter() - started
            started = time.perf_counter()
            report = run_sweep(sessions, now=NOW.astimezone(UTC))
            first = time.perf_counter() - started
            started = time.perf_counter()
            run_sweep(sessions, now=NOW.astimezone(UTC))
            again = time.perf_counter() - started
            sessions.kw["bind"].dispose()
            print(f"{total:>8} {due:>6} {built:>8.1f} {first:>8.2f} {first / due * 1000:>7.2f} {report.reminders:>9} "
                  f"{report.interviews:>5} {report.urgings:>5} {again:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
