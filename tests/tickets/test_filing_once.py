"""One filing per form token, also when the two posts overlap: the second waits for the first and answers with
its ticket (PostgreSQL: the unique key index; SQLite: the database lock of BEGIN IMMEDIATE)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from tests.conftest import START
from workflow.accounts.service import actor_for
from workflow.errors import InvalidInput
from workflow.tickets.filing_once import FilingRequest, file_once
from workflow.tickets.models import FilingKey, Ticket, TicketEvent
from workflow.tickets.schemas import TicketCreate

KEY = "one-form-one-ticket-0001"


def _request(world) -> FilingRequest:
    return FilingRequest(data=TicketCreate(title="重叠提交", place_id=world.units["dongfeng"]), key=KEY)


def _wait_until_a_backend_waits_on_a_lock(sessions) -> None:
    """PostgreSQL: the racer is inside its INSERT, queued behind the first transaction's key (no sleeping on
    domain time: this waits for another thread to reach a database state, like the live server's start)."""
    deadline = time.monotonic() + 20
    with sessions() as s:
        while not s.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                "AND datname = current_database()")):
            assert time.monotonic() < deadline, "the second post never queued behind the first"
            s.rollback()
            time.sleep(0.02)


def test_a_second_post_while_the_first_is_uncommitted_answers_with_the_first_ticket(sessions, world, db_url):
    first = sessions()
    filed = file_once(first, actor=actor_for(first, world.people["inspector"]), request=_request(world), now=START)
    replies: list = []

    def second_post():
        with sessions() as s:
            again = file_once(s, actor=actor_for(s, world.people["inspector"]), request=_request(world), now=START)
            replies.append((again.ticket.id, again.replayed))
            s.commit()

    racer = threading.Thread(target=second_post)
    racer.start()  # it waits on the first transaction (key index or database lock) …
    if db_url.startswith("postgresql"):
        _wait_until_a_backend_waits_on_a_lock(sessions)  # … inside its INSERT of the same key: the unique index
    first.commit()  # … which commits now
    racer.join(timeout=60)
    first.close()
    assert replies == [(filed.ticket.id, True)]
    with sessions() as s:
        assert s.scalar(select(func.count(Ticket.id))) == 1
        assert s.scalar(select(func.count(TicketEvent.id)).where(TicketEvent.trigger == "file")) == 1
        assert s.scalars(select(FilingKey.ticket_id)).all() == [filed.ticket.id]


def test_a_refused_filing_leaves_its_token_unused(sessions, world):
    with sessions() as s:
        actor = actor_for(s, world.people["inspector"])
        bad = FilingRequest(data=TicketCreate(title="无效期限", place_id=world.units["dongfeng"]), key=KEY,
                            assign=True)  # 登记并交办 without a lead unit: refused, nothing kept
        with pytest.raises(InvalidInput, match="牵头责任单位"):
            file_once(s, actor=actor, request=bad, now=START)
        s.rollback()
    with sessions() as s:
        assert s.scalar(select(func.count(FilingKey.id))) == 0
        filed = file_once(s, actor=actor_for(s, world.people["inspector"]), request=_request(world), now=START)
        assert not filed.replayed
