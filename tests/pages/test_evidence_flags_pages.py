"""The verifier sees each photo's flags beside it, and a 验收 over them asks for a line of justification."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import START
from tests.helpers import file_via_api, login, move, upload
from tests.pages.conftest import post_form
from tests.photos import FAR, VILLAGE, camera_photo
from workflow.campaigns.models import Campaign
from workflow.db import transaction
from workflow.orgs.models import OrgUnit


def submitted_with_a_far_photo(client, world, clock, sessions) -> dict:
    with transaction(sessions) as s:
        s.get(OrgUnit, world.units["dongfeng"]).latitude, s.get(OrgUnit, world.units["dongfeng"]).longitude = VILLAGE
    inspector, village = login(client, "inspector"), login(client, "village")
    t = file_via_api(client, inspector, world)
    t = move(client, inspector, t, "assign").json()
    t = move(client, village, t, "accept", plan="清理").json()
    clock.move_to(START + timedelta(hours=2))
    taken = START + timedelta(hours=1)
    assert upload(client, village, t["id"], content=camera_photo(21, taken=taken, gps=FAR), name="远处.jpg",
                  ctype="image/jpeg").status_code == 201
    t = move(client, village, t, "submit", comment="已清理").json()
    clock.move_to(START + timedelta(hours=4))
    assert upload(client, inspector, t["id"], stage="verification", name="验收.jpg", ctype="image/jpeg",
                  content=camera_photo(22, taken=START + timedelta(hours=3))).status_code == 201
    return t


def test_the_ticket_page_shows_the_flag_and_verifying_needs_the_justification(client, browser_as, world, clock,
                                                                               sessions):
    t = submitted_with_a_far_photo(client, world, clock, sessions)
    inspector = browser_as("inspector")
    page = inspector.get(f"/tickets/{t['id']}").text
    rounds = page.split('class="evidence-rounds')[1].split("<form")[0]
    assert rounds.count("<h3>") == 3 and "验收时" in rounds and rounds.count('class="flagged"') == 1
    assert "拍摄地点偏远" in page and "远处.jpg" in page and "距东风村 20.0 公里" in page
    assert 'name="justification" required' in page

    refused = post_form(inspector, f"/tickets/{t['id']}/move",
                        {"trigger": "verify", "version": t["version"], "comment": ""})
    assert refused.status_code == 409 and "1 处疑点" in refused.text
    done = post_form(inspector, f"/tickets/{t['id']}/move", {"trigger": "verify", "version": t["version"],
                                                             "justification": "已电话核实，照片为到镇上打印公示时所拍"})
    assert done.status_code == 303
    events = client.get(f"/api/v1/tickets/{t['id']}/events", headers=login(client, "office")).json()
    assert events[-1]["payload"]["justification"].startswith("已电话核实")


def test_the_verification_queue_shows_three_sets_with_the_flags(client, browser_as, world, clock, sessions):
    submitted_with_a_far_photo(client, world, clock, sessions)
    page = browser_as("inspector").get("/verify").text
    card = page.split('class="card verify-item"')[1]
    assert "发现问题时" in card and "整改后（本轮）" in card and "验收时" in card
    assert "拍摄地点偏远" in card and 'name="justification" required' in card
    assert "拍摄地点偏远" not in browser_as("xinhe").get("/verify").text


def test_the_flag_report_page_is_for_the_office_and_leaders_not_a_town(browser_as, world):
    assert "照片疑点统计" in browser_as("leader").get("/reports/evidence-flags").text
    assert browser_as("town").get("/reports/evidence-flags").status_code == 403


def test_the_campaign_form_keeps_the_areas_that_need_the_verifiers_photo(browser_as, world, sessions):
    office = browser_as("office")
    r = post_form(office, "/campaigns/new", {"name": "人居环境督查", "kind": "open_check", "starts_on": "2026-11-01",
                                         "ends_on": "2026-12-31", "verifier_photo_areas": "人居环境、 基础设施"})
    assert r.status_code == 303, r.text
    with sessions() as s:
        campaign = s.scalars(select(Campaign)).one()
        assert campaign.verifier_photo_areas == ["人居环境", "基础设施"]
    assert 'value="人居环境、基础设施"' in office.get(f"/campaigns/{campaign.id}/edit").text


def test_the_org_page_sets_a_villages_coordinates_and_refuses_bad_ones(browser_as, world, sessions):
    office = browser_as("office")
    village = world.units["xinhe"]
    r = post_form(office, f"/org-units/{village}/edit", {"name": "新和村", "latitude": "19.17", "longitude": "110.35"})
    assert r.status_code == 303, r.text
    assert 'name="latitude" inputmode="decimal" value="19.17"' in office.get(f"/org-units?unit_id={village}").text
    bad = post_form(office, f"/org-units/{village}/edit", {"name": "新和村", "latitude": "北纬19度"})
    assert bad.status_code == 422 and "纬度应为十进制度数" in bad.text
    far = post_form(office, f"/org-units/{village}/edit", {"name": "新和村", "latitude": "95"})
    assert far.status_code == 422 and "纬度超出范围" in far.text
    with sessions() as s:
        assert s.get(OrgUnit, village).latitude == 19.17
