"""The ``zhenggai`` command in real subprocesses: migrate, seed the demo, file and drive a ticket."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from states.ticket import STATES
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Ticket


@pytest.fixture
def run(db_url, tmp_path):
    env = os.environ | {"ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(tmp_path / "data"),
                        "ZHENGGAI_SECRET_KEY": "cli-test"}

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, capture_output=True,
                                text=True, timeout=120)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    return run


def test_init_db_seed_demo_and_drive_a_ticket_from_the_shell(run, sessions):
    run("init-db")
    seeded = run("seed-demo", "--now", "2026-11-24T09:00")
    for login in ("admin", "office", "inspector", "leader", "town", "village"):
        assert f"  {login} " in seeded.stdout
    with sessions() as s:
        states = set(s.scalars(select(Ticket.state)))
        assert states == set(STATES)
        before = s.scalar(select(func.count()).select_from(Ticket))
    assert "已存在" in run("seed-demo").stdout  # idempotent

    place = _unit_id(sessions, "龙江东风村")
    filed = json.loads(run("ticket", "file", "村口路灯损坏", "--place-id", str(place), "--lead-unit-id",
                           str(place), "--due-on", "2026-12-31", "--as", "inspector").stdout)
    assert filed["state"] == "found" and filed["number"] == f"QH-2026-{before + 1:04d}"
    moved = json.loads(run("ticket", "move", str(filed["id"]), "assign", "--as", "inspector").stdout)
    assert moved["state"] == "assigned"
    refused = run("ticket", "move", str(filed["id"]), "close", "--as", "town", ok=False)
    assert refused.returncode == 2 and "不能执行" in refused.stderr
    hidden = run("ticket", "show", str(filed["id"]), "--as", "boao", ok=False)
    assert hidden.returncode == 2 and "无权查看" in hidden.stderr
    shown = run("ticket", "show", str(filed["id"]), "--as", "town").stdout
    assert '"trigger": "assign"' in shown


def _unit_id(sessions, name: str) -> int:
    with sessions() as s:
        return s.scalar(select(OrgUnit.id).where(OrgUnit.name == name))


def test_commands_on_an_uninitialised_database_say_to_run_init_db(tmp_path):
    """No database at all (pure CLI, no schema): a plain Chinese message, exit code 2, no file created."""
    db = tmp_path / "none.db"
    env = os.environ | {"ZHENGGAI_DATABASE_URL": f"sqlite:///{db}", "ZHENGGAI_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "cli.main", "ticket", "list", "--as", "office"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "请先运行 zhenggai init-db" in result.stderr
    assert f"数据库 {db} 不存在" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


def test_rebuild_summary_recounts_the_statistics_from_the_tickets(run, sessions):
    from workflow.ledger.summary import summary_differences
    from workflow.ledger.summary_models import UnitTicketCount

    run("init-db")
    run("seed-demo", "--now", "2026-11-24T09:00")
    with sessions() as s:
        s.query(UnitTicketCount).delete()  # as after a bulk load with the triggers off
        s.commit()
        assert summary_differences(s) != []
    out = run("rebuild-summary").stdout
    assert "统计汇总已重建" in out
    with sessions() as s:
        assert summary_differences(s) == []
