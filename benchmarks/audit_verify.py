"""Audit chain and backups at 100,000 tickets: generate, verify, anchor, back up, restore; print figures.

Run:  .venv/bin/python benchmarks/audit_verify.py                (SQLite file in a temporary directory)
      .venv/bin/python benchmarks/audit_verify.py --pg           (PostgreSQL at 127.0.0.1:5432, scratch databases)
      .venv/bin/python benchmarks/audit_verify.py --tickets 20000 --events 3 --evidence 200

Data: one district/town/village, N tickets with E hash-chained events each (written through
``events.record_many``, the application's one event writer), and a number of small evidence files.
Steps timed: ``take_anchor`` (the daily anchor), ``verify`` (every chain and every anchor, with 1 and
with 30 daily anchors), ``backup`` and ``restore`` into an empty database and data directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from tests.databases import scratch_pg_database
from workflow.audit.anchors import take_anchor
from workflow.audit.verify import verify
from workflow.backups.service import backup, restore
from workflow.db import make_engine, make_sessionmaker, transaction
from workflow.migrate import upgrade_head
from workflow.orgs.service import create_unit
from workflow.tickets import events
from workflow.tickets.models import Ticket
from workflow.tickets.storage import EvidenceStore

START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
CHUNK = 5000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=3, help="events per ticket")
    parser.add_argument("--evidence", type=int, default=1000, help="evidence files (4 KiB each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zg-audit-bench-") as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        url = _database(stack, args.pg, workdir / "bench.db")
        target = _database(stack, args.pg, workdir / "restored" / "bench.db")
        run(url, target, workdir, args)


def run(url: str, target: str, workdir: Path, args) -> None:
    upgrade_head(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    started = time.perf_counter()
    _generate(sessions, args.tickets, args.events)
    store = EvidenceStore(workdir / "data")
    for i in range(args.evidence):
        store.put(i.to_bytes(4, "big") * 1024)
    print(f"generated {args.tickets:,} tickets × {args.events} events, {args.evidence} files "
          f"in {time.perf_counter() - started:.1f} s ({engine.dialect.name})")

    with transaction(sessions) as s:
        _timed("take_anchor (1st day)", lambda: take_anchor(s, now=START))
    with make_sessionmaker(engine, write=False)() as s:
        report = _timed("verify, 1 anchor", lambda: verify(s))
    assert report.ok, report.breaks[:3]
    for day in range(1, 30):
        with transaction(sessions) as s:
            take_anchor(s, now=START + timedelta(days=day))
    with make_sessionmaker(engine, write=False)() as s:
        report = _timed("verify, 30 anchors", lambda: verify(s))
    assert report.ok and report.anchors == 30
    print(f"  checked {report.tickets:,} tickets, {report.events:,} events, {report.anchors} anchors")
    engine.dispose()

    dest = workdir / "backup"
    manifest = _timed("backup", lambda: backup(database_url=url, data_dir=workdir / "data", dest=dest, now=START))
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"  backup size {size / 2**20:.1f} MiB, {manifest.evidence_files} evidence files")
    _timed("restore", lambda: restore(source=dest, database_url=target, data_dir=workdir / "restored-data"))
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _generate(sessions, tickets: int, per_ticket: int) -> None:
    with transaction(sessions) as s:
        city = create_unit(s, name="琼海市", kind="district", code="QH")
        town = create_unit(s, name="龙江镇", kind="town", parent=city)
        village = create_unit(s, name="东风村", kind="village", parent=town)
        unit_ids = (city.id, village.id)
    triggers = ["file", "assign", "accept", "submit", "verify", "close"]
    for start in range(0, tickets, CHUNK):
        with transaction(sessions) as s:
            rows = [{"number": f"QH-2026-{n:06d}", "title": f"村道垃圾未清理{n}", "owner_unit_id": unit_ids[0],
                     "place_id": unit_ids[1], "lead_unit_id": unit_ids[1], "source": "inspection",
                     "found_at": START, "state_changed_at": START, "created_at": START}
                    for n in range(start + 1, min(start + CHUNK, tickets) + 1)]
            ids = s.scalars(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), rows).all()
            events.record_many(s, [
                {"ticket_id": tid, "at": START + timedelta(hours=k), "actor_id": None, "trigger": triggers[k % 6],
                 "from_state": None, "to_state": None, "comment": "已按要求整改到位" if k else "",
                 "payload": {"step": k}}
                for k in range(per_ticket) for tid in ids])


def _timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label:<24} {time.perf_counter() - started:8.2f} s")
    return result


def _database(stack: ExitStack, pg: bool, sqlite_path: Path) -> str:
    if not pg:
        return f"sqlite:///{sqlite_path}"
    return stack.enter_context(scratch_pg_database("zg_bench"))


if __name__ == "__main__":
    os.environ.setdefault("ZHENGGAI_RUN_SCHEDULER", "false")
    main()
