"""The README's shell example, run verbatim on what ``make run`` leaves: a migrated database with the demo data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.conftest import START
from workflow.db import transaction
from workflow.demo import seed_demo
from workflow.tickets.models import Evidence, Ticket, TicketEvent
from workflow.tickets.storage import EvidenceStore

ROOT = Path(__file__).resolve().parents[1]
HEADING = "A filed ticket driven to 销号 from the shell"


def readme_shell_block(heading: str = HEADING) -> str:
    """The first ```sh block after ``heading``, as a reader would copy it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme[readme.index(heading):]
    return re.search(r"```sh\n(.*?)```", after, re.S).group(1)


def test_the_readme_shell_example_drives_a_new_ticket_to_closed_on_the_demo_data(db_url, sessions, tmp_path):
    data_dir = tmp_path / "data"
    with transaction(sessions) as s:
        seed_demo(s, store=EvidenceStore(data_dir), now=START)
    with sessions() as s:
        before = set(s.scalars(select(Ticket.id)))
    # The block says .venv/bin/zhenggai, as typed in the repository folder: give it this interpreter's venv.
    assert (Path(sys.prefix) / "bin" / "zhenggai").exists(), "the zhenggai command is not installed in this venv"
    (tmp_path / ".venv").symlink_to(sys.prefix)
    env = os.environ | {"ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(data_dir), "TMPDIR": str(tmp_path)}
    result = subprocess.run(["bash", "-e", "-c", readme_shell_block()], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0 and result.stderr == "", result.stderr

    with sessions() as s:
        (ticket,) = s.scalars(select(Ticket).where(Ticket.id.not_in(before)))
        assert (ticket.title, ticket.state, ticket.resolution) == ("村口路灯损坏", "closed", "rectified")
        triggers = list(s.scalars(select(TicketEvent.trigger).where(TicketEvent.ticket_id == ticket.id)
                                  .order_by(TicketEvent.id)))
        assert triggers == ["file", "assign", "accept", "attach_evidence", "submit", "verify", "close"]
        assert [e.stage for e in s.scalars(select(Evidence).where(Evidence.ticket_id == ticket.id))] == ["rectified"]
    assert f'"number": "{ticket.number}"' in result.stdout and '"state": "closed"' in result.stdout


COUNTY_HEADING = "## Setting up your county"


def test_the_readme_county_setup_runs_as_written_from_an_empty_database(db_url, sessions, tmp_path):
    """From an empty (migrated, district-less) database to an assigned first ticket, verbatim."""
    (tmp_path / ".venv").symlink_to(sys.prefix)
    env = os.environ | {"ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(tmp_path / "data"),
                        "TMPDIR": str(tmp_path)}
    result = subprocess.run(["bash", "-e", "-c", readme_shell_block(COUNTY_HEADING)], cwd=tmp_path, env=env,
                            capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    with sessions() as s:
        (ticket,) = s.scalars(select(Ticket))
        assert (ticket.number, ticket.title, ticket.state) == ("QH-2026-0001", "村口路灯损坏", "assigned")
    assert "临时密码" in result.stdout and '"state": "assigned"' in result.stdout
