"""Kill the real processes at random points under a scripted workload, restart them, and check after
every kill that nothing acknowledged was lost and nothing was done twice (issue 14).

The workload runs in this process over HTTP; a killer thread picks a random moment and a random victim
(server, dispatcher or a running sweep), sends SIGKILL, restarts it, and checks the database in one
snapshot. The robot's side (each message received once, or twice only across an interrupted attempt)
is checked at the end, once the dispatcher has drained what it can."""

from __future__ import annotations

import os
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.fakes.loopback import LoopbackServer
from tests.fakes.wecom import FakeWeCom
from tests.faults.checks import Findings, check
from tests.faults.processes import Processes
from tests.faults.workload import Acked, Workload

USERS = ("inspector", "office", "village", "admin")
REPORTS: list[Report] = []
"""Every run of the session, for the summary pytest prints at the end (tests/conftest.py)."""
PASSWORD = "demo1234"


@dataclass
class Report:
    database: str
    kills: dict[str, int] = field(default_factory=dict)
    checks: int = 0
    failures: list[str] = field(default_factory=list)
    final: Findings | None = None
    requests: int = 0
    failed_requests: int = 0
    refusals: list[str] = field(default_factory=list)
    acknowledged: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        f = self.final or Findings()
        by_victim = ", ".join(f"{k} {v}" for k, v in sorted(self.kills.items()))
        return "; ".join([
            f"{self.database}: {sum(self.kills.values())} SIGKILLs ({by_victim}), {self.checks} checks",
            f"{self.requests} requests ({self.failed_requests} unanswered: cut by a kill or server down)",
            f"{self.acknowledged} acknowledged writes checked, lost {len(f.lost)}",
            f"state≠replay {len(f.replay_mismatches)}",
            f"WeCom messages sent {f.sent}, pending {f.pending} (+{f.unrouted} not routed),"
            f" duplicated {len(f.duplicated)}"
            f" (re-sent across a kill {f.resent_after_kill}), phantom {len(f.phantom)}",
            f"doubled reminder/约谈/delivery keys {len(f.doubled_keys)}, integrity {f.integrity}",
            f"failures {len(self.failures)}, {self.seconds:.0f} s",
        ])


def environment(db_url: str, data_dir: Path, robot_url: str) -> dict[str, str]:
    return {**os.environ, "ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(data_dir),
            "ZHENGGAI_SECRET_KEY": "fault-harness", "ZHENGGAI_RUN_SCHEDULER": "false",
            "ZHENGGAI_WECOM_BASE_URL": robot_url, "ZHENGGAI_NOTIFY_WINDOW": "00:00-23:59",
            "ZHENGGAI_NOTIFY_REMINDER_MODE": "each", "ZHENGGAI_NOTIFY_LEASE_SECONDS": "20",
            "ZHENGGAI_NOTIFY_BACKOFF_SECONDS": "1", "ZHENGGAI_NOTIFY_BACKOFF_CAP_SECONDS": "2",
            "ZHENGGAI_WECOM_PER_MINUTE": "600"}  # the limiter keeps one row per slot


def run(db_url: str, workdir: Path, *, kills: int, seed: int = 1, gap: tuple[float, float] = (0.05, 1.0)) -> Report:
    """``db_url`` names an empty or freshly migrated database; the demo county is loaded into it."""
    rng = random.Random(seed)
    report = Report(database=db_url.split(":")[0])
    started = time.monotonic()
    robot = FakeWeCom(limit=10**6)
    with LoopbackServer(robot.app) as robot_server:
        procs = Processes(environment(db_url, workdir / "data", robot_server.url))
        procs.command("init-db")
        procs.command("seed-demo")
        procs.start_server()
        engine = _snapshot_engine(db_url)
        try:
            workload = _workload(procs, rng)
            procs.start_dispatcher()
            _kill_loop(procs, workload, engine, rng, report, kills, gap, workdir / "data")
            report.final = _final_check(procs, workload, engine, robot, workdir / "data")
            report.failures += report.final.failures
        finally:
            procs.stop_all()
            engine.dispose()
    report.requests, report.failed_requests = workload.tally.requests, workload.tally.failed
    report.refusals = workload.tally.refusals
    report.acknowledged = workload.acked.writes
    report.seconds = time.monotonic() - started
    REPORTS.append(report)
    return report


def _workload(procs: Processes, rng: random.Random) -> Workload:
    tokens = {}
    for user in USERS:
        answer = httpx.post(f"{procs.url}/api/v1/auth/token", data={"username": user, "password": PASSWORD})
        answer.raise_for_status()
        tokens[user] = answer.json()["access_token"]
    me = httpx.get(f"{procs.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens['village']}"}).json()
    channel = {"kind": "wecom", "name": "故障注入群", "config": {"key": "fault-harness"}}
    httpx.post(f"{procs.url}/api/v1/org-units/{me['unit_id']}/channels", json=channel,
               headers={"Authorization": f"Bearer {tokens['admin']}"}).raise_for_status()
    return Workload(procs.url, tokens, me["unit_id"], rng)


def _snapshot_engine(db_url: str):
    """One consistent snapshot per check: REPEATABLE READ on PostgreSQL, a read transaction on SQLite."""
    if db_url.startswith("postgresql"):
        return create_engine(db_url, isolation_level="REPEATABLE READ")
    from workflow.db import make_engine

    return make_engine(db_url)


def _kill_loop(procs, workload, engine, rng, report, kills, gap, data_dir) -> None:
    stop = threading.Event()
    lock = threading.Lock()
    worker = threading.Thread(target=_drive, args=(workload, stop, lock), daemon=True)
    worker.start()
    try:
        for _ in range(kills):
            time.sleep(rng.uniform(*gap))
            if "sweep" not in procs.running() and rng.random() < 0.3:
                procs.start_sweep()
                time.sleep(rng.uniform(0, 0.5))
            victim = rng.choice(sorted(procs.running()))
            procs.kill(victim)
            report.kills[victim] = report.kills.get(victim, 0) + 1
            _restart(procs, victim)
            with lock:
                acked = _copy(workload.acked)
            findings = _check(engine, acked, None, data_dir)
            report.checks += 1
            report.failures += findings.failures
    finally:
        stop.set()
        worker.join(timeout=60)


def _drive(workload: Workload, stop: threading.Event, lock: threading.Lock) -> None:
    while not stop.is_set():
        failed = workload.tally.failed
        with lock:
            workload.step()
        if workload.tally.failed > failed:
            time.sleep(0.05)  # the server is down; the restart is on its way


def _restart(procs: Processes, victim: str) -> None:
    if victim == "server":
        procs.start_server()
    elif victim == "dispatcher":
        procs.start_dispatcher()
    # a killed sweep is simply started again at a later kill point


def _copy(acked: Acked) -> Acked:
    return Acked(set(acked.tickets), list(acked.moves), dict(acked.evidence))


def _check(engine, acked: Acked, robot: FakeWeCom | None, data_dir: Path) -> Findings:
    with Session(engine) as session, session.begin():
        return check(session, acked, robot, data_dir)


def _final_check(procs, workload, engine, robot, data_dir) -> Findings:
    """Let the dispatcher drain (leases of killed attempts run out after 20 s), then check everything."""
    procs.kill("dispatcher") if "dispatcher" in procs.running() else None
    procs.command("sweep")
    procs.start_dispatcher()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(1)
        findings = _check(engine, workload.acked, robot, data_dir)
        if findings.pending == findings.unrouted == 0:
            break
    procs.kill("dispatcher")
    workload.close()
    return _check(engine, workload.acked, robot, data_dir)
