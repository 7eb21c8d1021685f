"""Queue 5,000 reminders for 200 units and dispatch them through the fake WeCom server on loopback,
under the per-robot rate limit; print messages sent, wall time, and messages lost (must be 0).

    .venv/bin/python benchmarks/notify.py                         # digests, real 20/min window, SQLite
    .venv/bin/python benchmarks/notify.py --mode each --window 3  # one message per reminder, window scaled
    .venv/bin/python benchmarks/notify.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The clock is real elapsed time anchored at Tuesday 2026-11-24 08:30 Asia/Shanghai, so the send window
is open and the 08:30 digest slot has begun whatever the hour the benchmark runs. ``--window`` scales
the length of the rate-limit window on both sides (our limiter and the fake server); the limit per
window stays 20. "Lost" = reminders whose ticket number never reached its town's robot.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from notifiers.base import Transport  # noqa: E402
from notifiers.jobs import dispatch_once, new_holder, run_digests  # noqa: E402
from notifiers.policy import NotifyPolicy  # noqa: E402
from notifiers.window import weekdays_only  # noqa: E402
from tests.fakes.loopback import LoopbackServer  # noqa: E402
from tests.fakes.wecom import FakeWeCom  # noqa: E402
from workflow.channels.models import NotifyChannel  # noqa: E402
from workflow.clock import LOCAL_TZ, Clock  # noqa: E402
from workflow.db import make_engine, make_sessionmaker, transaction  # noqa: E402
from workflow.migrate import upgrade_head  # noqa: E402
from workflow.orgs.service import create_unit  # noqa: E402
from workflow.outbox.models import Delivery  # noqa: E402
from workflow.outbox.service import enqueue  # noqa: E402
from workflow.tickets.models import Ticket  # noqa: E402

ANCHOR = datetime(2026, 11, 24, 8, 30, tzinfo=LOCAL_TZ)
URGENCIES = ["overdue", "due_today", "due_soon"]


class AnchoredClock(Clock):
    """Real elapsed time, starting at a fixed working-day morning."""

    def __init__(self, anchor: datetime):
        self.anchor, self.t0 = anchor.astimezone(UTC), time.monotonic()

    def now(self) -> datetime:
        return self.anchor + timedelta(seconds=time.monotonic() - self.t0)


def database(url: str | None) -> tuple[str, callable]:
    if not url:
        path = Path(tempfile.mkdtemp(prefix="zg-bench-")) / "bench.db"
        return f"sqlite:///{path}", lambda: None
    name = f"zg_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


def seed(sessions, *, units: int, reminders: int, fmt: str, now: datetime) -> dict[str, list[str]]:
    """200 towns with a robot each, 25 open tickets each, one reminder per ticket; returns key → numbers."""
    expected: dict[str, list[str]] = defaultdict(list)
    with transaction(sessions) as s:
        city = create_unit(s, name="琼海市", kind="district", code="QH")
        towns = [create_unit(s, name=f"第{i:03d}镇", kind="town", parent=city) for i in range(units)]
        keys = {}
        for town in towns:
            keys[town.id] = f"bench{town.id:04d}-{uuid.uuid4()}"
            s.add(NotifyChannel(unit_id=town.id, kind="wecom", name=f"{town.name}工作群",
                                config={"key": keys[town.id], "format": fmt}, is_active=True, created_at=now,
                                updated_at=now))
        rows = [{"number": f"QH-2026-{i:05d}", "title": f"人居环境整治问题{i}", "owner_unit_id": city.id,
                 "place_id": towns[i % units].id, "lead_unit_id": towns[i % units].id, "source": "inspection",
                 "found_at": now, "state": "rectifying", "state_changed_at": now, "created_at": now}
                for i in range(reminders)]
        s.execute(insert(Ticket), rows)
        tickets = s.execute(select(Ticket.id, Ticket.number, Ticket.lead_unit_id).order_by(Ticket.id)).all()
    started = time.perf_counter()
    with transaction(sessions) as s:
        for n, (ticket_id, number, unit_id) in enumerate(tickets):
            urgency = URGENCIES[n % 3]
            enqueue(s, kind="reminder", dedupe_key=f"reminder:{ticket_id}", at=now, ticket_id=ticket_id,
                    unit_id=unit_id, payload={"urgency": urgency, "ticket_number": number, "title": f"问题{n}",
                                              "place_name": "东风村", "due_at": now.isoformat(),
                                              "working_days_left": {"overdue": -2, "due_today": 0}.get(urgency, 2),
                                              "responsible_mobile": f"139{unit_id:08d}", "leader_mobile": None})
            expected[keys[unit_id]].append(number)
    print(f"queued {len(tickets)} reminders for {units} units in {time.perf_counter() - started:.2f} s")
    return expected


def drain(sessions, clock, policy, url: str, deadline: float) -> None:
    holder = new_holder()
    with httpx.Client(timeout=10) as http:
        transport = Transport(http=http, wecom_base_url=url)
        while time.monotonic() < deadline:
            dispatch_once(sessions, clock=clock, policy=policy, transport=transport, is_working_day=weekdays_only,
                          holder=holder)
            with sessions() as s:
                pending = s.scalar(select(func.count()).select_from(Delivery).where(Delivery.status == "pending"))
                next_at = s.scalar(select(func.min(Delivery.available_at)).where(Delivery.status == "pending"))
            if not pending:
                return
            time.sleep(min(max((next_at - clock.now()).total_seconds(), 0.05), 5))


def max_in_window(times: list[float], window: float) -> int:
    best, start = 0, 0
    for end in range(len(times)):
        while times[end] - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", help="PostgreSQL server URL (a fresh database is created and dropped)")
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--reminders", type=int, default=5000)
    parser.add_argument("--mode", choices=["digest", "each"], default="digest")
    parser.add_argument("--per-minute", type=int, default=20, help="messages per window per robot")
    parser.add_argument("--window", type=float, default=60.0, help="window length in seconds (60 = real WeCom)")
    parser.add_argument("--workers", type=int, default=1, help="dispatchers running at once (threads)")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    url, drop = database(args.db_url)
    try:
        upgrade_head(url)
        engine = make_engine(url, pool_size=args.workers + 5) if url.startswith("postgresql") else make_engine(url)
        sessions = make_sessionmaker(engine)
        clock = AnchoredClock(ANCHOR)
        fmt = "text" if args.mode == "each" else "markdown"
        # The reminders were queued by the morning sweep, before the 08:30 digest slot.
        expected = seed(sessions, units=args.units, reminders=args.reminders, fmt=fmt,
                        now=ANCHOR - timedelta(minutes=10))
        policy = replace(NotifyPolicy(base_url="http://zg.test"), reminder_mode=args.mode,
                         wecom_per_window=args.per_minute, wecom_window=timedelta(seconds=args.window),
                         wecom_margin=timedelta(seconds=args.window / 60),
                         digest_group_limit=max(args.reminders, 50))
        fake = FakeWeCom(keys=set(expected), limit=args.per_minute, window=args.window)
        with LoopbackServer(fake.app) as server:
            started = time.perf_counter()
            digest = run_digests(sessions, clock=clock, policy=policy, is_working_day=weekdays_only)
            print(f"routed and digested in {time.perf_counter() - started:.2f} s")
            deadline = time.monotonic() + args.timeout
            workers = [threading.Thread(target=drain, args=(sessions, clock, policy, server.url, deadline))
                       for _ in range(args.workers)]
            if args.workers == 1:
                drain(sessions, clock, policy, server.url, deadline)
            else:
                for w in workers:
                    w.start()
                for w in workers:
                    w.join()
            wall = time.perf_counter() - started
        report(fake, expected, sessions, wall, digest, args, url)
        engine.dispose()
    finally:
        drop()


def report(fake: FakeWeCom, expected, sessions, wall: float, digest, args, url: str) -> None:
    accepted = fake.delivered()
    by_key: dict[str, list] = defaultdict(list)
    for r in accepted:
        by_key[r.key].append(r)
    lost = sum(1 for key, numbers in expected.items() for n in numbers
               if not any(n in r.content for r in by_key[key]))
    worst = max(max_in_window([r.at for r in rows], args.window) for rows in by_key.values()) if by_key else 0
    with sessions() as s:
        states = dict(s.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all())
    print(f"database: {make_url(url).get_backend_name()}   mode: {args.mode}   workers: {args.workers}   "
          f"limit: {args.per_minute} per {args.window:g} s per robot")
    if args.mode == "digest":
        print(f"digests built: {digest.digests} (bundling {digest.items} reminders)")
    print(f"reminders queued: {sum(len(v) for v in expected.values())}   robots: {len(expected)}")
    print(f"messages sent (accepted by the fake server): {len(accepted)}")
    print(f"45009 answers: {len(fake.answered(45009))}   other refusals: "
          f"{len([r for r in fake.requests if r.errcode not in (0, 45009)])}")
    print(f"most messages to one robot in any {args.window:g} s window: {worst} (limit {args.per_minute})")
    print(f"deliveries by status: {states}")
    print(f"wall time: {wall:.2f} s   ({len(accepted) / wall:.1f} messages/s)")
    print(f"messages lost: {lost}")
    if lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
