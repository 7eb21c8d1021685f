"""催办 (issue 13): by hand through the API, capped per ticket and day, one event, one outbox row with a
确认收到 request; by schedule once a working day while overdue; counted in the ledger and its export."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from tests.deadline_fixtures import at, outbox, reference, sweep
from tests.helpers import login
from tests.practice.support import assigned
from workflow.acknowledgements.models import Acknowledgement
from workflow.tickets.models import TicketEvent
from workflow.urging.models import Urging


def _urge(client, who, ticket, note=""):
    return client.post(f"/api/v1/tickets/{ticket['id']}/urgings", json={"note": note}, headers=login(client, who))


def test_office_urges_by_hand_one_event_one_message_to_the_unit_and_a_confirmation_request(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)
    r = _urge(client, "office", t, "请本周内完成")
    assert r.status_code == 201, r.text
    assert r.json()["unit_id"] == world.units["dongfeng"] and r.json()["automatic"] is False
    with sessions() as s:
        event = s.scalars(select(TicketEvent).where(TicketEvent.trigger == "urge")).one()
        assert event.payload["unit_id"] == world.units["dongfeng"] and event.comment == "请本周内完成"
        assert event.actor_id == world.people["office"]
        ack = s.scalars(select(Acknowledgement)).one()
        assert (ack.kind, ack.unit_id, ack.person_id) == ("urging", world.units["dongfeng"], world.people["village"])
    [message] = outbox(sessions, "urging")
    assert message.unit_id == world.units["dongfeng"] and message.payload["note"] == "请本周内完成"
    assert message.dedupe_key == ack.dedupe_key == f"urging:{ack.source_id}" and message.payload["total"] == 1


def test_urging_is_capped_at_three_a_day_and_the_fourth_changes_nothing(client, world, sessions, clock):
    reference(sessions)
    t = assigned(client, world)
    for who in ("office", "inspector", "leader"):
        assert _urge(client, who, t).status_code == 201
    refused = _urge(client, "office", t)
    assert refused.status_code == 429
    assert "今日已催办 3 次" in refused.json()["message"]
    with sessions() as s:
        assert len(s.scalars(select(Urging)).all()) == 3
        assert len(s.scalars(select(TicketEvent).where(TicketEvent.trigger == "urge")).all()) == 3
    assert len(outbox(sessions, "urging")) == 3
    clock.move_to(at("2026-11-25", 8))  # the next day the cap starts again
    assert _urge(client, "office", t).status_code == 201


def test_the_cap_is_configurable(client, world, sessions):
    reference(sessions)
    client.app.state.settings.urge_cap_per_day = 1
    t = assigned(client, world)
    assert _urge(client, "office", t).status_code == 201
    assert _urge(client, "office", t).status_code == 429


def test_towns_and_villages_cannot_urge_and_other_towns_do_not_see_the_ticket(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)
    for who in ("town", "village"):
        r = _urge(client, who, t)
        assert r.status_code == 403 and "催办" in r.json()["message"]
    assert _urge(client, "boao", t).status_code == 404
    assert client.get(f"/api/v1/tickets/{t['id']}/urgings", headers=login(client, "boao")).status_code == 404
    assert client.post(f"/api/v1/tickets/{t['id']}/urgings", json={}).status_code == 401
    assert outbox(sessions, "urging") == []


def test_a_found_or_closed_ticket_cannot_be_urged(client, world, sessions):
    reference(sessions)
    from tests.helpers import file_via_api
    t = file_via_api(client, login(client, "inspector"), world)
    r = _urge(client, "office", t)
    assert r.status_code == 409 and "只能催办" in r.json()["message"]


def test_the_sweep_urges_an_overdue_ticket_once_a_working_day(client, world, sessions):
    reference(sessions)
    t = assigned(client, world, due_on="2026-11-25")
    sweep(sessions, at("2026-11-26", 10))
    sweep(sessions, at("2026-11-26", 11))  # the same day: nothing new
    with sessions() as s:
        auto = s.scalars(select(Urging).where(Urging.ticket_id == t["id"])).all()
        assert [(u.automatic, u.day.isoformat()) for u in auto] == [(True, "2026-11-26")]
    sweep(sessions, at("2026-11-28", 10))  # Saturday: no urging
    sweep(sessions, at("2026-11-30", 10))  # Monday: the second
    with sessions() as s:
        assert [u.day.isoformat() for u in s.scalars(select(Urging).order_by(Urging.id))] == ["2026-11-26",
                                                                                            "2026-11-30"]
        events = s.scalars(select(TicketEvent).where(TicketEvent.trigger == "urge")).all()
        assert [e.actor_id for e in events] == [None, None] and all(e.payload["automatic"] for e in events)
    assert len(outbox(sessions, "urging")) == 2


def test_urge_count_shows_in_the_ledger_api_page_and_export(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)
    _urge(client, "office", t)
    _urge(client, "inspector", t)
    office = login(client, "office")
    r = client.get("/api/v1/ledger/export.xlsx", headers=office)
    assert r.status_code == 200, r.text
    sheet = load_workbook(BytesIO(r.content))["措施清单"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    row = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert row[header.index("催办次数")] == 2


def test_two_urgings_racing_for_the_last_slot_of_the_day_record_one(client, world, sessions):
    """Both read the count before either writes: the ticket row lock (PostgreSQL) or the database lock
    (SQLite, BEGIN IMMEDIATE) makes the second wait, and it then finds the cap used up."""
    import threading

    from workflow.accounts.service import actor_for
    from workflow.db import transaction
    from workflow.urging.errors import UrgingCapReached
    from workflow.urging.service import urge

    reference(sessions)
    t = assigned(client, world)
    assert _urge(client, "office", t).status_code == 201
    assert _urge(client, "office", t).status_code == 201
    barrier, outcomes = threading.Barrier(2), []

    def race(who):
        barrier.wait()
        try:
            with transaction(sessions) as s:
                urge(s, actor=actor_for(s, world.people[who]), ticket_id=t["id"], now=at("2026-11-24", 10))
            outcomes.append("urged")
        except UrgingCapReached:
            outcomes.append("capped")

    threads = [threading.Thread(target=race, args=(who,)) for who in ("office", "inspector")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["capped", "urged"]
    with sessions() as s:
        assert len(s.scalars(select(Urging)).all()) == 3
