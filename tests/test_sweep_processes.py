"""Two sweeps at once: the lease lets one work, unique keys make a second run harmless (STYLE E9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.deadline_fixtures import add_posts, at, file_assigned, interviews, outbox, reference, reminders
from workflow.clock import FrozenClock
from workflow.scheduling import acquire, build_scheduler, default_jobs, leased, release, sweep_once

ZHENGGAI = Path(sys.executable).with_name("zhenggai")


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    add_posts(sessions, world)
    # Due on 11月26日 (overdue at the sweep: a reminder and a 约谈 each), and due on 12月2日 (a reminder).
    for _ in range(3):
        file_assigned(sessions, world, when=at("2026-11-25"), deadline={"kind": "working_days", "days": 1})
    for _ in range(2):
        file_assigned(sessions, world, when=at("2026-11-25"), deadline={"kind": "working_days", "days": 5})
    return world


def test_two_sweep_processes_started_together_make_one_set_of_reminders_and_interviews(db_url, sessions, ready,
                                                                                     tmp_path):
    env = os.environ | {"ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(tmp_path / "data"),
                        "ZHENGGAI_SECRET_KEY": "x"}
    command = [str(ZHENGGAI), "sweep", "--now", "2026-12-01T09:00"]
    procs = [subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _err in results]
    assert len(reminders(sessions)) == 5          # one slot per ticket
    assert len(interviews(sessions)) == 3         # the three overdue tickets, once each
    assert len(outbox(sessions, "reminder")) == 5 and len(outbox(sessions, "escalation")) == 3
    # Whoever did the work reports it; the other was refused the lease or found nothing left to do.
    assert sum(r["reminders"] for r in reports) == 5 and sum(r["interviews"] for r in reports) == 3
    again = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout)["reminders"] == 0 and len(reminders(sessions)) == 5


def test_the_sweep_lease_is_exclusive_and_a_crashed_holders_lease_expires(sessions, world):
    clock = FrozenClock(at("2026-12-01"))
    ttl = timedelta(minutes=10)
    assert acquire(sessions, "sweep", holder="a", at=clock.now(), ttl=ttl)
    assert not acquire(sessions, "sweep", holder="b", at=clock.now() + timedelta(minutes=9), ttl=ttl)
    assert acquire(sessions, "sweep", holder="a", at=clock.now() + timedelta(minutes=9), ttl=ttl)  # renewal
    # "a" crashes without releasing: once its lease has expired, "b" takes over.
    assert acquire(sessions, "sweep", holder="b", at=clock.now() + timedelta(minutes=20), ttl=ttl)
    release(sessions, "sweep", holder="b")
    assert acquire(sessions, "sweep", holder="c", at=clock.now(), ttl=ttl)
    release(sessions, "sweep", holder="c")


def test_a_sweep_refused_the_lease_does_nothing(sessions, ready):
    lease_clock = FrozenClock(at("2026-12-01"))
    assert acquire(sessions, "sweep", holder="elsewhere", at=lease_clock.now(), ttl=timedelta(minutes=10))
    report = sweep_once(sessions, now=at("2026-12-01"), lease_clock=lease_clock)
    assert report.ran is False and reminders(sessions) == []
    assert leased(sessions, "other", lambda: "done", lease_clock=lease_clock) == "done"


def test_the_scheduler_runs_the_sweep_job_and_extra_jobs(sessions, ready):
    ran = []
    jobs = default_jobs(sessions, clock=FrozenClock(at("2026-12-01")))
    scheduler = build_scheduler([*jobs, type(jobs[0])("extra", lambda: ran.append(1), "interval", {"hours": 1})])
    assert sorted(j.id for j in scheduler.get_jobs()) == ["daily", "extra", "sweep"]
    next(j for j in jobs if j.id == "sweep").func()
    assert len(reminders(sessions)) == 5


def test_unique_keys_alone_keep_two_concurrent_sweeps_from_doubling_anything(sessions, ready):
    """Without the lease (as if it had expired mid-sweep), two sweeps racing still make one set."""
    from concurrent.futures import ThreadPoolExecutor

    from workflow.sweep import run_sweep

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: run_sweep(sessions, now=at("2026-12-01")), range(2)))
    assert [r.errors for r in reports] == [{}, {}]
    assert len(reminders(sessions)) == 5 and len(interviews(sessions)) == 3
    assert len(outbox(sessions, "reminder")) == 5 and len(outbox(sessions, "escalation")) == 3
    assert sum(r.reminders for r in reports) == 5 and sum(r.interviews for r in reports) == 3


def test_the_app_starts_its_scheduler_only_when_asked(settings, engine, clock):
    from fastapi.testclient import TestClient

    from web.app import create_app
    from workflow.scheduling import ScheduledJob

    extra = ScheduledJob("extra", lambda: None, "interval", {"minutes": 1})
    with TestClient(create_app(settings, engine=engine, clock=clock, jobs=[extra])) as c:
        assert c.app.state.scheduler is None  # tests run with run_scheduler=False
    on = settings.model_copy(update={"run_scheduler": True})
    with TestClient(create_app(on, engine=engine, clock=clock, jobs=[extra])) as c:
        scheduler = c.app.state.scheduler
        assert scheduler.running
        # The sweep and daily job, the notification dispatcher and digests, and the extra job.
        assert sorted(j.id for j in scheduler.get_jobs()) == ["daily", "digest", "dispatch", "extra", "sweep"]
    assert not scheduler.running
