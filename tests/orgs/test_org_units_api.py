"""The org tree administration through the API: create, rename, move (visibility follows), merge,
deactivate; every change in the admin audit log."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import file_via_api, login, move
from workflow.adminlog.models import AdminChange
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Ticket, TicketEvent


def _post(client, path, body, user="office"):
    return client.post(f"/api/v1/org-units{path}", json=body, headers=login(client, user))


def test_units_of_every_kind_are_created_renamed_and_flagged_with_who_and_when(client, world, sessions):
    office = login(client, "office")
    village = _post(client, "", {"name": "南星村", "kind": "village", "parent_id": world.units["longjiang"],
                                 "poverty_alleviated": True})
    assert village.status_code == 201, village.text
    village = village.json()
    assert village["poverty_alleviated"] and village["path"].endswith(f"/{world.units['longjiang']}/{village['id']}/")
    backer = _post(client, "", {"name": "琼海市住建局", "kind": "backer_unit", "parent_id": world.units["city"]}).json()
    team = _post(client, "", {"name": "南星村驻村工作队", "kind": "work_team", "parent_id": backer["id"],
                              "serves_unit_id": village["id"]}).json()
    assert team["serves_unit_id"] == village["id"]
    r = _post(client, "", {"name": "工作队2", "kind": "work_team", "parent_id": backer["id"],
                           "serves_unit_id": world.units["longjiang"]})
    assert r.status_code == 422 and "驻村工作队只能驻村（社区），“龙江镇”是乡镇街道" in r.json()["message"]
    r = _post(client, "", {"name": "东风村", "kind": "village", "parent_id": world.units["longjiang"]})
    assert r.status_code == 422 and "同一上级下已有名为“东风村”的村/社区" in r.json()["message"]
    r = _post(client, "", {"name": "某村", "kind": "village", "parent_id": world.units["city"]})
    assert r.status_code == 422 and "村/社区的上级应为乡镇街道" in r.json()["message"]

    r = client.patch(f"/api/v1/org-units/{village['id']}", json={"name": "南星社区", "relocation_site": True},
                     headers=office)
    assert r.status_code == 200 and r.json()["name"] == "南星社区" and r.json()["relocation_site"]
    log = client.get(f"/api/v1/admin-changes?entity_kind=org_unit&entity_id={village['id']}",
                     headers=login(client, "admin")).json()
    assert [c["action"] for c in log] == ["update", "create"]
    assert log[0]["actor_id"] == world.people["office"] and log[0]["at"].startswith("2026-11-24T01:00")
    assert (log[0]["before"]["name"], log[0]["after"]["name"]) == ("南星村", "南星社区")
    assert "名称：南星村 → 南星社区" in log[0]["summary"]


def test_a_moved_village_is_seen_by_its_new_town_and_no_longer_by_the_old(client, world, sessions):
    ticket = file_via_api(client, login(client, "inspector"), world)
    town, boao = login(client, "town"), login(client, "boao")
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=town).status_code == 200
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=boao).status_code == 404

    r = _post(client, f"/{world.units['dongfeng']}/move", {"parent_id": world.units["boao"]})
    assert r.status_code == 200, r.text
    assert r.json()["path"] == f"/{world.units['city']}/{world.units['boao']}/{world.units['dongfeng']}/"
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=boao).status_code == 200
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=town).status_code == 404
    assert client.get("/api/v1/tickets", headers=town).json()["total"] == 0
    # the village's own operator still sees it: the tree moved, not the ticket
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=login(client, "village")).status_code == 200
    r = _post(client, f"/{world.units['boao']}/move", {"parent_id": world.units["dongfeng"]})
    assert r.status_code == 422 and "下属单位之下" in r.json()["message"]


def test_moving_a_backer_unit_rewrites_the_path_of_its_whole_subtree(client, world, sessions):
    backer = _post(client, "", {"name": "后盾局", "kind": "backer_unit", "parent_id": world.units["city"]}).json()
    team = _post(client, "", {"name": "工作队", "kind": "work_team", "parent_id": backer["id"],
                              "serves_unit_id": world.units["dongfeng"]}).json()
    assert _post(client, f"/{backer['id']}/move", {"parent_id": world.units["longjiang"]}).status_code == 200
    with sessions() as s:
        assert s.get(OrgUnit, team["id"]).path == \
            f"/{world.units['city']}/{world.units['longjiang']}/{backer['id']}/{team['id']}/"
    names = {u["name"] for u in client.get("/api/v1/org-units", headers=login(client, "town")).json()}
    assert {"后盾局", "工作队"} <= names


def test_a_unit_with_open_tickets_cannot_be_deactivated_until_they_are_gone(client, world, sessions):
    inspector = login(client, "inspector")
    file_via_api(client, inspector, world, place_id=world.units["xinhe"], lead_unit_id=world.units["xinhe"])
    r = _post(client, f"/{world.units['xinhe']}/deactivate", {})
    assert r.status_code == 409
    assert r.json()["message"] == ("“新和村”不能停用：有 1 个未销号的问题（所在地或牵头单位为该单位），"
                                   "请先改派或把单位合并到其他单位")
    r = _post(client, f"/{world.units['longjiang']}/deactivate", {})
    assert r.status_code == 409 and "有 2 个在用的下属单位" in r.json()["message"]
    r = _post(client, f"/{world.units['education']}/deactivate", {})
    assert r.status_code == 200 and r.json()["is_active"] is False
    office = login(client, "office")
    assert "琼海市教育局" not in {u["name"] for u in client.get("/api/v1/org-units", headers=office).json()}
    listed = client.get("/api/v1/org-units?include_inactive=true", headers=office).json()
    assert "琼海市教育局" in {u["name"] for u in listed}
    r = client.post("/api/v1/tickets", headers=inspector, json={
        "title": "新问题", "place_id": world.units["boao"], "lead_unit_id": world.units["education"]})
    assert r.status_code == 422 and "“琼海市教育局”已停用" in r.json()["message"]


def test_merging_moves_tickets_people_and_children_and_deactivates_the_merged_unit(client, world, sessions):
    inspector = login(client, "inspector")
    ticket = file_via_api(client, inspector, world, place_id=world.units["xinhe"], lead_unit_id=world.units["xinhe"],
                          co_unit_ids=[world.units["dongfeng"]])
    ticket = move(client, inspector, ticket, "assign").json()
    r = _post(client, f"/{world.units['xinhe']}/merge", {"into_id": world.units["dongfeng"]})
    assert r.status_code == 200, r.text
    with sessions() as s:
        merged = s.get(OrgUnit, world.units["xinhe"])
        assert not merged.is_active and merged.merged_into_id == world.units["dongfeng"]
        moved = s.get(Ticket, ticket["id"])
        assert (moved.place_id, moved.lead_unit_id) == (world.units["dongfeng"], world.units["dongfeng"])
        event = s.scalar(select(TicketEvent).where(TicketEvent.ticket_id == ticket["id"],
                                                   TicketEvent.trigger == "unit_merged"))
        assert event.comment == "“新和村”并入“东风村”" and event.actor_id == world.people["office"]
        change = s.scalar(select(AdminChange).where(AdminChange.action == "merge"))
        assert change.after["tickets_moved"] == 1 and change.after["people_moved"] == 1
    # the former 新和村 operator now works for 东风村 and can accept the ticket
    r = move(client, login(client, "xinhe"), ticket, "accept", plan="合并后整改")
    assert r.status_code == 200, r.text
    r = _post(client, f"/{world.units['chaolie']}/merge", {"into_id": world.units["longjiang"]})
    assert r.status_code == 422 and "只能合并同类单位" in r.json()["message"]
