"""No page or API read issues more SQL statements with 50 tickets than with 5 (N+1, issue 15).

Each request is made once to warm caches (the in-process calendar) and once counted: every statement the
engine sends (``before_cursor_execute``) while the request runs. The office (who sees every ticket) and a
town operator (for whom visibility is a condition) both read. Tickets differ in state, place, lead unit,
campaign and co-units, and carry events, so a per-ticket look-up of any of them shows.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from tests.conftest import START
from tests.helpers import login
from tests.ledger_data import make_ticket
from tests.pages.conftest import sign_in
from tests.xlsx import make_campaign
from workflow.db import transaction
from workflow.tickets import events

STATES = ("found", "assigned", "rectifying", "verified", "closed")
PLACES = ("dongfeng", "xinhe", "chaolie")
LEADS = ("dongfeng", "xinhe", "chaolie", "education")
PAGES = ("/", "/my/tickets", "/ledger", "/stats", "/tickets/{id}")
API = ("/api/v1/tickets", "/api/v1/tickets/{id}", "/api/v1/ledger/ranking", "/api/v1/tickets/{id}/events")


def _file(sessions, world, campaign: int, count: int, start: int) -> int:
    with transaction(sessions) as session:
        for i in range(start, start + count):
            shape = i % 5  # the 50 tickets repeat the 5 shapes, so every list shows the same kinds of rows
            ticket = make_ticket(
                session, number=f"ZG-{i:04d}", place_id=world.units[PLACES[shape % 3]], owner_id=world.units["city"],
                state=STATES[shape], lead_unit_id=world.units[LEADS[shape % 4]],
                campaign_id=campaign if shape % 2 else None,
                due=date(2026, 11, 20) if shape % 3 else date(2026, 12, 10),
                co_unit_ids=(world.units["longjiang"],), verified_at=START if STATES[shape] in ("verified", "closed")
                else None)
            events.record(session, ticket, trigger="return" if shape % 2 else "reject", actor=None, at=START,
                          from_state="assigned", to_state="found")
        return ticket.id


@contextmanager
def _counting(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)




def _statements(engine, get, path: str) -> int:
    assert get(path).status_code == 200, path
    with _counting(engine) as statements:
        assert get(path).status_code == 200, path
    return len(statements)


def _all_counts(app, engine, client, ticket_id: int) -> dict[str, int]:
    counts = {}
    for username in ("office", "town"):
        browser = sign_in(type(client)(app), username)
        for path in PAGES:
            counts[f"{username} {path}"] = _statements(engine, browser.get, path.format(id=ticket_id))
        headers = login(client, username)
        for path in API:
            counts[f"{username} {path}"] = _statements(
                engine, lambda p, h=headers: client.get(p, headers=h), path.format(id=ticket_id))
    return counts


@pytest.mark.timeout(600)
def test_statements_per_request_do_not_grow_with_the_tickets(app, engine, client, sessions, world):
    campaign = make_campaign(sessions, world)
    read = _file(sessions, world, campaign, 5, 0)  # the single-ticket reads read this one ticket both times
    few = _all_counts(app, engine, client, read)
    _file(sessions, world, campaign, 45, 5)
    many = _all_counts(app, engine, client, read)
    grown = {what: (few[what], many[what]) for what in few if many[what] > few[what]}
    assert grown == {}, f"statements per request grew from 5 to 50 tickets: {grown}"
    assert all(n > 0 for n in few.values())
