"""Outcomes besides 销号 (practice 4): 持续整改/挂账 and 作废, through the API, counted right in the statistics."""

from __future__ import annotations

from tests.deadline_fixtures import at, sweep
from tests.helpers import login
from tests.outcomes.support import TIMETABLE, accepted, assigned, events, outcome, prepare
from workflow.accounts.service import actor_for, create_person
from workflow.db import transaction
from workflow.ledger.stats import town_progress
from workflow.orgs.models import OrgUnit


def progress(client, who="office") -> dict:
    return {t["name"]: t for t in client.get("/api/v1/ledger/ranking", headers=login(client, who)).json()["towns"]}


def test_ongoing_leaves_the_overdue_counts_and_comes_back_on_its_review_date(client, clock, sessions, world):
    prepare(sessions, world)
    t = accepted(client, world, deadline=TIMETABLE)
    clock.move_to(at("2026-12-15"))  # the first node (12月10日) is overdue: red
    office = login(client, "office")
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=office).json()["light"] == "red"
    assert client.get("/api/v1/tickets?light=red", headers=office).json()["total"] == 1
    r = outcome(client, "office", t, "ongoing", comment="道路硬化需跨年实施，按时间表推进", review_on="2027-01-15")
    assert r.status_code == 200, r.text
    held = r.json()
    assert held["state"] == "closed" and held["resolution"] == "ongoing" and held["review_on"] == "2027-01-15"
    assert held["light"] is None
    assert client.get("/api/v1/tickets?light=red", headers=office).json()["total"] == 0
    with sessions() as s:
        (row,) = town_progress(s, actor_for(s, world.people["office"]), now=clock.now())
    assert (row.ongoing, row.closed, row.overdue, row.on_time_rate) == (1, 0, 0, None)
    close = [e for e in events(client, t["id"]) if e["trigger"] == "close"][-1]
    assert close["payload"]["resolution"] == "ongoing" and close["comment"].startswith("道路硬化")

    assert sweep(sessions, at("2027-01-14")).reviews_due == 0  # not before its date
    report = sweep(sessions, at("2027-01-15"))
    assert report.reviews_due == 1
    back = client.get(f"/api/v1/tickets/{t['id']}", headers=office).json()
    assert back["state"] == "rectifying" and back["resolution"] is None and back["review_on"] is None
    reopen = [e for e in events(client, t["id"]) if e["trigger"] == "reopen"]
    assert len(reopen) == 1 and reopen[0]["payload"]["review"] is True and reopen[0]["actor_id"] is None
    assert sweep(sessions, at("2027-01-16")).reviews_due == 0  # once


def test_ongoing_is_for_timetable_work_with_a_future_review_date_decided_by_the_office(client, sessions, world):
    prepare(sessions, world)
    plain = accepted(client, world, due_on="2026-12-10")
    r = outcome(client, "office", plain, "ongoing", comment="长期", review_on="2027-01-15")
    assert r.status_code == 409 and "时间表" in r.json()["message"]
    t = accepted(client, world, deadline=TIMETABLE)
    assert outcome(client, "office", t, "ongoing", comment="长期").status_code == 422  # no review date
    assert outcome(client, "office", t, "ongoing", comment="长期", review_on="2026-11-20").status_code == 422
    assert outcome(client, "office", t, "ongoing", review_on="2027-01-15").status_code == 422  # no reason
    assert outcome(client, "village", t, "ongoing", comment="长期", review_on="2027-01-15").status_code == 403
    assert outcome(client, "inspector", t, "ongoing", comment="长期", review_on="2027-01-15").status_code == 403
    assert outcome(client, "boao", t, "ongoing", comment="长期", review_on="2027-01-15").status_code == 404
    stale = t | {"version": t["version"] - 1}
    assert outcome(client, "office", stale, "ongoing", comment="长期", review_on="2027-01-15").status_code == 409
    unchanged = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "office")).json()
    assert unchanged["state"] == "rectifying" and unchanged["version"] == t["version"]


def test_void_needs_a_reason_and_the_office_and_a_unit_cannot_void_its_own(client, sessions, world, app):
    prepare(sessions, world)
    t = assigned(client, world, due_on="2026-11-25")
    assert outcome(client, "office", t, "void").status_code == 422
    assert outcome(client, "village", t, "void", comment="重复").status_code == 403
    assert outcome(client, "boao", t, "void", comment="重复").status_code == 404
    # An office account of the town that leads the ticket may not void it either.
    with transaction(app.state.sessions) as s:
        create_person(s, name="镇办", unit=s.get(OrgUnit, world.units["dongfeng"]), roles=["office"],
                      mobile=None, username="dongfeng_office")
    r = outcome(client, "dongfeng_office", t, "void", comment="重复登记")
    assert r.status_code == 403 and r.json()["message"] == "责任单位不能作废本单位的问题"
    r = outcome(client, "office", t, "void", comment="与QH-2026-0001重复登记")
    assert r.status_code == 200 and r.json()["resolution"] == "void" and r.json()["state"] == "closed"
    close = [e for e in events(client, t["id"]) if e["trigger"] == "close"][-1]
    assert close["payload"]["approved_by_id"] == world.people["office"]
    voided = r.json()
    assert client.post(f"/api/v1/tickets/{t['id']}/transitions", headers=login(client, "office"), json={
        "trigger": "reopen", "version": voided["version"], "comment": "再看看",
        "deadline": {"kind": "calendar_days", "days": 5}}).status_code == 422  # voided is final


def test_void_leaves_every_count_and_rate(client, clock, sessions, world):
    prepare(sessions, world)
    late = assigned(client, world, due_on="2026-11-25")
    assigned(client, world, due_on="2026-11-25")
    clock.move_to(at("2026-11-30"))
    assert progress(client)["龙江镇"]["overdue"] == 2
    assert outcome(client, "office", late, "void", comment="误报").status_code == 200
    town = progress(client)["龙江镇"]
    assert town["overdue"] == 1 and town["on_time_rate"] == 0.0
    with sessions() as s:
        (row,) = town_progress(s, actor_for(s, world.people["office"]), now=clock.now())
    assert (row.found, row.voided, row.closed, row.waiting) == (1, 1, 0, 0)
