"""How fast the ledger's pages are at 100k tickets: keyset vs OFFSET, bounded vs exact count, filters, stats.

    .venv/bin/python benchmarks/ledger_pages.py                       # SQLite file in /tmp, 100k tickets
    .venv/bin/python benchmarks/ledger_pages.py --url postgresql+psycopg://postgres@127.0.0.1:5432/zg_bench --n 100000

The database is migrated by Alembic, the org tree and people made by the services, and the tickets
bulk-inserted (the services would take minutes; the ledger reads rows, not how they were written).
Each figure is the median of several runs of the same read functions the pages call. Talks only to
loopback. Results: benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from workflow.accounts.service import actor_of, create_person
from workflow.checklists.loader import load_checklist_dir
from workflow.checklists.models import ChecklistItem
from workflow.db import make_engine, make_sessionmaker, transaction
from workflow.ledger.browse import bounded_count, ledger_page
from workflow.ledger.stats import town_progress
from workflow.migrate import upgrade_head
from workflow.orgs.service import create_unit
from workflow.seeddata import CHECKLIST_DIR
from workflow.tickets.models import Ticket
from workflow.tickets.queries import TicketFilters, filtered, page_of
from workflow.tickets.worklists import my_open_tickets

NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
TITLES = ["村道两侧垃圾堆放未清理", "监测对象帮扶计划未按时制定", "村务公开栏内容未更新", "危房改造资料不全",
          "饮水安全设施维护记录缺失", "小额信贷逾期台账未建立", "产业帮扶项目进度滞后", "厕所改造后无人管护"]
STATES = ["found", "assigned", "rectifying", "rectifying", "rectifying", "verified", "closed", "closed", "closed",
          "closed"]
SOURCES = ["inspection", "covert", "audit", "self_check", "public"]


def fresh_database(url: str) -> str:
    """Drop and re-create the benchmark database (SQLite file or PostgreSQL database), then migrate it."""
    if url.startswith("sqlite"):
        import os
        from pathlib import Path

        path = make_url(url).database
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    else:
        parsed = make_url(url)
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()
    upgrade_head(url)
    return url


def populate(sessions, n: int) -> dict:
    with transaction(sessions) as s:
        district = create_unit(s, name="琼海市", kind="district", code="QH")
        towns, villages = [], []
        for t in range(12):
            town = create_unit(s, name=f"第{t + 1}镇", kind="town", parent=district)
            towns.append(town)
            villages += [(town, create_unit(s, name=f"第{t + 1}镇{v + 1}村", kind="village", parent=town))
                         for v in range(16)]
        office = create_person(s, name="王主任", unit=district, roles=["office"])
        operator = create_person(s, name="专干", unit=towns[3], roles=["operator"])
        load_checklist_dir(s, CHECKLIST_DIR)
        items = list(s.scalars(select(ChecklistItem.id).order_by(ChecklistItem.id)))
        ids = {"district": district.id, "town": towns[3].id, "office": office.id, "operator": operator.id}
    start = NOW - timedelta(days=365)
    batch = []
    with transaction(sessions) as s:
        for i in range(n):
            town, village = villages[i % len(villages)]
            found = start + timedelta(minutes=i * 525_600 // n)  # spread over the year
            state = STATES[(i * 7) % len(STATES)]
            due = found + timedelta(days=10 + i % 40)
            verified = found + timedelta(days=5 + i % 50) if state in ("verified", "closed") else None
            batch.append({
                "number": f"QH-{found.year}-{i:06d}", "title": TITLES[i % len(TITLES)] + f"（{i}）",
                "description": "督查组现场检查发现。", "checklist_item_id": items[i % len(items)] if i % 3 else None,
                "owner_unit_id": ids["district"], "place_id": village.id, "lead_unit_id": village.id,
                "source": SOURCES[i % len(SOURCES)], "severity": "general", "found_at": found, "assigned_at": found,
                "due_at": due, "original_due_at": due, "state": state, "awaiting_verification": False, "round": 1,
                "rework_count": 0, "return_count": 0, "plan": "", "verified_at": verified,
                "closed_at": verified if state == "closed" else None, "state_changed_at": found, "created_at": found,
                "version": 1,
            })
            if len(batch) == 10_000:
                s.execute(insert(Ticket), batch)
                batch = []
        if batch:
            s.execute(insert(Ticket), batch)
    with sessions() as s:
        s.execute(text("ANALYZE"))
        s.commit()
    return ids


def timed(fn, runs: int = 7) -> float:
    fn()  # warm the page cache and the statement cache
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="sqlite:////tmp/zhenggai-bench.db")
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    url = fresh_database(args.url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    began = time.perf_counter()
    ids = populate(sessions, args.n)
    print(f"{engine.dialect.name}: {args.n} tickets in {time.perf_counter() - began:.1f} s")
    with sessions() as s:
        from workflow.accounts.models import Person

        office = actor_of(s, s.get(Person, ids["office"]))
        operator = actor_of(s, s.get(Person, ids["operator"]))
        total = s.scalar(select(func.count(Ticket.id)))
        oldest_page_after = s.scalar(select(Ticket.id).order_by(Ticket.id).offset(60).limit(1))
        everything = TicketFilters()
        cases = [
            ("ledger page 1, district, no filter", lambda: ledger_page(s, office, everything)),
            ("ledger last page by keyset (after=…)", lambda: ledger_page(s, office, everything,
                                                                         after=oldest_page_after)),
            ("ledger same page by OFFSET (core page_of)",
             lambda: page_of(s, filtered(office, everything), page=total // 50 - 1, per_page=50)),
            ("exact count, district", lambda: s.scalar(select(func.count()).select_from(
                filtered(office, everything).order_by(None).subquery()))),
            ("bounded count (cap 10,000), district", lambda: bounded_count(s, office, everything)),
            ("filter state=rectifying", lambda: ledger_page(s, office, TicketFilters(state="rectifying"))),
            ("filter town", lambda: ledger_page(s, office, TicketFilters(unit_id=ids["town"]))),
            ("filter overdue", lambda: ledger_page(s, office, TicketFilters(overdue_at=NOW))),
            ("filter text '危房'", lambda: ledger_page(s, office, TicketFilters(text="危房"))),
            ("filter text, no match", lambda: ledger_page(s, office, TicketFilters(text="不存在的词"))),
            ("filter checklist area '五比'", lambda: ledger_page(s, office, TicketFilters(checklist_area="五比"))),
            ("ledger page 1, town operator", lambda: ledger_page(s, operator, everything)),
            ("my tickets, town operator", lambda: my_open_tickets(s, operator)),
            ("stats per town, district", lambda: town_progress(s, office, now=NOW)),
        ]
        print(f"{'what':<44} {'median ms':>10}")
        for label, fn in cases:
            print(f"{label:<44} {timed(fn):>10.1f}")
    engine.dispose()


if __name__ == "__main__":
    main()
