"""退回 and arbitration (issue 13): a reason code on the return, the office upholds (改派) or overrules (back to
the same unit, deadline unchanged); rulings are events counted against the returning unit."""

from __future__ import annotations

from sqlalchemy import select

from tests.deadline_fixtures import reference
from tests.helpers import login, move
from tests.practice.support import assigned
from workflow.tickets.models import TicketEvent


def _returned(client, world, code="wrong_place"):
    t = assigned(client, world)
    r = move(client, login(client, "village"), t, "return", comment="该路段属新和村", reason_code=code)
    assert r.status_code == 200, r.text
    return r.json()


def _rule(client, who, t, **body):
    return client.post(f"/api/v1/tickets/{t['id']}/return-rulings", json={"version": t["version"], **body},
                       headers=login(client, who))


def test_return_carries_its_reason_code_and_a_wrong_code_changes_nothing(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)
    bad = move(client, login(client, "village"), t, "return", comment="x", reason_code="not_mine")
    assert bad.status_code == 422 and "退回理由类别" in bad.json()["message"]
    t = move(client, login(client, "village"), t, "return", comment="属权不清", reason_code="unclear_ownership").json()
    with sessions() as s:
        event = s.scalars(select(TicketEvent).where(TicketEvent.trigger == "return")).one()
        assert event.payload["reason_code"] == "unclear_ownership"
        assert event.payload["lead_unit_id"] == world.units["dongfeng"]


def test_a_return_without_code_is_other_with_its_text(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)
    move(client, login(client, "village"), t, "return", comment="不是本村的问题")
    with sessions() as s:
        assert s.scalars(select(TicketEvent).where(TicketEvent.trigger == "return")).one().payload["reason_code"] \
            == "other"


def test_upheld_return_is_reassigned_to_another_unit_with_history_kept(client, world, sessions):
    reference(sessions)
    t = _returned(client, world)
    due = t["due_at"]
    r = _rule(client, "office", t, ruling="upheld", lead_unit_id=world.units["xinhe"], comment="属新和村")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "assigned" and r.json()["lead_unit_id"] == world.units["xinhe"]
    events = client.get(f"/api/v1/tickets/{t['id']}/events", headers=login(client, "office")).json()
    assert [e["trigger"] for e in events][-4:] == ["assign", "return", "return_ruling", "assign"]
    ruling = events[-2]
    assert ruling["payload"]["ruling"] == "upheld" and ruling["payload"]["unit_id"] == world.units["dongfeng"]
    assert ruling["payload"]["reason_code"] == "wrong_place"
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "xinhe")).json()["due_at"] == due


def test_overruled_return_goes_back_to_the_same_unit_with_the_same_deadline(client, world, sessions):
    reference(sessions)
    t = _returned(client, world)
    r = _rule(client, "office", t, ruling="overruled", comment="属本村辖区")
    assert r.status_code == 200, r.text
    back = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "village")).json()
    assert back["state"] == "assigned" and back["lead_unit_id"] == world.units["dongfeng"]
    assert back["due_at"] == t["due_at"]


def test_returns_are_counted_per_unit_upheld_and_overruled(client, world, sessions):
    reference(sessions)
    one = _returned(client, world)
    _rule(client, "office", one, ruling="overruled")
    two = _returned(client, world)
    _rule(client, "office", two, ruling="upheld", lead_unit_id=world.units["xinhe"])
    _returned(client, world)  # still waiting for a ruling
    counts = client.get("/api/v1/returns/counts", headers=login(client, "office")).json()
    assert counts == [{"unit_id": world.units["dongfeng"], "unit_name": "东风村", "returned": 3, "upheld": 1,
                       "overruled": 1}]
    assert client.get("/api/v1/returns/counts", headers=login(client, "boao")).json() == []


def test_wrong_rulings_and_wrong_users_change_nothing(client, world, sessions):
    reference(sessions)
    t = _returned(client, world)
    for who in ("village", "town", "inspector", "leader"):
        r = _rule(client, who, t, ruling="overruled")
        assert r.status_code == 403 and "领导小组办公室" in r.json()["message"], who
    assert _rule(client, "boao", t, ruling="overruled").status_code == 404
    same = _rule(client, "office", t, ruling="upheld", lead_unit_id=world.units["dongfeng"])
    assert same.status_code == 422 and "改派" in same.json()["message"]
    assert _rule(client, "office", t, ruling="upheld").status_code == 422
    assert _rule(client, "office", t, ruling="maybe").status_code == 422
    ok = _rule(client, "office", t, ruling="overruled")
    assert ok.status_code == 200
    again = _rule(client, "office", {**t, "version": ok.json()["version"]}, ruling="overruled")
    assert again.status_code == 409 and "没有待裁定的退回" in again.json()["message"]
    with sessions() as s:
        assert len(s.scalars(select(TicketEvent).where(TicketEvent.trigger == "return_ruling")).all()) == 1
