"""benchmarks/generate.py makes data the application accepts: every ticket's events replay through the state
machine to its stored state, the audit chain verifies, the sweep at ``now`` finds exactly the due set, and
the generated logins work (issue 15). Small (300 tickets), on SQLite and PostgreSQL; the generator builds
its own database, so PostgreSQL gets a separate one next to the test database, dropped afterwards.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from benchmarks.generate import DEFAULT_NOW, PASSWORD, generate
from states.ticket import MOVES, STATES
from workflow.accounts.login import sign_in
from workflow.audit.verify import verify
from workflow.db import make_engine, make_sessionmaker
from workflow.deadlines.targets import OPEN_STATES
from workflow.sweep import run_sweep
from workflow.tickets.models import Ticket, TicketEvent

TICKETS, DUE = 300, 25
MOVE_KEYS = {(trigger, source, dest) for trigger, source, dest, _roles, _guards in MOVES}
SIDE_EVENTS = {"file", "attach_evidence", "deadline_set"}  # timeline rows that do not move the state


@pytest.fixture(params=["sqlite", "postgresql"])
def generated_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'province.db'}"
        return
    base = make_url(request.getfixturevalue("pg_database").url)
    url = base.set(database=f"{base.database}_gen").render_as_string(hide_password=False)
    yield url
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{base.database}_gen" WITH (FORCE)'))
    admin.dispose()


def test_generated_province_replays_verifies_and_sweeps(generated_url):
    result = generate(generated_url, tickets=TICKETS, seed=7, due=DUE, quiet=True)
    assert result["counts"]["tickets"] == TICKETS and result["counts"]["due"] == DUE
    engine = make_engine(generated_url)
    sessions = make_sessionmaker(engine)
    try:
        with sessions() as s:
            tickets = {t.id: t for t in s.scalars(select(Ticket))}
            events = list(s.scalars(select(TicketEvent).order_by(TicketEvent.ticket_id, TicketEvent.seq)))
            assert len(tickets) == TICKETS and result["counts"]["events"] == len(events)
            assert 5 * TICKETS < len(events) < 10 * TICKETS  # about six to nine per ticket
            _replay(tickets, events)
            assert {t.state for t in tickets.values()} <= set(STATES)
            assert {"found", "rectifying", "verified", "closed"} <= {t.state for t in tickets.values()}
            report = verify(s)
            assert report.ok, [b.line() for b in report.breaks[:3]]
            near = [t for t in tickets.values() if t.state in OPEN_STATES and t.due_at is not None
                    and t.due_at <= DEFAULT_NOW + timedelta(days=14)]
            assert len(near) == DUE
            assert sign_in(s, username="op0101", password=PASSWORD, address="127.0.0.1", now=DEFAULT_NOW).person
            assert not sign_in(s, username="office", password="wrong", address="127.0.0.1", now=DEFAULT_NOW).person
        report = run_sweep(sessions, now=DEFAULT_NOW)
        assert not report.errors and report.tickets >= DUE and report.reminders > 0
    finally:
        engine.dispose()


def _replay(tickets, events) -> None:
    """Each ticket's events, in seq order, start at the filing and move only along the machine's moves."""
    by_ticket: dict[int, list] = {}
    for e in events:
        by_ticket.setdefault(e.ticket_id, []).append(e)
    assert by_ticket.keys() == tickets.keys()
    for ticket_id, chain in by_ticket.items():
        assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
        assert chain[0].trigger == "file" and chain[0].to_state == "found"
        state, awaiting, moves = "found", False, 0
        for e in chain[1:]:
            assert e.from_state == state, (ticket_id, e.trigger)
            if e.trigger in SIDE_EVENTS:
                assert e.to_state == state
                continue
            assert (e.trigger, e.from_state, e.to_state) in MOVE_KEYS, (ticket_id, e.trigger)
            state, moves = e.to_state, moves + 1
            awaiting = e.trigger == "submit" or (awaiting and e.trigger not in ("reject", "verify"))
        ticket = tickets[ticket_id]
        assert (ticket.state, ticket.awaiting_verification, ticket.version) == (state, awaiting, 1 + moves)
