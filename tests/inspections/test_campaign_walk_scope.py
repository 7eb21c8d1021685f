"""The wrong-user matrix for campaign, walk and bulk routes: another town's data answers 404 (or is not
listed), a role that may not act answers 403, and neither changes anything."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import START
from tests.helpers import PNG, login
from tests.inspections.support import campaign_body, create_campaign, leaf_ids, load_004
from workflow.accounts.service import actor_for, create_person
from workflow.campaigns.models import Campaign
from workflow.db import transaction
from workflow.inspections.models import Inspection, InspectionMark, InspectionPhoto
from workflow.orgs.models import OrgUnit
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.schemas import TicketCreate


@pytest.fixture
def walk(client, world, sessions):
    """A campaign over 龙江镇 (team: inspector), a walk at 东风村 with one item filed as a found ticket."""
    load_004(sessions)
    campaign = create_campaign(client, world)
    inspector = login(client, "inspector")
    w = client.post(f"/api/v1/campaigns/{campaign['id']}/inspections", json={"place_id": world.units["dongfeng"]},
                    headers=inspector).json()
    item = leaf_ids(sessions, ["1.4.1"])[0]
    mark = client.put(f"/api/v1/inspections/{w['id']}/marks/{item}", headers=inspector,
                      json={"mark": "fail", "file_ticket": True}).json()
    ticket = client.get(f"/api/v1/tickets/{mark['ticket_id']}", headers=inspector).json()
    return {"campaign": campaign, "walk": w, "item": item, "ticket": ticket}


def _routes(world, walk) -> list[tuple[str, str, dict]]:
    c, w, item, t = walk["campaign"]["id"], walk["walk"]["id"], walk["item"], walk["ticket"]
    return [
        ("GET", f"/api/v1/campaigns/{c}", {}),
        ("GET", f"/api/v1/campaigns/{c}/progress", {}),
        ("PUT", f"/api/v1/campaigns/{c}", {"json": campaign_body(world, name="改名")}),
        ("POST", f"/api/v1/campaigns/{c}/inspections", {"json": {"place_id": world.units["dongfeng"]}}),
        ("GET", f"/api/v1/inspections/{w}", {}),
        ("PUT", f"/api/v1/inspections/{w}/marks/{item}", {"json": {"mark": "pass"}}),
        ("POST", f"/api/v1/inspections/{w}/marks/{item}/photos", {"files": [("files", ("a.png", PNG, "image/png"))]}),
        ("POST", f"/api/v1/inspections/{w}/finish", {}),
        ("POST", "/api/v1/tickets/bulk-transitions",
         {"json": {"trigger": "assign", "items": [{"id": t["id"], "version": t["version"]}]}}),
    ]


def _unchanged(sessions, walk) -> None:
    with sessions() as s:
        assert s.get(Campaign, walk["campaign"]["id"]).name == "2021年巩固脱贫成果后评估"
        assert s.get(Inspection, walk["walk"]["id"]).finished_at is None
        assert s.scalar(select(InspectionMark.mark)) == "fail"
        assert s.scalar(select(func.count()).select_from(InspectionPhoto)) == 0
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
        assert s.get(Ticket, walk["ticket"]["id"]).state == "found"
        assert s.scalar(select(func.count()).select_from(TicketEvent)) == 1


def test_another_towns_operator_gets_404_on_every_campaign_and_walk_route(client, world, walk, sessions):
    boao = login(client, "boao")
    answers = {path: client.request(method, path, headers=boao, **kw).status_code
               for method, path, kw in _routes(world, walk)}
    bulk = answers.pop("/api/v1/tickets/bulk-transitions")
    assert set(answers.values()) == {404}, answers
    assert bulk == 403  # an operator may not 交办 at all; see the next test for someone else's ticket
    assert client.get("/api/v1/campaigns", headers=boao).json() == []
    _unchanged(sessions, walk)


def test_bulk_assign_reports_another_towns_ticket_as_not_found_and_moves_nothing(client, world, walk, sessions):
    """A town-level inspector (龙江镇) names a 博鳌镇 ticket: 未找到, as for any ticket they may not see."""
    with transaction(sessions) as s:
        town_inspector = create_person(s, name="龙江镇督查员", unit=s.get(OrgUnit, world.units["longjiang"]),
                                       roles=["inspector"], username="lj-inspector")
        theirs = file_ticket(s, actor=actor_for(s, world.people["office"]), now=START, data=TicketCreate(
            title="朝烈村的问题", place_id=world.units["chaolie"], lead_unit_id=world.units["chaolie"]))
        refs = [{"id": theirs.id, "version": 1}, {"id": walk["ticket"]["id"], "version": 1}]
        assert town_inspector.id
    r = client.post("/api/v1/tickets/bulk-transitions", headers=login(client, "lj-inspector"),
                    json={"trigger": "assign", "items": refs})
    assert r.status_code == 200
    assert [t["id"] for t in r.json()["moved"]] == [walk["ticket"]["id"]]
    refused = r.json()["refused"]
    assert [(x["ticket_id"], x["code"]) for x in refused] == [(refs[0]["id"], "not_found")]
    assert "无权查看" in refused[0]["message"] and "朝烈村" not in refused[0]["message"]
    with sessions() as s:
        assert s.get(Ticket, refs[0]["id"]).state == "found"


@pytest.mark.parametrize("username", ["town", "village", "leader", "inspector2"])
def test_roles_that_may_not_act_get_403_on_every_write_and_nothing_changes(client, world, walk, sessions, username):
    h = login(client, username)
    for method, path, kw in _routes(world, walk):
        r = client.request(method, path, headers=h, **kw)
        if method == "GET":
            assert r.status_code == 200, (username, path)
            continue
        if username == "inspector2" and path.endswith("bulk-transitions"):
            assert r.status_code == 200 and r.json()["moved"]  # any inspector may 交办; the team only walks
            continue
        assert r.status_code == 403, (username, path, r.text)
        assert r.json()["code"] == "permission_denied"
    if username != "inspector2":
        _unchanged(sessions, walk)


def test_only_the_office_creates_campaigns(client, world, sessions):
    load_004(sessions)
    for username in ("inspector", "town", "leader"):
        r = client.post("/api/v1/campaigns", json=campaign_body(world), headers=login(client, username))
        assert r.status_code == 403 and "领导小组办公室" in r.json()["message"]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0
