"""Two concurrent transitions of one ticket: one wins, the other is a 409 — never a lost update.

Uses two real sessions on two connections, committed in an interleaved order, on both databases.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import START
from tests.helpers import file_via_api, login, move
from workflow.accounts.service import actor_for
from workflow.errors import ConcurrentChange
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate


@pytest.fixture
def ticket_id(sessions, world):
    with sessions() as s:
        actor = actor_for(s, world.people["inspector"])
        t = file_ticket(s, actor=actor, now=START, data=TicketCreate(
            title="并发测试", place_id=world.units["dongfeng"], lead_unit_id=world.units["dongfeng"]))
        s.commit()
        return t.id


def test_both_read_before_either_writes_and_the_update_guard_refuses_the_second(sessions, world, ticket_id,
                                                                              db_url):
    """Interleaving reads with an open writer is possible on PostgreSQL only: SQLite writers hold
    the database lock from BEGIN IMMEDIATE, which the thread race below covers."""
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; see the thread race test")
    first, second = sessions(), sessions()
    a = actor_for(first, world.people["inspector"])
    b = actor_for(second, world.people["office"])
    assert first.get(Ticket, ticket_id).version == second.get(Ticket, ticket_id).version == 1
    apply_trigger(first, actor=a, ticket_id=ticket_id, data=MoveInput("assign", 1, comment="A"), now=START)
    first.commit()
    # The second session still holds version 1 in memory; only the UPDATE's WHERE can catch it.
    with pytest.raises(ConcurrentChange):
        apply_trigger(second, actor=b, ticket_id=ticket_id, data=MoveInput("assign", 1, comment="B"), now=START)
    second.rollback()
    first.close()
    second.close()
    with sessions() as s:
        assert s.get(Ticket, ticket_id).version == 2
        comments = s.scalars(select(TicketEvent.comment).where(TicketEvent.trigger == "assign")).all()
        assert comments == ["A"]


def test_writers_racing_in_threads_produce_exactly_one_move(sessions, world, ticket_id):
    """Both hold version 1 from the client; the second writer waits for the first (row lock on
    PostgreSQL, database lock on SQLite) and then finds the version gone."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(username: str) -> None:
        barrier.wait()
        with sessions() as s:
            actor = actor_for(s, world.people[username])
            try:
                apply_trigger(s, actor=actor, ticket_id=ticket_id, data=MoveInput("assign", 1, comment=username),
                              now=START)
                s.commit()
                outcomes.append("moved")
            except ConcurrentChange:
                s.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=(u,)) for u in ("inspector", "office")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "moved"]
    with sessions() as s:
        assert s.get(Ticket, ticket_id).version == 2
        assert s.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.trigger == "assign")) == 1


def test_two_http_requests_with_the_same_version_one_wins_one_409(client, world):
    h1, h2 = login(client, "inspector"), login(client, "office")
    t = file_via_api(client, h1, world)
    results = sorted([move(client, h1, t, "assign").status_code, move(client, h2, t, "assign").status_code])
    assert results == [200, 409]
