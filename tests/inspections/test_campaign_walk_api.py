"""A campaign created with the 004 checklist, a walk that files three tickets, a bulk 交办, and the village
accepting one — all through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.helpers import PNG, login, move
from tests.inspections.support import CHECKLIST_004, campaign_body, create_campaign, leaf_ids, load_004
from workflow.inspections.models import InspectionMark, InspectionPhoto
from workflow.outbox.models import OutboxMessage
from workflow.tickets.models import Evidence, Ticket, TicketEvent


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def _put(client, headers, inspection_id: int, item_id: int, **body):
    return client.put(f"/api/v1/inspections/{inspection_id}/marks/{item_id}", json=body, headers=headers)


def _count(sessions, model, *where) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_office_creates_and_edits_a_campaign_with_the_004_checklist_team_scope_and_deadline(client, world):
    office = login(client, "office")
    c = create_campaign(client, world)
    assert c["kind_label"] == "后评估" and c["checklist_id"] == CHECKLIST_004
    assert c["scope_unit_ids"] == [world.units["longjiang"]] and c["team_person_ids"] == [world.people["inspector"]]
    assert c["deadline_rule"]["label"] == "10个工作日内（交办次日起算）"

    edited = campaign_body(world, name="后评估（第二轮）", kind="look_back",
                           scope_unit_ids=[world.units["longjiang"], world.units["chaolie"]],
                           team_person_ids=[world.people["inspector"], world.people["inspector2"]],
                           deadline={"kind": "calendar_days", "days": 15})
    r = client.put(f"/api/v1/campaigns/{c['id']}", json=edited, headers=office)
    assert r.status_code == 200, r.text
    again = client.get(f"/api/v1/campaigns/{c['id']}", headers=office).json()
    assert again["name"] == "后评估（第二轮）" and again["kind_label"] == "回头看"
    assert sorted(again["scope_unit_ids"]) == sorted([world.units["longjiang"], world.units["chaolie"]])
    assert len(again["team_person_ids"]) == 2 and again["deadline_rule"]["days"] == 15
    # 博鳌镇 now sees it (朝烈村 is in scope); bad input changes nothing.
    assert client.get(f"/api/v1/campaigns/{c['id']}", headers=login(client, "boao")).status_code == 200
    bad = client.put(f"/api/v1/campaigns/{c['id']}", json=edited | {"kind": "picnic", "name": "x"}, headers=office)
    assert bad.status_code == 422 and "督查类型" in bad.json()["message"]
    bad = client.put(f"/api/v1/campaigns/{c['id']}", json=edited | {"scope_unit_ids": [world.units["education"]]},
                     headers=office)
    assert bad.status_code == 422 and "乡镇或村" in bad.json()["message"]
    assert client.get(f"/api/v1/campaigns/{c['id']}", headers=office).json()["name"] == "后评估（第二轮）"


def test_walk_files_three_tickets_bulk_assigns_them_and_the_village_accepts_one(client, world, sessions):
    inspector, village, office = login(client, "inspector"), login(client, "village"), login(client, "office")
    campaign = create_campaign(client, world)
    r = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json={"place_id": world.units["dongfeng"]},
                    headers=inspector)
    assert r.status_code == 200, r.text
    walk = r.json()
    assert walk["item_count"] == 61 and walk["marks"] == []
    ok, na, *bad = leaf_ids(sessions, ["1.1.1", "1.2.1", "1.4.1", "2.3.2", "3.1.1"])

    assert _put(client, inspector, walk["id"], ok, mark="pass").json()["mark_label"] == "符合"
    assert _put(client, inspector, walk["id"], na, mark="not_applicable", note="村级不涉及").status_code == 200
    first = _put(client, inspector, walk["id"], bad[0], mark="fail", note="中队未挂牌", file_ticket=True, assign=True)
    assert first.status_code == 200, first.text
    assert first.json()["ticket_state"] == "assigned"
    for item in bad[1:]:
        r = _put(client, inspector, walk["id"], item, mark="fail", note="现场核实不符", file_ticket=True)
        assert r.status_code == 200 and r.json()["ticket_state"] == "found"
    # The phone resends a mark it got no answer for: the same row, the same ticket, never a second one.
    again = _put(client, inspector, walk["id"], bad[0], mark="fail", note="中队未挂牌，已拍照", file_ticket=True,
                 assign=True).json()
    assert again["ticket_id"] == first.json()["ticket_id"] and again["note"] == "中队未挂牌，已拍照"
    assert _count(sessions, Ticket) == 3 and _count(sessions, InspectionMark) == 5

    tickets = {t["id"]: t for t in client.get("/api/v1/tickets", headers=office).json()["items"]}
    filed = tickets[first.json()["ticket_id"]]
    assert filed["campaign_id"] == campaign["id"] and filed["checklist_item_id"] == bad[0]
    assert filed["place_id"] == filed["lead_unit_id"] == world.units["dongfeng"]
    assert filed["title"].startswith("乡村振兴中队已经挂牌") and filed["title"].endswith("（不符合）")
    assert "中队未挂牌" in filed["description"] and filed["deadline_rule"]["kind"] == "working_days"
    assert filed["due_at"] is not None  # 10 working days from 交办, computed by the campaign's policy

    # 批量交办: the two found tickets move; the assigned one is refused with its reason; the others are untouched.
    found = [t for t in tickets.values() if t["state"] == "found"]
    items = [{"id": t["id"], "version": t["version"]} for t in found] + [{"id": filed["id"], "version": 2},
                                                                         {"id": 999999, "version": 1}]
    r = client.post("/api/v1/tickets/bulk-transitions", json={"trigger": "assign", "items": items,
                                                              "comment": "逐项检查问题批量交办"}, headers=office)
    assert r.status_code == 200, r.text
    result = r.json()
    assert sorted(t["id"] for t in result["moved"]) == sorted(t["id"] for t in found)
    assert all(t["state"] == "assigned" and t["due_at"] for t in result["moved"])
    refused = {x["ticket_id"]: x for x in result["refused"]}
    assert "不能执行“交办”" in refused[filed["id"]]["message"]
    assert refused[999999]["code"] == "not_found"
    with sessions() as s:
        assigns = s.scalars(select(TicketEvent.ticket_id).where(TicketEvent.trigger == "assign")).all()
        assert sorted(assigns) == sorted(tickets)  # one assign event per ticket
        notices = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "assignment")).all()
        assert sorted(m.ticket_id for m in notices) == sorted(tickets)
        assert {m.unit_id for m in notices} == {world.units["dongfeng"]}

    # The village operator accepts one through the API.
    one = client.get(f"/api/v1/tickets/{found[0]['id']}", headers=village).json()
    accepted = move(client, village, one, "accept", plan="本月内完成中队挂牌并建立例会制度")
    assert accepted.status_code == 200 and accepted.json()["state"] == "rectifying"

    progress = client.get(f"/api/v1/campaigns/{campaign['id']}/progress", headers=office).json()
    assert progress["by_state"] == {"found": 0, "assigned": 2, "rectifying": 1, "verified": 0, "closed": 0}
    assert progress["total"] == 3 and progress["overdue"] == 0 and progress["on_time_rate"] is None
    assert [(t["name"], t["found"]) for t in progress["by_town"]] == [("龙江镇", 3)]


def test_walk_is_resumed_marks_update_and_photos_go_to_the_ticket_once(client, world, sessions):
    inspector = login(client, "inspector")
    campaign = create_campaign(client, world)
    start = {"place_id": world.units["dongfeng"]}
    walk = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json=start, headers=inspector).json()
    item, other = leaf_ids(sessions, ["2.4.1", "2.4.2"])
    photo = [("files", ("site.png", PNG, "image/png"))]
    url = f"/api/v1/inspections/{walk['id']}/marks/{item}/photos"
    r = client.post(url, files=photo, headers=inspector)
    assert r.status_code == 422 and "请先选择" in r.json()["message"]
    _put(client, inspector, walk["id"], item, mark="pass")
    _put(client, inspector, walk["id"], item, mark="fail", note="水池无盖")
    assert client.post(url, files=photo, headers=inspector).status_code == 201
    assert client.post(url, files=photo, headers=inspector).status_code == 201  # resent: stored once
    assert _count(sessions, InspectionPhoto) == 1

    resumed = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json=start, headers=inspector).json()
    assert resumed["id"] == walk["id"]
    assert [(m["mark"], m["note"], m["photo_count"]) for m in resumed["marks"]] == [("fail", "水池无盖", 1)]

    ticket_id = _put(client, inspector, walk["id"], item, mark="fail", note="水池无盖", file_ticket=True).json()[
        "ticket_id"]
    assert _count(sessions, Evidence, Evidence.ticket_id == ticket_id, Evidence.stage == "found") == 1
    client.post(url, files=[("files", ("close.png", PNG + b"2", "image/png"))], headers=inspector)
    assert _count(sessions, Evidence, Evidence.ticket_id == ticket_id, Evidence.stage == "found") == 2

    # A filed item cannot turn into 符合; 登记 needs 不符合; a finished walk takes no more marks.
    r = _put(client, inspector, walk["id"], item, mark="pass")
    assert r.status_code == 422 and "已登记为问题" in r.json()["message"]
    r = _put(client, inspector, walk["id"], other, mark="pass", file_ticket=True)
    assert r.status_code == 422 and "不符合" in r.json()["message"]
    assert _count(sessions, InspectionMark, InspectionMark.checklist_item_id == other) == 0
    assert client.post(f"/api/v1/inspections/{walk['id']}/finish", headers=inspector).json()["finished_at"]
    r = _put(client, inspector, walk["id"], other, mark="pass")
    assert r.status_code == 422 and "已结束" in r.json()["message"]


def test_walk_refuses_places_outside_the_scope_and_items_of_another_checklist(client, world, sessions):
    inspector = login(client, "inspector")
    campaign = create_campaign(client, world)
    r = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json={"place_id": world.units["chaolie"]},
                    headers=inspector)
    assert r.status_code == 422 and "不在本次督查的范围内" in r.json()["message"]
    walk = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json={"place_id": world.units["xinhe"]},
                       headers=inspector).json()
    r = _put(client, inspector, walk["id"], 999999, mark="pass")
    assert r.status_code == 422 and "不属于本次督查" in r.json()["message"]
    r = _put(client, inspector, walk["id"], leaf_ids(sessions, ["1.1.1"])[0], mark="maybe")
    assert r.status_code == 422
