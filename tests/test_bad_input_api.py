"""Bad input gets a 4xx with a Chinese message and JSON detail, and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.helpers import file_via_api, login, move, upload
from workflow.campaigns.models import Campaign
from workflow.tickets.models import Evidence, Ticket


def _count(sessions, model) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "title"),
        ({"title": "   ", "place_id": 0}, "标题不能为空"),
        ({"title": "t", "place_id": 999999}, "问题所在地不存在"),
        ({"title": "t", "place_id": "dongfeng", "source": "gossip"}, "问题来源"),
        ({"title": "t", "place_id": "dongfeng", "severity": "apocalyptic"}, "严重程度"),
        ({"title": "t", "place_id": "dongfeng", "due_on": "2026-13-40"}, "due_on"),
        ({"title": "t", "place_id": "dongfeng", "due_on": "2020-01-01"}, "整改期限不能早于发现日期"),
        ({"title": "t", "place_id": "dongfeng", "lead_unit_id": 987654}, "牵头单位不存在"),
        ({"title": "t", "place_id": "dongfeng", "campaign_id": 424242}, "督查活动不存在"),
        ({"title": "t", "place_id": "dongfeng", "checklist_item_id": 424242}, "督导细则条目不存在"),
        ({"title": "t", "place_id": "dongfeng", "responsible_person_id": 424242}, "责任人"),
        ({"title": "t", "place_id": "education"}, "村（社区）或乡镇"),
    ],
)
def test_filing_with_bad_input_is_422_and_creates_nothing(client, world, sessions, body, fragment):
    names = {"dongfeng": world.units["dongfeng"], "education": world.units["education"]}
    body = {k: names.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    r = client.post("/api/v1/tickets", json=body, headers=login(client, "inspector"))
    assert r.status_code == 422, r.text
    assert fragment in r.json()["message"] or fragment in str(r.json()["detail"])
    assert _count(sessions, Ticket) == 0


def test_transition_without_version_or_trigger_is_422(client, world):
    h = login(client, "inspector")
    t = file_via_api(client, h, world)
    for body in ({"trigger": "assign"}, {"version": 1}, {"trigger": "assign", "version": "one"}):
        r = client.post(f"/api/v1/tickets/{t['id']}/transitions", json=body, headers=h)
        assert r.status_code == 422 and r.json()["message"].startswith("输入有误")
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=h).json()["state"] == "found"


def test_evidence_upload_rejects_empty_unsupported_and_wrong_stage(client, world, sessions):
    inspector, village = login(client, "inspector"), login(client, "village")
    t = file_via_api(client, inspector, world)
    assert upload(client, village, t["id"]).status_code == 422  # not rectifying yet
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="整改").json()
    assert upload(client, village, t["id"], content=b"").json()["message"] == "文件“after.png”是空的"
    r = upload(client, village, t["id"], content=b"MZ", name="virus.exe", ctype="application/x-msdownload")
    assert r.status_code == 422 and "不支持的文件类型" in r.json()["message"]
    assert upload(client, village, t["id"], stage="decoration").status_code == 422
    assert _count(sessions, Evidence) == 0


def test_campaign_creation_validates_and_is_for_the_office(client, world, sessions):
    office = login(client, "office")
    good = {"name": "2026年下半年明查", "kind": "open_check", "starts_on": "2026-07-01", "ends_on": "2026-12-31",
            "scope_unit_ids": [world.units["longjiang"]]}
    assert client.post("/api/v1/campaigns", json=good | {"kind": "party"}, headers=office).status_code == 422
    r = client.post("/api/v1/campaigns", json=good | {"ends_on": "2026-01-01"}, headers=office)
    assert r.status_code == 422 and "结束日期" in r.json()["message"]
    assert client.post("/api/v1/campaigns", json=good, headers=login(client, "town")).status_code == 403
    assert _count(sessions, Campaign) == 0
    created = client.post("/api/v1/campaigns", json=good, headers=office)
    assert created.status_code == 201 and created.json()["kind_label"] == "明查"
    cid = created.json()["id"]
    assert client.get(f"/api/v1/campaigns/{cid}", headers=login(client, "town")).status_code == 200
    assert client.get(f"/api/v1/campaigns/{cid}", headers=login(client, "village")).status_code == 200
    assert client.get("/api/v1/campaigns", headers=login(client, "boao")).json() == []  # not in scope
    assert client.get(f"/api/v1/campaigns/{cid}", headers=login(client, "boao")).status_code == 404


def test_list_filters_and_pagination(client, world):
    h = login(client, "inspector")
    for i in range(5):
        file_via_api(client, h, world, title=f"问题{i}", severity="serious" if i % 2 else "general")
    chaolie = world.units["chaolie"]
    file_via_api(client, h, world, title="博鳌问题", place_id=chaolie, lead_unit_id=chaolie)
    page = client.get("/api/v1/tickets?per_page=2&page=2", headers=h).json()
    assert page["total"] == 6 and len(page["items"]) == 2
    assert client.get("/api/v1/tickets?severity=serious", headers=h).json()["total"] == 2
    assert client.get(f"/api/v1/tickets?unit_id={world.units['boao']}", headers=h).json()["total"] == 1
    assert client.get("/api/v1/tickets?q=博鳌", headers=h).json()["items"][0]["title"] == "博鳌问题"
    assert client.get("/api/v1/tickets?per_page=500", headers=h).status_code == 422
