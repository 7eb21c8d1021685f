"""How the sweep's cost grows: with due tickets, not with all tickets (STYLE E9, docs/deadlines.md).

Usage: .venv/bin/python benchmarks/sweep_cost.py [sqlite URL or postgresql URL]
Builds N open tickets of which D are due within the reminder horizon, runs one sweep, prints seconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

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
        village = create_unit(s, name="东风村", kind="village", parent=create_unit(s, name="龙江镇", kind="town",
                                                                                   parent=city))
        create_person(s, name="赵副市长", unit=city, post="district_leader_in_charge")
        rows = []
        for i in range(total):
            # Due tickets: overdue or within 3 working days; the rest: 1–300 days ahead.
            day = date(2026, 11, 20) + timedelta(days=i % 8) if i < due else date(2026, 12, 10) + timedelta(
                days=i % 300)
            rows.append({"number": f"QH-2026-{i:06d}", "title": f"问题{i}", "description": "", "owner_unit_id": city.id,
                         "place_id": village.id, "lead_unit_id": village.id, "source": "inspection",
                         "severity": "general", "found_at": NOW - timedelta(days=30), "assigned_at": NOW - timedelta(
                             days=30), "due_at": end_of_local_day(day), "original_due_at": end_of_local_day(day),
                         "state": "rectifying", "awaiting_verification": False, "round": 1, "rework_count": 0,
                         "return_count": 0, "plan": "", "state_changed_at": NOW, "created_at": NOW, "version": 1})
        s.execute(insert(Ticket), rows)
    return sessions


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else None
    print(f"{'tickets':>8} {'due':>5} {'sweep s':>8} {'reminders':>9} {'约谈':>4} {'repeat s':>8}")
    for total, due in [(1_000, 50), (10_000, 50), (10_000, 500)]:
        with tempfile.TemporaryDirectory() as tmp:
            url = base or f"sqlite:///{tmp}/bench.db"
            sessions = build(url, total, due)
            started = time.perf_counter()
            report = run_sweep(sessions, now=NOW.astimezone(UTC))
            first = time.perf_counter() - started
            started = time.perf_counter()
            run_sweep(sessions, now=NOW.astimezone(UTC))
            again = time.perf_counter() - started
            print(f"{total:>8} {due:>5} {first:>8.2f} {report.reminders:>9} {report.interviews:>4} {again:>8.2f}")
            if base:
                break


if __name__ == "__main__":
    main()
