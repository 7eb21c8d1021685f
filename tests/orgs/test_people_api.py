"""The roster through the API: logins with a temporary password, moving a cadre keeps their history and
lists their open tickets for reassignment, and the posts the 约谈 policies need show who holds them."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import START
from tests.helpers import file_via_api, login, login_via_api, move
from workflow.db import transaction
from workflow.reference_data import ensure_reference_data
from workflow.tickets.models import TicketEvent


def test_a_new_person_with_an_account_gets_a_temporary_password_shown_once(client, world):
    r = client.post("/api/v1/people", headers=login(client, "office"), json={
        "name": "符书记", "unit_id": world.units["dongfeng"], "mobile": "13800000010",
        "posts": ["村党组织书记", "first_secretary"], "username": "fushuji", "roles": ["专干"]})
    assert r.status_code == 201, r.text
    saved = r.json()
    assert saved["person"]["posts"] == ["village_party_secretary", "first_secretary"]
    assert saved["person"]["roles"] == ["operator"] and len(saved["temporary_password"]) == 10
    assert login_via_api(client, "fushuji", saved["temporary_password"]).status_code == 200
    r = client.post("/api/v1/people", headers=login(client, "office"), json={
        "name": "另一人", "unit_id": world.units["dongfeng"], "username": "FuShuJi", "roles": ["admin"]})
    assert r.status_code == 422 and r.json()["message"] == "账号“FuShuJi”已被他人使用"
    r = client.post("/api/v1/people", headers=login(client, "office"), json={
        "name": "另一人", "unit_id": world.units["dongfeng"], "roles": ["admin"]})
    assert r.status_code == 403 and "只有系统管理员可以授予" in r.json()["message"]


def test_moving_a_cadre_keeps_their_history_and_lists_their_open_tickets(client, world, sessions):
    inspector, office = login(client, "inspector"), login(client, "office")
    ticket = file_via_api(client, inspector, world, responsible_person_id=world.people["village"])
    ticket = move(client, inspector, ticket, "assign").json()
    ticket = move(client, login(client, "village"), ticket, "accept", plan="清理").json()
    r = client.patch(f"/api/v1/people/{world.people['village']}", headers=office,
                     json={"unit_id": world.units["xinhe"], "posts": ["专干"]})
    assert r.status_code == 200, r.text
    assert [t["number"] for t in r.json()["open_tickets"]] == [ticket["number"]]
    with sessions() as s:  # the accept event still names them
        accept = s.scalar(select(TicketEvent).where(TicketEvent.trigger == "accept"))
        assert accept.actor_id == world.people["village"]
    r = client.post(f"/api/v1/people/{world.people['village']}/reassign", headers=office,
                    json={"to_person_id": world.people["xinhe"]})
    assert [t["id"] for t in r.json()] == [ticket["id"]]
    shown = client.get(f"/api/v1/tickets/{ticket['id']}", headers=office).json()
    assert shown["responsible_person_id"] == world.people["xinhe"]
    assert client.get(f"/api/v1/people/{world.people['village']}/open-tickets", headers=office).json() == []
    events = client.get(f"/api/v1/tickets/{ticket['id']}/events", headers=office).json()
    assert events[-1]["trigger"] == "responsible_changed"


def test_posts_the_interview_policies_name_are_listed_with_their_holders_and_vacancies(client, world, sessions):
    with transaction(sessions) as s:
        ensure_reference_data(s, now=START, years=[])
    office = login(client, "office")
    client.post("/api/v1/people", headers=office, json={"name": "符书记", "unit_id": world.units["dongfeng"],
                                                        "posts": ["村党组织书记"]})
    rows = client.get("/api/v1/posts/holders", headers=office).json()
    by = {(r["unit_name"], r["post_label"]): r for r in rows}
    assert by[("东风村", "村党组织书记")]["holders"] == ["符书记"] and not by[("东风村", "村党组织书记")]["vacant"]
    assert by[("新和村", "村党组织书记")]["vacant"] and by[("龙江镇", "乡镇街道联点班子成员")]["vacant"]
    assert "逾期整改不到位约谈" in by[("新和村", "村党组织书记")]["policies"]
    vacant = client.get("/api/v1/posts/holders?only_vacant=true", headers=office).json()
    assert ("东风村", "村党组织书记") not in {(r["unit_name"], r["post_label"]) for r in vacant}
    town = {r["unit_name"] for r in client.get("/api/v1/posts/holders", headers=login(client, "admin")).json()}
    assert "朝烈村" in town


def test_a_second_post_counts_when_an_interview_looks_for_its_holder(client, world, sessions):
    from workflow.escalation.people import resolve_posts
    from workflow.orgs.models import OrgUnit

    office = login(client, "office")
    backer = client.post("/api/v1/org-units", headers=office, json={
        "name": "后盾局", "kind": "backer_unit", "parent_id": world.units["city"]}).json()
    team = client.post("/api/v1/org-units", headers=office, json={
        "name": "东风村工作队", "kind": "work_team", "parent_id": backer["id"],
        "serves_unit_id": world.units["dongfeng"]}).json()
    client.post("/api/v1/people", headers=office, json={"name": "黄队长", "unit_id": team["id"],
                                                        "posts": ["第一书记", "工作队长"]})
    with sessions() as s:
        found = resolve_posts(s, s.get(OrgUnit, world.units["dongfeng"]), ["team_leader", "village_party_secretary"])
    assert [h.label for h in found] == ["工作队长 黄队长", "东风村村党组织书记（未登记）"]
