"""The score page, bonus forms, the sample page and the walk's deduction field, driven like a browser."""

from __future__ import annotations

import pytest

from tests.helpers import PNG
from tests.inspections.support import create_campaign, load_004
from tests.pages.conftest import post_form
from tests.scoring.support import add_towns, scored_campaign


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def test_the_score_page_ranks_towns_and_units_and_a_town_sees_its_own(client, browser_as, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    page = browser_as("office").get(f"/campaigns/{campaign['id']}/scores")
    assert page.status_code == 200
    text = page.text
    assert "督导评估得分" in text and "乡镇排名" in text and "952.5" in text and "朝烈村" in text
    assert "责任落实<br><small>200</small>" in text and "scores.xlsx" in text
    town = browser_as("town").get(f"/campaigns/{campaign['id']}/scores").text
    assert "东风村" in town and "新和村" in town and "朝烈村" not in town and "博鳌镇" not in town
    assert browser_as("edu").get(f"/campaigns/{campaign['id']}/scores").status_code == 404


def test_bonus_is_proposed_and_approved_on_the_page(client, browser_as, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    town = browser_as("town")
    form = {"unit_id": str(world.units["dongfeng"]), "category": "municipal", "articles": "1",
            "awarded_on": "2026-11-10", "description": "经验做法全市推广"}
    r = post_form(town, f"/campaigns/{campaign['id']}/bonuses", form, files={"evidence": ("a.png", PNG, "image/png")})
    assert r.status_code == 303, r.text
    refused = post_form(town, f"/campaigns/{campaign['id']}/bonuses", form | {"category": "national", "articles": "3"},
                        files={"evidence": ("a.png", PNG, "image/png")})
    assert refused.status_code == 422 and "篇数须为1" in refused.text and 'value="经验做法全市推广"' in refused.text
    missing = post_form(town, f"/campaigns/{campaign['id']}/bonuses", form)
    assert missing.status_code == 422 and "证明材料" in missing.text
    office = browser_as("office")
    page = office.get(f"/campaigns/{campaign['id']}/scores").text
    assert "待审核" in page and "认定</button>" in page
    assert "认定</button>" not in town.get(f"/campaigns/{campaign['id']}/scores").text  # a town may not decide
    bonus_id = page.split('data-bonus="')[1].split('"')[0]
    r = post_form(town, f"/campaigns/{campaign['id']}/bonuses/{bonus_id}/decision", {"approve": "1"})
    assert r.status_code == 403
    r = post_form(office, f"/campaigns/{campaign['id']}/bonuses/{bonus_id}/decision", {"approve": "1"})
    assert r.status_code == 303
    page = office.get(f"/campaigns/{campaign['id']}/scores").text
    assert "已认定" in page and "915.5" in page


def test_the_office_draws_on_the_sample_page_and_verifies_it(browser_as, client, world, sessions):
    add_towns(sessions, world)
    campaign = create_campaign(client, world, scope_unit_ids=[])
    office = browser_as("office")
    assert "抽取乡镇数" in office.get(f"/campaigns/{campaign['id']}/samples").text
    r = post_form(office, f"/campaigns/{campaign['id']}/samples", {"towns": "4", "poverty_villages_per_town": "1",
                                                                   "other_villages_per_town": "1", "seed": "2021"})
    assert r.status_code == 303, r.text
    page = office.get(f"/campaigns/{campaign['id']}/samples").text
    assert "当前抽样" in page and "2021" in page and page.count("<td>脱贫村</td>") == 4
    assert page.count("<td>非脱贫村</td>") == 4
    sample_id = page.split('data-sample="')[1].split('"')[0]
    check = office.get(f"/campaigns/{campaign['id']}/samples/{sample_id}/verify").text
    assert "完全一致" in check
    bad = post_form(office, f"/campaigns/{campaign['id']}/samples", {"towns": "abc"})
    assert bad.status_code == 422 and "整数" in bad.text
    assert browser_as("town").get(f"/campaigns/{campaign['id']}/samples").status_code == 403
    r = post_form(browser_as("inspector"), f"/campaigns/{campaign['id']}/samples", {"towns": "4"})
    assert r.status_code == 403


def test_the_walk_shows_the_deduction_field_with_its_cap_and_the_score(client, browser_as, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    page = browser_as("inspector").get(f"/inspections/{campaign['walks']['dongfeng']}").text
    assert 'data-walk-score>915</b> / 1000' in page and "本项最多 30 分" in page and "本项最多 130 分" in page
    assert 'name="deduction-' in page and 'value="20"' in page
