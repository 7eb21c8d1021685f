"""Authorization by role and org unit: a user who may not see a ticket gets 404 on every route."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.helpers import file_via_api, login, move, upload
from workflow.tickets.models import Evidence, Ticket, TicketEvent


@pytest.fixture
def ticket(client, world):
    inspector, village = login(client, "inspector"), login(client, "village")
    t = file_via_api(client, inspector, world)
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="整改").json()
    ev = upload(client, village, t["id"]).json()
    return t | {"evidence_id": ev[0]["id"]}


OUTSIDERS = ["boao", "xinhe", "edu"]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_someone_elses_ticket_is_404_on_every_route(client, ticket, outsider, sessions):
    h = login(client, outsider)
    tid = ticket["id"]
    assert client.get(f"/api/v1/tickets/{tid}", headers=h).status_code == 404
    assert client.get(f"/api/v1/tickets/{tid}/events", headers=h).status_code == 404
    assert client.get(f"/api/v1/tickets/{tid}/evidence", headers=h).status_code == 404
    assert client.get(f"/api/v1/evidence/{ticket['evidence_id']}/content", headers=h).status_code == 404
    assert move(client, h, ticket, "submit", comment="冒充提交").status_code == 404
    assert upload(client, h, tid).status_code == 404
    listed = client.get("/api/v1/tickets", headers=h).json()
    assert listed["total"] == 0 and listed["items"] == []
    with sessions() as s:
        assert s.get(Ticket, tid).version == ticket["version"]
        assert s.scalar(select(func.count()).select_from(Evidence)) == 1
        assert s.scalar(select(func.count()).select_from(TicketEvent)) == 4


@pytest.mark.parametrize("insider", ["village", "town", "office", "inspector", "leader", "admin"])
def test_the_village_its_town_and_the_district_see_the_ticket(client, ticket, insider):
    h = login(client, insider)
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=h).status_code == 200
    assert client.get(f"/api/v1/evidence/{ticket['evidence_id']}/content", headers=h).content.startswith(b"\x89PNG")
    assert client.get("/api/v1/tickets", headers=h).json()["total"] == 1


def test_co_responsible_unit_sees_the_ticket_but_cannot_drive_it(client, world):
    inspector, edu = login(client, "inspector"), login(client, "edu")
    t = file_via_api(client, inspector, world, co_unit_ids=[world.units["education"]])
    t = move(client, inspector, t, "assign").json()
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=edu).json()["co_unit_ids"] == [world.units["education"]]
    r = move(client, edu, t, "accept", plan="教育局来改")
    assert r.status_code == 409 and "牵头责任单位" in r.json()["message"]


@pytest.mark.parametrize("role_user", ["leader", "town", "village", "admin"])
def test_roles_that_may_not_file_get_403_and_nothing_is_created(client, world, role_user, sessions):
    r = client.post("/api/v1/tickets", headers=login(client, role_user),
                    json={"title": "t", "place_id": world.units["dongfeng"]})
    assert r.status_code == 403 and "登记问题" in r.json()["message"]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0


@pytest.mark.parametrize("role_user", ["leader", "town", "inspector"])
def test_only_the_lead_units_operator_uploads_rectification_evidence(client, ticket, role_user):
    r = upload(client, login(client, role_user), ticket["id"])
    if role_user == "town":  # the town covers its village
        assert r.status_code == 201
    else:
        assert r.status_code == 403 and "整改材料" in r.json()["message"]


def test_org_unit_pickers_only_offer_the_users_subtree(client, world):
    town = login(client, "town")
    names = {u["name"] for u in client.get("/api/v1/org-units", headers=town).json()}
    assert names == {"龙江镇", "东风村", "新和村"}
    assert client.get(f"/api/v1/org-units/{world.units['boao']}", headers=town).status_code == 404
    office_names = {u["name"] for u in client.get("/api/v1/org-units", headers=login(client, "office")).json()}
    assert {"博鳌镇", "朝烈村", "琼海市教育局"} <= office_names
    villages = client.get("/api/v1/org-units?kind=village", headers=town).json()
    assert {u["name"] for u in villages} == {"东风村", "新和村"}
