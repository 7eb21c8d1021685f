"""A ticket filed and driven found → closed through the API, every step in its timeline."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import file_via_api, login, move, png, upload
from workflow.outbox.models import OutboxMessage
from workflow.tickets.models import Ticket, TicketEvent


def test_ticket_goes_found_to_closed_with_every_step_in_its_events(client, world):
    inspector, village, office = login(client, "inspector"), login(client, "village"), login(client, "office")
    t = file_via_api(client, inspector, world)
    assert t["state"] == "found" and t["number"] == "QH-2026-0001"

    t = move(client, inspector, t, "assign", comment="请限期整改").json()
    assert t["state"] == "assigned"
    t = move(client, village, t, "accept", plan="三天内清理完毕并建立保洁制度").json()
    assert t["state"] == "rectifying" and t["plan"].startswith("三天内")
    assert upload(client, village, t["id"]).status_code == 201
    t = move(client, village, t, "submit", comment="已清理，附照片").json()
    assert t["awaiting_verification"] is True
    t = move(client, inspector, t, "verify", comment="复核属实").json()
    assert t["state"] == "verified" and t["verified_at"]
    t = move(client, office, t, "close", comment="同意销号").json()
    assert t["state"] == "closed" and t["resolution"] == "rectified"

    events = client.get(f"/api/v1/tickets/{t['id']}/events", headers=office).json()
    steps = [(e["trigger"], e["from_state"], e["to_state"]) for e in events]
    assert steps == [
        ("file", None, "found"),
        ("assign", "found", "assigned"),
        ("accept", "assigned", "rectifying"),
        ("attach_evidence", "rectifying", "rectifying"),
        ("submit", "rectifying", "rectifying"),
        ("verify", "rectifying", "verified"),
        ("close", "verified", "closed"),
    ]
    assert [e["actor_id"] for e in events][1:3] == [world.people["inspector"], world.people["village"]]
    assert t["version"] == 6  # one per move; attaching evidence is an event, not a move


def test_rejected_rectification_needs_fresh_evidence_before_resubmitting(client, world, sessions):
    inspector, village = login(client, "inspector"), login(client, "village")
    t = file_via_api(client, inspector, world)
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="整改").json()
    upload(client, village, t["id"])
    t = move(client, village, t, "submit", comment="已整改").json()

    assert move(client, inspector, t, "reject").status_code == 409  # reason required
    t = move(client, inspector, t, "reject", comment="照片与现场不符，属纸面整改").json()
    assert t["awaiting_verification"] is False and t["rework_count"] == 1 and t["round"] == 2

    again = move(client, village, t, "submit", comment="再次提交")
    assert again.status_code == 409
    assert "佐证材料" in again.json()["message"]
    upload(client, village, t["id"], content=png(2), name="after2.png")
    t = move(client, village, t, "submit", comment="重新整改后提交").json()
    assert t["awaiting_verification"] is True
    with sessions() as s:
        rejection = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "rejection")).one()
        assert rejection.ticket_id == t["id"] and rejection.unit_id == world.units["dongfeng"]
        assert rejection.payload["reason"] == "照片与现场不符，属纸面整改"


def test_return_sends_the_ticket_back_and_the_office_reassigns(client, world):
    inspector, village, office, edu = (login(client, u) for u in ("inspector", "village", "office", "edu"))
    t = file_via_api(client, inspector, world)
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "return", comment="属教育部门职责，非本村问题").json()
    assert t["state"] == "found" and t["return_count"] == 1
    t = move(client, office, t, "assign", lead_unit_id=world.units["education"], comment="改派教育局").json()
    assert t["state"] == "assigned" and t["lead_unit_id"] == world.units["education"]
    assert move(client, village, t, "accept", plan="x").status_code == 409  # no longer the lead unit
    t = move(client, edu, t, "accept", plan="教育局牵头整改").json()
    assert t["state"] == "rectifying"


def test_town_operator_may_act_for_its_village_and_closed_ticket_can_be_reopened(client, world):
    inspector, town, inspector2, office = (login(client, u) for u in ("inspector", "town", "inspector2", "office"))
    t = file_via_api(client, inspector, world)
    t = move(client, inspector, t, "assign").json()
    t = move(client, town, t, "accept", plan="镇里统筹").json()
    upload(client, town, t["id"])
    t = move(client, town, t, "submit", comment="已完成").json()
    t = move(client, inspector2, t, "verify", comment="复核属实").json()
    t = move(client, office, t, "close").json()
    assert move(client, office, t, "reopen").status_code == 409
    t = move(client, inspector, t, "reopen", comment="回头看发现问题反弹").json()
    assert t["state"] == "rectifying" and t["resolution"] is None and t["round"] == 2


def test_illegal_trigger_answers_409_and_leaves_the_row_and_timeline_unchanged(client, world, sessions):
    inspector, office = login(client, "inspector"), login(client, "office")
    t = file_via_api(client, inspector, world)
    with sessions() as s:
        before = s.get(Ticket, t["id"])
        snapshot = (before.state, before.version, before.state_changed_at)
    for trigger in ("close", "verify", "submit", "reopen", "accept"):
        r = move(client, office, t, trigger, comment="x")
        assert r.status_code == 409, (trigger, r.text)
        assert r.json()["code"] == "transition_refused"
        assert "不能执行" in r.json()["message"]
    r = move(client, office, t, "explode")
    assert r.status_code == 409 and "未知操作" in r.json()["message"]
    with sessions() as s:
        after = s.get(Ticket, t["id"])
        assert (after.state, after.version, after.state_changed_at) == snapshot
        assert s.scalar(select(func.count()).select_from(TicketEvent)) == 1


def test_stale_version_is_a_conflict_and_changes_nothing(client, world, sessions):
    inspector = login(client, "inspector")
    t = file_via_api(client, inspector, world)
    stale = dict(t)
    move(client, inspector, t, "assign")
    r = move(client, inspector, stale, "assign")
    assert r.status_code == 409 and r.json()["code"] == "concurrent_change"
    assert "刷新" in r.json()["message"]
    with sessions() as s:
        assert s.get(Ticket, t["id"]).version == 2
