"""A crash at the worst moment loses nothing: the dispatcher is a real process, killed with SIGKILL while
the robot server holds its answer (sent, not yet committed), then restarted; every message arrives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from tests.notify_support import attempts, deliveries, escalation, fake_wecom, make_channel, message
from workflow.clock import LOCAL_TZ
from workflow.db import transaction

ROOT = Path(__file__).resolve().parents[1]


def start_dispatcher(db_url: str, server_url: str, now) -> subprocess.Popen:
    env = {**os.environ, "ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_WECOM_BASE_URL": server_url,
           "ZHENGGAI_BASE_URL": "http://zg.test"}
    stamp = now.astimezone(LOCAL_TZ).replace(tzinfo=None).isoformat()
    return subprocess.Popen([sys.executable, "-m", "cli.main", "dispatch", "--now", stamp], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds: float = 60) -> None:
    """Waiting for another process to reach a point (not moving domain time, which stays frozen)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the dispatcher")
        time.sleep(0.02)


def test_kill_9_between_send_and_commit_loses_nothing_and_the_restart_sends_the_rest(db_url, world, sessions, clock):
    make_channel(sessions, world.units["longjiang"])
    with transaction(sessions) as s:
        for i in range(1, 6):
            escalation(s, interview_id=i, unit_id=world.units["longjiang"], at=clock.now(), unit_name=f"约谈{i}号")
    with fake_wecom(clock) as fake:
        fake.hold_from = 3  # the third message is received, but its answer never comes back
        first = start_dispatcher(db_url, fake.url, clock.now())
        wait_for(lambda: len(fake.requests) >= 3 or first.poll() is not None)
        assert first.poll() is None, first.stderr.read()
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL

        sent_before = deliveries(sessions, status="sent")
        assert len(sent_before) == 2 and len(deliveries(sessions, status="pending")) == 3
        held = deliveries(sessions, status="pending")[0]
        assert held.lease_until is not None and held.attempts == 1
        fake.release()
        fake.hold_from = None

        # After restart, before the lease runs out, nothing is sent twice ...
        clock.move_to(clock.now() + timedelta(seconds=60))
        second = start_dispatcher(db_url, fake.url, clock.now())
        assert second.wait(timeout=120) == 0, second.stderr
        assert len(fake.requests) == 3
        # ... and once it has run out, the interrupted rows go out (at least once).
        clock.move_to(clock.now() + timedelta(seconds=61))
        third = start_dispatcher(db_url, fake.url, clock.now())
        assert third.wait(timeout=120) == 0, third.stderr
        out = third.stdout.read()

    assert "发送成功 3" in out and "中断后重发 3" in out
    received = [r.content for r in fake.delivered()]
    for i in range(1, 6):
        assert any(f"约谈{i}号" in c for c in received), f"message {i} was lost"
    assert sum("约谈3号" in c for c in received) == 2  # the one in flight at the kill arrived twice
    assert len(received) == 6
    assert all(d.status == "sent" and d.last_response for d in deliveries(sessions))
    assert [a.outcome for a in attempts(sessions, held.id)] == ["interrupted", "sent"]
    assert message(sessions, "escalation:3").status == "routed"
