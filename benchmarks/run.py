"""Every figure of issue 15 in one run against a generated province (benchmarks/generate.py), each beside
a bare FastAPI reference served the same way in the same run, as a Markdown table for RESULTS.md.

    .venv/bin/python benchmarks/run.py --db-url sqlite:////work/benchdata/p100k.db
    .venv/bin/python benchmarks/run.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/zg_p100k \\
        --workers 1,2,4 --only list,create
    .venv/bin/python benchmarks/run.py --db-url ... --only sweep,explain --budget 10

Serving: the real app (``cli.serving:app_factory``, what ``zhenggai serve`` runs) and the bare app
(benchmarks/bare_app.py) each in their own process, started by the same uvicorn command line (loopback,
``--log-level warning --no-access-log``, the same ``--workers``), the scheduler off. The load generator
(benchmarks/load.py, httpx async, closed loop) runs in this process, so on two cores it competes with the
server for CPU — for both apps alike, which is why the ratio is the figure to read.

What the run changes (so the next run still measures the same thing):
* ``create`` files new tickets (``found``, relative deadline, so none becomes due) and ``transition`` assigns
  a few ``found`` tickets (their deadline falls after the sweep's horizon): the due set stays the same.
* ``sweep`` and ``import`` run on a scratch copy of the database (a file copy on SQLite, CREATE DATABASE …
  TEMPLATE on PostgreSQL), dropped afterwards; the sweep at ``--now`` would otherwise leave its reminders
  and make the next run measure a repeat. ``export`` only reads.
Measurements: bare, list, ledger, ticket, stats, login, cli, explain, create, transition, sweep, dispatch,
export, import; ``--only`` picks some (bare always runs). Each has a time budget (``--budget`` seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.generate import DEFAULT_NOW, PASSWORD  # noqa: E402
from benchmarks.load import Figures, hammer  # noqa: E402

ZHENGGAI = Path(sys.executable).with_name("zhenggai")
ALL = ["bare", "list", "ledger", "ticket", "stats", "login", "cli", "explain", "create", "transition", "sweep",
       "dispatch", "export", "import"]


# --- serving ----------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(target: str, env: dict, workers: int = 1, probe: str = "/healthz"):
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", target, "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + probe, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{target} did not start: {proc.stderr.read()[-2000:]}")
            time.sleep(0.2)
        if workers > 1:
            time.sleep(2)  # let every worker finish starting, not just the first one
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the province as generated ----------------------------------------------------------------------------

@dataclass
class Facts:
    dialect: str
    tickets: int
    office_id: int
    district_office_id: int
    operator_id: int
    town_id: int
    district_villages: list[int]
    found: list[tuple[int, int]]  # (id, version) of found tickets in district 1 with a lead unit
    some_ids: list[int]
    town_ticket_ids: list[int]
    deep_after_office: int
    deep_after_town: int
    inspector_id: int
    campaign_id: int
    export_actor: int
    export_count: int


def facts_of(url: str) -> Facts:
    engine = create_engine(url)
    with engine.connect() as c:
        one = lambda sql, **p: c.execute(text(sql), p).scalar()  # noqa: E731
        people = dict(c.execute(text("SELECT username, id FROM person WHERE username IS NOT NULL")).all())
        op = people["op0101"]
        town_id = one("SELECT org_unit_id FROM person WHERE id = :id", id=op)
        town_path = one("SELECT path FROM org_unit WHERE id = :id", id=town_id)
        district = one("SELECT org_unit_id FROM person WHERE id = :id", id=people["office01"])
        dpath = one("SELECT path FROM org_unit WHERE id = :id", id=district)
        villages = [r[0] for r in c.execute(text(
            "SELECT id FROM org_unit WHERE kind = 'village' AND path LIKE :p ORDER BY id"), {"p": dpath + "%"})]
        total = one("SELECT count(*) FROM ticket")
        found = [tuple(r) for r in c.execute(text(
            "SELECT id, version FROM ticket WHERE state = 'found' AND owner_unit_id = :d AND lead_unit_id IS NOT NULL "
            "ORDER BY id DESC LIMIT 2000"), {"d": district})]
        some = [r[0] for r in c.execute(text(
            "SELECT id FROM ticket WHERE owner_unit_id = :d ORDER BY id LIMIT 500"), {"d": district})]
        town_ids = [r[0] for r in c.execute(text(
            "SELECT t.id FROM ticket t JOIN org_unit u ON u.id = t.place_id WHERE u.path LIKE :p ORDER BY t.id "
            "LIMIT 200"), {"p": town_path + "%"})]
        deep_office = one("SELECT id FROM ticket ORDER BY id LIMIT 1 OFFSET 100")
        campaign = one("SELECT min(id) FROM campaign WHERE owner_unit_id = :d", d=district)
        district_count = one("SELECT count(*) FROM ticket WHERE owner_unit_id = :d", d=district)
    engine.dispose()
    # Export ~100,000 tickets: the province office below 200k tickets, a district office above.
    export_actor, export_count = ((people["office"], total) if total < 200_000
                                  else (people["office01"], district_count))
    return Facts(make_url(url).get_backend_name(), total, people["office"], people["office01"], op, town_id,
                 villages, found, some, town_ids, deep_office, town_ids[100] if len(town_ids) > 100 else 0,
                 people["inspector01"], campaign, export_actor, export_count)


# --- results ----------------------------------------------------------------------------------------------

@dataclass
class Table:
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, ours: str, ref: str = "", ratio: str = "", target: str = "") -> None:
        self.rows.append((what, ours, ref, ratio, target))
        print(f"  {what}: {ours}  [{ref}] {ratio}", flush=True)

    def markdown(self) -> str:
        lines = ["| measurement | zhenggai | bare reference (same run) | ratio | target |", "|---|---:|---:|---:|---|"]
        lines += [f"| {' | '.join(r)} |" for r in self.rows]
        return "\n".join(lines)


def ms(x: float) -> str:
    return f"{x:,.1f} ms"


def latency_row(table: Table, what: str, ours: Figures, ref: Figures, target: str = "") -> None:
    note = f" ({ours.errors} errors: {ours.first_error[:80]})" if ours.errors else ""
    table.add(what, f"p50 {ms(ours.p50)}, p95 {ms(ours.p95)} (n={len(ours.latencies)}){note}",
              f"p95 {ms(ref.p95)}", f"{ours.p95 / ref.p95:,.1f}×" if ref.p95 else "", target)


# --- sign-in helpers --------------------------------------------------------------------------------------

def bearer(base: str, username: str) -> dict:
    answer = httpx.post(base + "/api/v1/auth/token", data={"username": username, "password": PASSWORD}, timeout=60)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def cookies(base: str, username: str) -> dict:
    with httpx.Client(base_url=base, timeout=60) as client:
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token,
                                             "next": "/"})
        if answer.status_code >= 400:
            raise RuntimeError(f"page login failed: {answer.status_code}")
        return dict(client.cookies)


# --- measurements -----------------------------------------------------------------------------------------

def run_reads(table: Table, only: set[str], base: str, bare: str, facts: Facts, budget: float, conns: int) -> None:
    const = hammer(bare, lambda i: ("GET", "/const", {}), seconds=budget / 2)
    pk = hammer(bare, lambda i: ("GET", f"/pk/{facts.some_ids[i % len(facts.some_ids)]}", {}), seconds=budget / 2)
    table.add("bare: constant endpoint, 1 connection", f"{const.rate:,.0f} req/s, p95 {ms(const.p95)}")
    table.add("bare: primary-key SELECT, 1 connection", f"{pk.rate:,.0f} req/s, p95 {ms(pk.p95)}")
    office_h, town_h = bearer(base, "office"), bearer(base, "op0101")
    office_c, town_c = cookies(base, "office"), cookies(base, "op0101")

    def get(path, **kw):
        return lambda i: ("GET", path, kw)

    def measure(what, request, *, headers=None, jar=None, ref=pk, target="", count=None, warmup=2):
        figures = hammer(base, request, seconds=budget, headers=headers, cookies=jar, connections=conns,
                         count=count, warmup=warmup, timeout=max(60.0, 4 * budget))
        latency_row(table, what + (f", {conns} conn." if conns > 1 else ""), figures, ref, target)

    if "list" in only:
        measure("API ticket list, office (province), page 1", get("/api/v1/tickets"), headers=office_h,
                target="p95 < 100 ms")
        measure("API ticket list, town operator, page 1", get("/api/v1/tickets"), headers=town_h,
                target="p95 < 100 ms")
        measure("API ticket list, office, state=rectifying", get("/api/v1/tickets?state=rectifying"),
                headers=office_h, target="p95 < 100 ms")
    if "ledger" in only:
        measure("ledger page, office, page 1", get("/ledger"), jar=office_c, target="p95 < 100 ms")
        measure("ledger page, office, town filter", get(f"/ledger?unit_id={facts.town_id}"), jar=office_c,
                target="p95 < 100 ms")
        measure("ledger page, office, deep keyset page", get(f"/ledger?after={facts.deep_after_office}"),
                jar=office_c, target="p95 < 100 ms")
        measure("ledger page, town operator, page 1", get("/ledger"), jar=town_c, target="p95 < 100 ms")
        if facts.deep_after_town:
            measure("ledger page, town operator, deep keyset page", get(f"/ledger?after={facts.deep_after_town}"),
                    jar=town_c, target="p95 < 100 ms")
    if "ticket" in only:
        ids = facts.town_ticket_ids or facts.some_ids
        measure("ticket page (HTML), town operator", lambda i: ("GET", f"/tickets/{ids[i % len(ids)]}", {}),
                jar=town_c)
        measure("ticket read (API), office", lambda i: ("GET", f"/api/v1/tickets/{ids[i % len(ids)]}", {}),
                headers=office_h)
    if "login" in only:
        figures = hammer(base, lambda i: ("POST", "/api/v1/auth/token",
                                          {"data": {"username": "inspector02", "password": PASSWORD}}),
                         seconds=budget, count=40)
        latency_row(table, "login (API token), unloaded, 1 conn.", figures, pk, "p95 < 300 ms")


def run_stats(table: Table, base: str, bare: str, budget: float) -> None:
    """In a server of its own, stopped afterwards: before the summary table (issue 15) one view scans every
    ticket, and a request that times out would keep the server busy for whatever is measured next."""
    pk = hammer(bare, lambda i: ("GET", "/const", {}), seconds=budget / 2)
    office_h, office_c, district_c = bearer(base, "office"), cookies(base, "office"), cookies(base, "office01")

    def measure(what, path, *, headers=None, jar=None):
        figures = hammer(base, lambda i: ("GET", path, {}), seconds=budget, headers=headers, cookies=jar,
                         count=3, warmup=1, timeout=max(60.0, 4 * budget))
        latency_row(table, what, figures, pk, "< 200 ms")

    measure("per-town statistics page, district office", "/stats", jar=district_c)
    measure("per-town statistics page, office (province)", "/stats", jar=office_c)
    measure("per-town ranking API, office (province)", "/api/v1/ledger/ranking", headers=office_h)


def run_create(table: Table, base: str, bare: str, facts: Facts, budget: float) -> None:
    ref = hammer(bare, lambda i: ("GET", "/const", {}), connections=32, seconds=budget / 2)
    headers = bearer(base, "inspector01")
    villages = facts.district_villages

    def file(i):
        village = villages[i % len(villages)]
        return ("POST", "/api/v1/tickets", {"json": {
            "title": f"基准测试问题 {time.time_ns()}-{i}", "description": "run.py 登记", "place_id": village,
            "lead_unit_id": village, "source": "inspection", "deadline": {"kind": "working_days", "days": 15}}})

    figures = hammer(base, file, connections=32, seconds=budget, headers=headers, warmup=0)
    note = f" ({figures.errors} errors: {figures.first_error[:80]})" if figures.errors else ""
    table.add("ticket creation, 32 connections", f"{figures.rate:,.1f} req/s, p95 {ms(figures.p95)}{note}",
              f"{ref.rate:,.0f} req/s (constant)", f"{100 * figures.rate / ref.rate:.1f} %" if ref.rate else "",
              "≥ 50 % of bare")


def run_transition(table: Table, base: str, bare: str, facts: Facts, budget: float) -> None:
    ref = hammer(bare, lambda i: ("GET", f"/pk/{facts.some_ids[i % len(facts.some_ids)]}", {}), seconds=budget / 2)
    headers = bearer(base, "office01")
    todo = list(facts.found)
    if not todo:
        table.add("one transition (交办)", "no found tickets left in district 1")
        return
    figures = hammer(base, lambda i: ("POST", f"/api/v1/tickets/{todo[i][0]}/transitions",
                                      {"json": {"trigger": "assign", "version": todo[i][1], "comment": ""}}),
                     seconds=budget, count=min(len(todo), 200), headers=headers, warmup=0)
    latency_row(table, "one transition (交办 assign), 1 conn.", figures, ref, "p95 < 5 ms")


def run_cli(table: Table) -> None:
    def timed(argv, runs=7):
        samples = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples.append(time.perf_counter() - began)
        return statistics.median(samples) * 1000

    ours, ref = timed([str(ZHENGGAI), "--help"]), timed([sys.executable, "-c", "pass"])
    table.add("`zhenggai --help` (median of 7)", ms(ours), f"{ms(ref)} (python -c pass)", f"{ours / ref:.1f}×",
              "< 500 ms")


@contextmanager
def scratch_copy(url: str):
    """A throw-away copy of the database for the measurements that write a lot (sweep, import)."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        engine = create_engine(url)
        with engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        tmp = Path(tempfile.mkdtemp(prefix="zg-run-", dir=str(Path(path).parent)))
        shutil.copy(path, tmp / "copy.db")
        try:
            yield f"sqlite:///{tmp / 'copy.db'}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    parsed = make_url(url)
    name = f"{parsed.database}_scratch"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{parsed.database}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def phase(name: str, url: str, **kw) -> dict:
    """One step in a fresh process: its wall time and its own peak RSS."""
    command = [sys.executable, __file__, "--phase", name, "--db-url", url, "--phase-args", json.dumps(kw)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"phase {name} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def run_phase(name: str, url: str, args: dict) -> dict:
    from workflow.accounts.service import actor_for
    from workflow.db import make_engine, make_sessionmaker, transaction

    now = datetime.fromisoformat(args["now"])
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    out: dict = {}
    began = time.perf_counter()
    if name == "export":
        from workflow.ledger.ledger_xlsx import write_ledger
        from workflow.tickets.queries import TicketFilters

        target = Path(args["file"])
        with sessions() as s:
            counts = write_ledger(s, actor=actor_for(s, args["actor"]), filters=TicketFilters(), now=now,
                                  target=str(target))
        out = {"tickets": counts.tickets, "file_mb": round(target.stat().st_size / 2**20, 1)}
    elif name == "import":
        from workflow.imports.problem_list import import_problem_list

        with transaction(sessions) as s:
            result = import_problem_list(s, actor=actor_for(s, args["actor"]), campaign_id=args["campaign"],
                                         filename="bench.xlsx", content=Path(args["file"]).read_bytes(), now=now)
        out = {"created": result.created}
    elif name == "sweep":
        from benchmarks.explain import captured, explain_statements
        from workflow.sweep import run_sweep

        with captured(engine) as seen:
            report = run_sweep(sessions, now=now)
            out = {"tickets": report.tickets, "reminders": report.reminders, "interviews": report.interviews,
                   "lights_changed": report.lights_changed, "errors": len(report.errors), "selects": len(seen)}
        first = time.perf_counter() - began
        began = time.perf_counter()
        run_sweep(sessions, now=now)
        out["repeat_s"] = round(time.perf_counter() - began, 2)
        out["plans"] = explain_statements(engine, seen, what="sweep", top=3)
        out["wall_s"], out["peak_rss_mb"] = round(first, 2), peak_rss_mb()
        return out
    out["wall_s"], out["peak_rss_mb"] = round(time.perf_counter() - began, 2), peak_rss_mb()
    return out


def problem_list(path: Path, url: str, rows: int) -> Path:
    """50,000 rows naming district 1's towns and villages, in the importer's column layout."""
    from openpyxl import Workbook

    from benchmarks.import_export import HEADERS

    engine = create_engine(url)
    with engine.connect() as c:
        villages = c.execute(text(
            "SELECT t.name, v.name FROM org_unit v JOIN org_unit t ON t.id = v.parent_id "
            "WHERE v.kind = 'village' AND t.name LIKE '第1区%' ORDER BY v.id")).all()
    engine.dispose()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("问题清单")
    sheet.append(HEADERS)
    for i in range(rows):
        town, village = villages[i % len(villages)]
        sheet.append([i + 1, f"导入问题（第{i + 1}号）", f"{village}现场查看发现问题仍然存在。", town, village, village,
                      None, "督查", "一般", date(2026, 11, 1) + timedelta(days=i % 20),
                      date(2026, 12, 20) + timedelta(days=i % 60)])
    workbook.save(path)
    return path


def run_heavy(table: Table, only: set[str], url: str, facts: Facts, now: datetime, bare_rate: float,
              plans: list) -> None:
    if "export" in only:
        with tempfile.TemporaryDirectory() as tmp:
            figures = phase("export", url, actor=facts.export_actor, file=str(Path(tmp) / "ledger.xlsx"),
                            now=now.isoformat())
        table.add(f"export ledger of {figures['tickets']:,} tickets (xlsx {figures['file_mb']} MB)",
                  f"{figures['wall_s']:.1f} s, peak RSS {figures['peak_rss_mb']} MB", "", "", "< 15 s, < 300 MB")
    if "sweep" in only or "import" in only:
        with scratch_copy(url) as copy:
            if "sweep" in only:
                figures = phase("sweep", copy, now=now.isoformat())
                plans.extend(tuple(p) for p in figures.pop("plans"))
                table.add(f"sweep at --now, {figures['tickets']:,} due of {facts.tickets:,} tickets",
                          f"{figures['wall_s']:.1f} s (repeat {figures['repeat_s']:.1f} s)",
                          "", "", "10k due < 5 s, flat in the total")
                table.notes.append(f"sweep detail: {figures}")
            if "import" in only:
                with tempfile.TemporaryDirectory() as tmp:
                    file = problem_list(Path(tmp) / "import.xlsx", copy, 50_000)
                    figures = phase("import", copy, actor=facts.inspector_id, campaign=facts.campaign_id,
                                    file=str(file), now=now.isoformat())
                table.add(f"import of 50,000 rows ({figures['created']:,} created)",
                          f"{figures['wall_s']:.1f} s, peak RSS {figures['peak_rss_mb']} MB", "", "", "< 10 s")
    if "dispatch" in only:
        command = [sys.executable, str(ROOT / "benchmarks" / "notify.py"), "--mode", "each", "--reminders", "2000",
                   "--units", "200", "--window", "1", "--per-minute", "100", "--timeout", "300"]
        if url.startswith("postgresql"):
            command += ["--db-url", make_url(url).set(database="postgres").render_as_string(hide_password=False)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        found = re.search(r"wall time: ([\d.]+) s\s+\(([\d.]+) messages/s\)", done.stdout)
        lost = re.search(r"messages lost: (\d+)", done.stdout)
        if found:
            rate = float(found.group(2))
            table.add("dispatch to the fake WeCom server (benchmarks/notify.py, 2,000 messages, own scratch DB)",
                      f"{rate:,.1f} msg/s, lost {lost.group(1) if lost else '?'}",
                      f"{bare_rate:,.0f} req/s (constant)", f"{100 * rate / bare_rate:.1f} %" if bare_rate else "")
        else:
            table.add("dispatch", f"failed: {done.stderr[-300:]}")


def run_workers(table: Table, url: str, env: dict, facts: Facts, workers: list[int], budget: float) -> None:
    for n in workers:
        with served("benchmarks.bare_app:create", env, n, probe="/const") as bare:
            ref_list = hammer(bare, lambda i: ("GET", f"/pk/{facts.some_ids[i % len(facts.some_ids)]}", {}),
                              connections=8, seconds=budget / 2)
            ref_const = hammer(bare, lambda i: ("GET", "/const", {}), connections=32, seconds=budget / 2)
        with served("cli.serving:app_factory", env, n) as base:
            office = bearer(base, "office")
            listing = hammer(base, lambda i: ("GET", "/api/v1/tickets", {}), connections=8, seconds=budget,
                             headers=office)
            inspector = bearer(base, "inspector01")
            created = hammer(base, lambda i, villages=facts.district_villages: ("POST", "/api/v1/tickets", {"json": {
                "title": f"并发登记 {time.time_ns()}-{i}", "place_id": villages[i % len(villages)],
                "lead_unit_id": villages[i % len(villages)], "deadline": {"kind": "working_days", "days": 15}}}),
                connections=32, seconds=budget, headers=inspector, warmup=0)
        table.add(f"{n} worker(s): API list (office), 8 conn.",
                  f"{listing.rate:,.1f} req/s, p95 {ms(listing.p95)}",
                  f"{ref_list.rate:,.0f} req/s (pk SELECT)", f"{100 * listing.rate / ref_list.rate:.1f} %")
        table.add(f"{n} worker(s): ticket creation, 32 conn.",
                  f"{created.rate:,.1f} req/s, p95 {ms(created.p95)}"
                  + (f" ({created.errors} errors)" if created.errors else ""),
                  f"{ref_const.rate:,.0f} req/s (constant)", f"{100 * created.rate / ref_const.rate:.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", required=True)
    parser.add_argument("--only", default=",".join(ALL), help="comma-separated: " + ",".join(ALL))
    parser.add_argument("--budget", type=float, default=15, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=1, help="connections for the read measurements")
    parser.add_argument("--workers", default="", help="e.g. 1,2,4: list and creation per worker count")
    parser.add_argument("--now", default=DEFAULT_NOW.isoformat(), help="the generator's now (sweep, import)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--phase-args", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.db_url, json.loads(args.phase_args)), ensure_ascii=False))
        return
    only = set(args.only.split(",")) | {"bare"}
    unknown = only - set(ALL)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    now = datetime.fromisoformat(args.now)
    started = time.perf_counter()
    facts = facts_of(args.db_url)
    print(f"{facts.dialect}: {facts.tickets:,} tickets; load average {os.getloadavg()[0]:.2f}", flush=True)
    data = tempfile.mkdtemp(prefix="zg-run-data-")
    env = os.environ | {"ZHENGGAI_DATABASE_URL": args.db_url, "ZHENGGAI_RUN_SCHEDULER": "false",
                        "ZHENGGAI_DATA_DIR": data, "ZHENGGAI_SECRET_KEY": "benchmark", "PYTHONPATH": str(ROOT)}
    table, plans = Table(), []
    bare_rate = 0.0
    with served("benchmarks.bare_app:create", env, probe="/const") as bare, \
            served("cli.serving:app_factory", env) as base:
        bare_rate = hammer(bare, lambda i: ("GET", "/const", {}), seconds=3).rate
        run_reads(table, only, base, bare, facts, args.budget, args.connections)
        if "cli" in only:
            run_cli(table)
        if "create" in only:
            run_create(table, base, bare, facts, args.budget)
        if "transition" in only:
            run_transition(table, base, bare, facts, args.budget)
    if "stats" in only:
        with served("benchmarks.bare_app:create", env, probe="/const") as bare, \
                served("cli.serving:app_factory", env) as base:
            run_stats(table, base, bare, args.budget)
    if "explain" in only:
        from benchmarks.explain import explain_reads
        from workflow.db import make_engine, make_sessionmaker

        engine = make_engine(args.db_url)
        plans.extend(explain_reads(engine, make_sessionmaker(engine, write=False), office_id=facts.office_id,
                                   town_operator_id=facts.operator_id, now=now))
        engine.dispose()
    run_heavy(table, only, args.db_url, facts, now, bare_rate, plans)
    if args.workers:
        run_workers(table, args.db_url, env, facts, [int(n) for n in args.workers.split(",")], args.budget)
    shutil.rmtree(data, ignore_errors=True)
    print(f"\n### {facts.dialect}, {facts.tickets:,} tickets — `benchmarks/run.py --db-url "
          f"{make_url(args.db_url).render_as_string(hide_password=True)} --only {args.only}"
          f"{' --workers ' + args.workers if args.workers else ''}` "
          f"({time.perf_counter() - started:.0f} s, load average at start {os.getloadavg()[0]:.2f})\n")
    print(table.markdown())
    for note in table.notes:
        print(f"\n{note}")
    for what, statement, plan in plans:
        print(f"\n#### plan: {what}\n\n```sql\n{statement.strip()[:1500]}\n```\n\n```\n{plan}\n```")


if __name__ == "__main__":
    main()
