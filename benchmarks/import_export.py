"""Import 50,000 problem-list rows and export a 100,000-ticket ledger: wall time and peak memory.

Run:  .venv/bin/python benchmarks/import_export.py          (SQLite file in a temporary directory)
      .venv/bin/python benchmarks/import_export.py --pg     (PostgreSQL at 127.0.0.1:5432, a scratch database)

Each measured step runs in a fresh Python process, so its peak RSS (``ru_maxrss``) is its own; the
``tracemalloc`` peak (Python heap only) comes from a second run of the same step with tracing on,
because tracing slows Python down and would distort the wall time. Steps:

1. import file A (50,000 rows) into an empty campaign         → the figure asked for
2. import file B (50,000 more rows)                            → 100,000 tickets
3. spread the tickets over every state (plain SQL, not measured), add submit events and co-units
4. export the ledger of all 100,000 tickets as the office      → the figure asked for
5. the same export and one more 50,000-row import with tracemalloc on
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import text  # noqa: E402

from tests.databases import scratch_pg_database  # noqa: E402
from workflow.accounts.service import actor_for, create_person  # noqa: E402
from workflow.campaigns.schemas import CampaignCreate  # noqa: E402
from workflow.campaigns.service import create_campaign  # noqa: E402
from workflow.clock import LOCAL_TZ  # noqa: E402
from workflow.db import make_engine, make_sessionmaker, transaction  # noqa: E402
from workflow.imports.problem_list import import_problem_list  # noqa: E402
from workflow.ledger.ledger_xlsx import write_ledger  # noqa: E402
from workflow.migrate import upgrade_head  # noqa: E402
from workflow.orgs.service import create_unit  # noqa: E402
from workflow.tickets import events  # noqa: E402
from workflow.tickets.queries import TicketFilters  # noqa: E402

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LOCAL_TZ)
TOWNS = ["嘉积镇", "万泉镇", "石壁镇", "中原镇", "博鳌镇", "阳江镇", "龙江镇", "潭门镇", "塔洋镇", "长坡镇", "大路镇",
         "会山镇"]
VILLAGES_PER_TOWN = 16
PROBLEMS = ["村内主干道两侧垃圾堆放未清理", "防返贫监测对象帮扶计划未按时制定", "村务公开栏内容未更新",
            "脱贫户危房改造资料不全", "饮水安全设施维护记录缺失", "小额信贷逾期台账未建立", "问题厕所整改不到位",
            "驻村工作队请销假台账不规范"]
HEADERS = ["序号", "问题标题", "问题描述", "乡镇（街道）", "村（社区）", "牵头单位", "配合单位", "问题来源", "严重程度",
           "发现日期", "整改期限"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase", choices=["import", "export"])
    parser.add_argument("--url")
    parser.add_argument("--file")
    parser.add_argument("--campaign", type=int)
    parser.add_argument("--user", type=int)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--pg", action="store_true", help="run on PostgreSQL instead of SQLite")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the slow traced re-runs")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args)))
        return
    orchestrate(args)


def run_phase(args) -> dict:
    baseline = _maxrss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    sessions = make_sessionmaker(make_engine(args.url))
    start = time.perf_counter()
    with transaction(sessions) as session:
        actor = actor_for(session, args.user)
        if args.phase == "import":
            result = import_problem_list(session, actor=actor, campaign_id=args.campaign, filename="bench.xlsx",
                                         content=Path(args.file).read_bytes(), now=NOW)
            detail = {"created": result.created, "last_number": result.last_number}
        else:
            counts = write_ledger(session, actor=actor, filters=TicketFilters(), now=NOW, target=args.file)
            detail = {"tickets": counts.tickets, "towns": counts.towns,
                      "file_mb": round(os.path.getsize(args.file) / 2**20, 1)}
    wall = time.perf_counter() - start
    figures = {"phase": args.phase, "wall_s": round(wall, 2), "baseline_rss_mb": baseline,
               "peak_rss_mb": _maxrss_mb(), **detail}
    if args.tracemalloc:
        figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return figures


def orchestrate(args) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="zg-bench-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        url = stack.enter_context(scratch_pg_database("zg_bench")) if args.pg else f"sqlite:///{workdir / 'bench.db'}"
        upgrade_head(url)
        ids = build_world(url)
        files = [make_file(workdir / f"{name}.xlsx", args.rows, offset=i * args.rows)
                 for i, name in enumerate("abc")]
        print(f"database: {'PostgreSQL' if args.pg else 'SQLite (WAL, file)'}; rows per file: {args.rows}")
        step("import A", phase("import", url, files[0], ids["campaign"], ids["inspector"]))
        step("import B", phase("import", url, files[1], ids["campaign"], ids["inspector"]))
        spread_states(url, ids)
        out = workdir / "ledger.xlsx"
        step("export ledger", phase("export", url, out, None, ids["office"]))
        if not args.no_tracemalloc:
            step("export ledger (tracemalloc)", phase("export", url, out, None, ids["office"], traced=True))
            step("import C (tracemalloc)", phase("import", url, files[2], ids["campaign2"], ids["inspector"],
                                                 traced=True))


def phase(name, url, file, campaign, user, *, traced=False) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--url", url, "--file", str(file), "--user", str(user)]
    if campaign:
        command += ["--campaign", str(campaign)]
    if traced:
        command.append("--tracemalloc")
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def step(label: str, figures: dict) -> None:
    extra = {k: v for k, v in figures.items() if k not in ("phase", "wall_s", "baseline_rss_mb", "peak_rss_mb")}
    print(f"{label:<30} wall {figures['wall_s']:>7.2f} s   peak RSS {figures['peak_rss_mb']:>6.0f} MB "
          f"(process start {figures['baseline_rss_mb']:.0f} MB)   {extra}", flush=True)


def build_world(url: str) -> dict:
    sessions = make_sessionmaker(make_engine(url))
    with transaction(sessions) as s:
        city = create_unit(s, name="琼海市", kind="district", code="QH")
        towns = [create_unit(s, name=name, kind="town", parent=city) for name in TOWNS]
        for town in towns:
            for n in range(1, VILLAGES_PER_TOWN + 1):
                create_unit(s, name=f"{town.name[:2]}{n}村", kind="village", parent=town)
        education = create_unit(s, name="琼海市教育局", kind="department", parent=city)
        office = create_person(s, name="王主任", unit=city, roles=["office"], username="office", password="x")
        inspector = create_person(s, name="李督查", unit=city, roles=["inspector"], username="insp", password="x")
        campaigns = [
            create_campaign(s, actor=actor_for(s, office.id), data=CampaignCreate(
                name=name, kind="open_check", starts_on=date(2026, 7, 1), ends_on=date(2026, 12, 31),
                scope_unit_ids=[t.id for t in towns]))
            for name in ("2026年下半年乡村振兴督导", "2026年暗访督导")
        ]
        return {"campaign": campaigns[0].id, "campaign2": campaigns[1].id, "office": office.id,
                "inspector": inspector.id, "education": education.id}


def make_file(path: Path, rows: int, *, offset: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("问题清单")
    sheet.append(HEADERS)
    for i in range(offset, offset + rows):
        town = TOWNS[i % len(TOWNS)]
        village = f"{town[:2]}{i // len(TOWNS) % VILLAGES_PER_TOWN + 1}村"
        problem = PROBLEMS[i % len(PROBLEMS)]
        description = f"{village}{problem}，现场查看发现问题仍然存在，群众反映较多。"
        sheet.append([i + 1, f"{problem}（第{i + 1}号）", description, town, village, village,
                      town if i % 5 == 0 else None, "督查" if i % 3 else "暗访", "一般",
                      date(2026, 11, 1) + timedelta(days=i % 20), date(2026, 11, 10) + timedelta(days=i % 60)])
    workbook.save(path)
    return path


def spread_states(url: str, ids: dict) -> None:
    """Give the 100,000 tickets every state, plans, verification dates, submit events and co-units."""
    engine = make_engine(url)
    statements = [
        "UPDATE ticket SET state='assigned', assigned_at=found_at WHERE id % 10 IN (2, 3)",
        "UPDATE ticket SET state='rectifying', assigned_at=found_at, plan='清理整治并建立长效机制' "
        "WHERE id % 10 IN (4, 5)",
        "UPDATE ticket SET state='verified', assigned_at=found_at, plan='清理整治并建立长效机制', "
        "verified_at=found_at WHERE id % 10 IN (6, 7)",
        "UPDATE ticket SET state='closed', assigned_at=found_at, plan='清理整治并建立长效机制', verified_at=found_at, "
        "closed_at=found_at, resolution='rectified' WHERE id % 10 IN (8, 9)",
        f"INSERT INTO ticket_co_unit (ticket_id, org_unit_id) SELECT id, {ids['education']} FROM ticket "
        "WHERE id % 4 = 0",
    ]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    # Submit events go through the one event writer, so they are hash-chained like real ones.
    with transaction(make_sessionmaker(engine)) as session:
        rows = session.execute(text("SELECT id, found_at FROM ticket WHERE id % 10 >= 6 ORDER BY id")).all()
        events.record_many(session, [
            {"ticket_id": ticket_id, "at": _aware(found_at), "actor_id": None, "trigger": "submit",
             "from_state": None, "to_state": None, "comment": "已按要求整改到位，附整改前后照片", "payload": {}}
            for ticket_id, found_at in rows])
    engine.dispose()


def _aware(value) -> datetime:
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    return value.replace(tzinfo=UTC)




def _maxrss_mb() -> int:
    """Peak resident memory of this process image: VmHWM (reset by exec), else ru_maxrss.

    ``ru_maxrss`` alone would report the parent's size too: Linux carries it across fork and exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


if __name__ == "__main__":
    main()
