"""Two uploads of the same file at the same moment: the campaign lock makes the second one see the first.

PostgreSQL only: it is the database where two writers really run at once (SQLite admits one writer).
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from tests.conftest import START
from tests.xlsx import make_campaign, problem, workbook_bytes
from workflow.accounts.service import actor_for
from workflow.db import transaction
from workflow.imports.problem_list import import_problem_list
from workflow.tickets.models import Ticket


def test_concurrent_uploads_of_one_file_create_its_tickets_once(db_url, sessions, world, engine):
    if not db_url.startswith("postgresql"):
        pytest.skip("needs two concurrent writers")
    campaign_id = make_campaign(sessions, world)
    content = workbook_bytes([problem("一"), problem("二")])

    def upload(session):
        return import_problem_list(session, actor=actor_for(session, world.people["inspector"]),
                                   campaign_id=campaign_id, filename="a.xlsx", content=content, now=START)

    first = sessions()
    results = []
    second = threading.Thread(target=lambda: results.append(_in_transaction(sessions, upload)))
    try:
        assert upload(first).created == 2  # holds the campaign lock until it commits
        second.start()
        _wait_until_blocked(engine)
        first.commit()
    finally:
        # Whatever failed above, release the lock so the second upload and the teardown can finish.
        first.close()
        if second.is_alive() or second.ident:
            second.join(timeout=60)
    assert results and results[0].already_imported and results[0].created == 0
    with sessions() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 2


def _in_transaction(sessions, work):
    with transaction(sessions) as session:
        return work(session)


def _wait_until_blocked(engine, timeout: float = 60) -> None:
    """Poll PostgreSQL until the second upload waits on the campaign row lock."""
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )).scalar()
            if waiting:
                return
            # pg_stat_activity is a snapshot held for the whole transaction: end it to see changes.
            conn.rollback()
            time.sleep(0.02)
    raise AssertionError("the second upload never waited for the first")
