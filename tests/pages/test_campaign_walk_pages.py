"""Campaign form, campaign page with progress, the walk page and 批量交办, driven like a browser."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.inspections.support import CHECKLIST_004, leaf_ids, load_004
from tests.pages.conftest import post_form
from workflow.campaigns.models import Campaign
from workflow.inspections.models import Inspection
from workflow.tickets.models import Ticket, TicketEvent

FORM = {"name": "2026年冬季后评估", "kind": "post_evaluation", "starts_on": "2026-11-20", "ends_on": "2026-12-20",
        "checklist_id": CHECKLIST_004, "deadline_kind": "working_days", "deadline_days": "10", "description": ""}


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def _create(browser_as, world, **extra) -> int:
    data = FORM | {"scope_unit_ids": [str(world.units["longjiang"])],
                   "team_person_ids": [str(world.people["inspector"])]} | extra
    r = post_form(browser_as("office"), "/campaigns/new", data)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def _walk(browser_as, world, campaign_id: int, who: str = "inspector") -> int:
    r = post_form(browser_as(who), f"/campaigns/{campaign_id}/walks", {"place_id": str(world.units["dongfeng"])})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_office_creates_a_campaign_on_the_page_and_edits_it(browser_as, world, sessions):
    office = browser_as("office")
    form = office.get("/campaigns/new").text
    assert "督查范围" in form and "龙江镇" in form and "东风村" in form and "inspector-name" in form
    campaign_id = _create(browser_as, world)
    page = office.get(f"/campaigns/{campaign_id}").text
    assert "2026年冬季后评估" in page and "后评估" in page and "10个工作日内" in page and "整改进度" in page

    edit = office.get(f"/campaigns/{campaign_id}/edit").text
    assert 'value="2026年冬季后评估"' in edit and f'value="{world.units["longjiang"]}" checked' in edit
    r = post_form(office, f"/campaigns/{campaign_id}/edit", FORM | {
        "name": "冬季后评估（回头看）", "kind": "look_back", "deadline_kind": "none",
        "scope_unit_ids": [str(world.units["boao"])]})
    assert r.status_code == 303
    with sessions() as s:
        c = s.get(Campaign, campaign_id)
        assert (c.name, c.kind, c.deadline_rule, c.scope_unit_ids) == ("冬季后评估（回头看）", "look_back", None,
                                                                      [world.units["boao"]])


def test_a_refused_campaign_form_says_why_and_keeps_what_was_typed(browser_as, world, sessions):
    office = browser_as("office")
    r = post_form(office, "/campaigns/new", FORM | {"ends_on": "2026-11-01",
                                                    "scope_unit_ids": [str(world.units["xinhe"])]})
    assert r.status_code == 422 and "结束日期不能早于开始日期" in r.text
    assert 'value="2026年冬季后评估"' in r.text and f'value="{world.units["xinhe"]}" checked' in r.text
    r = post_form(office, "/campaigns/new", FORM | {"deadline_days": ""})
    assert r.status_code == 422 and "天数" in r.text
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0


def test_walk_page_lists_the_004_items_by_area_and_shows_saved_marks(browser_as, world, sessions, client):
    campaign_id = _create(browser_as, world)
    inspector = browser_as("inspector")
    assert "开始或继续检查" in inspector.get(f"/campaigns/{campaign_id}").text
    walk_id = _walk(browser_as, world, campaign_id)
    assert _walk(browser_as, world, campaign_id) == walk_id  # resumed, not a second record
    item = leaf_ids(sessions, ["1.4.1"])[0]
    token = re.search(r'name="csrf-token" content="([^"]+)"', inspector.get("/").text).group(1)
    r = inspector.put(f"/api/v1/inspections/{walk_id}/marks/{item}", headers={"X-CSRF-Token": token},
                      json={"mark": "fail", "note": "中队未挂牌", "file_ticket": True, "assign": True})
    assert r.status_code == 200, r.text  # the page's script saves through the API with the session cookie
    page = inspector.get(f"/inspections/{walk_id}").text
    for text in ("责任落实", "政策落实", "工作落实", "已检查 <b data-walk-marked>1</b> / 61 项", "中队未挂牌",
                 "已登记为问题", "已交办", "/static/walk.js"):
        assert text in page, text
    assert "<script>" not in page and "onclick" not in page  # no inline script (CSP)
    # Without the CSRF header the cookie cannot write through the API.
    assert inspector.put(f"/api/v1/inspections/{walk_id}/marks/{item}", json={"mark": "pass"}).status_code == 403

    r = post_form(inspector, f"/inspections/{walk_id}/finish")
    assert r.status_code == 303
    finished = inspector.get(f"/inspections/{walk_id}").text
    assert "已完成" in finished and "完成本村检查" not in finished and "data-readonly" in finished


def test_bulk_assign_page_assigns_the_ticked_tickets_and_lists_the_refused(browser_as, world, sessions):
    campaign_id = _create(browser_as, world)
    walk_id = _walk(browser_as, world, campaign_id)
    inspector = browser_as("inspector")
    token = re.search(r'name="csrf-token" content="([^"]+)"', inspector.get("/").text).group(1)
    for item in leaf_ids(sessions, ["2.3.2", "2.4.1", "2.4.2"]):
        inspector.put(f"/api/v1/inspections/{walk_id}/marks/{item}", headers={"X-CSRF-Token": token},
                      json={"mark": "fail", "file_ticket": True})
    page = inspector.get(f"/tickets/bulk-assign?campaign_id={campaign_id}").text
    refs = re.findall(r'name="ticket" value="(\d+:\d+)"', page)
    assert len(refs) == 3 and "全选（3 个待交办问题）" in page
    stale = refs[2].split(":")[0] + ":9"
    r = post_form(inspector, "/tickets/bulk-assign", {"ticket": [refs[0], refs[1], stale], "comment": "请按期整改",
                                                      "campaign_id": str(campaign_id)})
    assert r.status_code == 200
    assert "已交办 2 个，1 个未能交办" in r.text and "该问题已被他人修改" in r.text
    with sessions() as s:
        states = sorted(s.scalars(select(Ticket.state)))
        assert states == ["assigned", "assigned", "found"]
        assert s.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.trigger == "assign")) == 2


@pytest.mark.parametrize("username", ["town", "village", "leader"])
def test_roles_that_may_not_act_get_403_on_the_new_pages(browser_as, world, sessions, username):
    campaign_id = _create(browser_as, world)
    walk_id = _walk(browser_as, world, campaign_id)
    client = browser_as(username)
    assert client.get(f"/campaigns/{campaign_id}").status_code == 200
    assert client.get(f"/inspections/{walk_id}").status_code == 200  # they may read the record
    for path in ("/campaigns/new", f"/campaigns/{campaign_id}/edit", "/tickets/bulk-assign"):
        assert client.get(path).status_code == 403, path
    for path, data in (("/campaigns/new", FORM), (f"/campaigns/{campaign_id}/edit", FORM),
                       (f"/campaigns/{campaign_id}/walks", {"place_id": str(world.units["dongfeng"])}),
                       (f"/inspections/{walk_id}/finish", {}), ("/tickets/bulk-assign", {"ticket": "1:1"})):
        assert post_form(client, path, data).status_code == 403, path
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 1
        assert s.get(Inspection, walk_id).finished_at is None


def test_another_towns_operator_gets_404_on_the_campaign_and_walk_pages(browser_as, world, sessions):
    campaign_id = _create(browser_as, world)
    walk_id = _walk(browser_as, world, campaign_id)
    boao = browser_as("boao")
    for path in (f"/campaigns/{campaign_id}", f"/campaigns/{campaign_id}/edit", f"/inspections/{walk_id}"):
        r = boao.get(path)
        assert r.status_code == 404 and "无权查看" in r.text, path
    for path, data in ((f"/campaigns/{campaign_id}/edit", FORM),
                       (f"/campaigns/{campaign_id}/walks", {"place_id": str(world.units["dongfeng"])}),
                       (f"/inspections/{walk_id}/finish", {})):
        assert post_form(boao, path, data).status_code == 404, path
    assert "2026年冬季后评估" not in boao.get("/campaigns").text
    with sessions() as s:
        assert s.get(Campaign, campaign_id).name == "2026年冬季后评估"
        assert s.get(Inspection, walk_id).finished_at is None


def test_an_inspector_outside_the_team_cannot_walk_or_edit(browser_as, world, sessions):
    campaign_id = _create(browser_as, world)
    other = browser_as("inspector2")
    assert "开始或继续检查" not in other.get(f"/campaigns/{campaign_id}").text
    r = post_form(other, f"/campaigns/{campaign_id}/walks", {"place_id": str(world.units["dongfeng"])})
    assert r.status_code == 403 and "检查组成员" in r.text
    assert other.get(f"/campaigns/{campaign_id}/edit").status_code == 403
