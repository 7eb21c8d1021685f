"""Rule 18 (seed 004): 「抽取4个镇，每个镇随机抽取2个行政村……其中4个脱贫村和4个非脱贫村」 — stratified,
reproducible from its recorded seed, optionally excluding villages sampled in the last campaigns."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.helpers import login
from tests.inspections.support import create_campaign, load_004
from tests.scoring.support import add_towns, units_by_id
from workflow.campaigns.events import CampaignEvent
from workflow.db import transaction
from workflow.orgs.models import OrgUnit
from workflow.sampling.draw import Candidate, draw


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def _draw(client, campaign_id: int, who: str = "office", **body):
    return client.post(f"/api/v1/campaigns/{campaign_id}/samples", json=body, headers=login(client, who))


def _whole_city(client, world, **overrides) -> dict:
    return create_campaign(client, world, scope_unit_ids=[], **overrides)


def test_rule_18_draws_4_towns_with_one_poverty_alleviated_and_one_other_village_each(client, world, sessions):
    add_towns(sessions, world)
    campaign = _whole_city(client, world)
    r = _draw(client, campaign["id"])
    assert r.status_code == 201, r.text
    sample = r.json()
    units = units_by_id(sessions)
    towns = [u["org_unit_id"] for u in sample["units"] if u["stratum"] == "town"]
    villages = [u for u in sample["units"] if u["stratum"] != "town"]
    assert len(towns) == 4 and len(villages) == 8
    assert sum(1 for v in villages if v["stratum"] == "poverty_alleviated") == 4
    for v in villages:  # the stratum is the village's real flag, and it lies in a drawn town
        unit = units[v["org_unit_id"]]
        assert unit.poverty_alleviated == (v["stratum"] == "poverty_alleviated")
        assert unit.parent_id in towns
    for town in towns:
        mine = [units[v["org_unit_id"]] for v in villages if units[v["org_unit_id"]].parent_id == town]
        assert sorted(u.poverty_alleviated for u in mine) == [False, True]
    # 龙江镇 and 博鳌镇 have no 脱贫村: they cannot fill the strata and are never drawn.
    assert not {world.units["longjiang"], world.units["boao"]} & set(towns)
    with sessions() as s:
        event = s.scalar(select(CampaignEvent).where(CampaignEvent.campaign_id == campaign["id"]))
    assert event.kind == "sample_drawn" and str(sample["seed"]) in event.summary and "脱贫村4个" in event.summary
    assert event.data["unit_ids"] == [u["org_unit_id"] for u in sample["units"]]


def test_the_same_seed_redraws_the_identical_sample_and_verification_says_so(client, world, sessions):
    add_towns(sessions, world)
    campaign = _whole_city(client, world)
    first = _draw(client, campaign["id"], seed=20211015).json()
    again = _draw(client, campaign["id"], seed=20211015).json()
    assert [u["org_unit_id"] for u in again["units"]] == [u["org_unit_id"] for u in first["units"]]
    others = {tuple(u["org_unit_id"] for u in _draw(client, campaign["id"], seed=s).json()["units"]) for s in range(6)}
    assert len(others) > 1  # the seed matters

    office = login(client, "office")
    check = client.get(f"/api/v1/campaigns/{campaign['id']}/samples/{first['id']}/verify", headers=office).json()
    assert check["matches"] is True and check["recomputed"] == check["recorded"] and "完全一致" in check["message"]
    # The tree changes under the recorded draw (a drawn 脱贫村 loses its flag): verification tells.
    village = next(u["org_unit_id"] for u in first["units"] if u["stratum"] == "poverty_alleviated")
    with transaction(sessions) as s:
        s.get(OrgUnit, village).poverty_alleviated = False
    check = client.get(f"/api/v1/campaigns/{campaign['id']}/samples/{first['id']}/verify", headers=office).json()
    assert check["matches"] is False and "不一致" in check["message"]
    listed = client.get(f"/api/v1/campaigns/{campaign['id']}/samples", headers=office).json()
    assert len(listed) == 8 and listed[0]["id"] > listed[-1]["id"]  # newest (the current sample) first


def test_villages_sampled_in_the_last_campaign_are_not_drawn_again(client, world, sessions):
    add_towns(sessions, world)
    first = _whole_city(client, world, name="上半年督查")
    drawn = {u["org_unit_id"] for u in _draw(client, first["id"], seed=7).json()["units"] if u["stratum"] != "town"}
    second = _whole_city(client, world, name="下半年督查", starts_on="2026-12-01")
    r = _draw(client, second["id"], seed=7, exclude_last_campaigns=1)
    assert r.status_code == 201, r.text
    again = {u["org_unit_id"] for u in r.json()["units"] if u["stratum"] != "town"}
    assert len(again) == 8 and not again & drawn
    assert sorted(r.json()["params"]["excluded_unit_ids"]) == sorted(drawn)
    # Without the exclusion the same seed may draw them again; with 2 脱贫村 per town asked, only the two
    # towns the first draw did not touch can fill it, and the refusal says so.
    refused = _draw(client, second["id"], seed=7, exclude_last_campaigns=1, towns=3, poverty_villages_per_town=2,
                    other_villages_per_town=0)
    assert refused.status_code == 422 and "只有 2 个" in refused.json()["message"]


def test_only_the_office_draws_and_towns_do_not_see_samples(client, world, sessions):
    add_towns(sessions, world)
    campaign = _whole_city(client, world)
    sample = _draw(client, campaign["id"]).json()
    for who in ("inspector", "town", "village"):
        r = _draw(client, campaign["id"], who=who)
        assert r.status_code == 403 and "领导小组办公室" in r.json()["message"], who
    for who in ("town", "village", "boao"):
        r = client.get(f"/api/v1/campaigns/{campaign['id']}/samples", headers=login(client, who))
        assert r.status_code == 403 and "抽样结果" in r.json()["message"], who
        r = client.get(f"/api/v1/campaigns/{campaign['id']}/samples/{sample['id']}/verify", headers=login(client, who))
        assert r.status_code == 403
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/samples", headers=login(client, "inspector")).status_code \
        == 200
    r = client.get(f"/api/v1/campaigns/{campaign['id'] + 99}/samples", headers=login(client, "office"))
    assert r.status_code == 404


def test_bad_draw_parameters_are_refused_in_chinese_and_change_nothing(client, world, sessions):
    add_towns(sessions, world)
    campaign = _whole_city(client, world)
    assert _draw(client, campaign["id"], towns=0).status_code == 422
    r = _draw(client, campaign["id"], towns=7)
    assert r.status_code == 422 and "只有 6 个" in r.json()["message"]
    r = _draw(client, campaign["id"], poverty_villages_per_town=0, other_villages_per_town=0)
    assert r.status_code == 422 and "至少抽取1个村" in r.json()["message"]
    r = _draw(client, campaign["id"], from_unit_id=world.units["dongfeng"])
    assert r.status_code == 422 and "区/市或乡镇" in r.json()["message"]
    with sessions() as s:
        assert s.scalar(select(CampaignEvent)) is None
    office = login(client, "office")
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/samples", headers=office).json() == []


def test_a_draw_from_one_town_takes_villages_of_that_town_only(client, world, sessions):
    made = add_towns(sessions, world)
    campaign = _whole_city(client, world)
    r = _draw(client, campaign["id"], towns=1, poverty_villages_per_town=2, other_villages_per_town=1,
              from_unit_id=world.units["石壁镇"])
    assert r.status_code == 201, r.text
    villages = [u["org_unit_id"] for u in r.json()["units"] if u["stratum"] != "town"]
    assert len(villages) == 3 and set(villages) <= set(made["石壁镇"]) and set(made["石壁镇"][:2]) <= set(villages)


def test_the_pure_draw_orders_candidates_by_id_so_input_order_does_not_matter():
    candidates = [Candidate(uid, town, uid % 2 == 0) for town in (1, 2, 3) for uid in range(town * 10, town * 10 + 6)]
    one = draw(candidates, towns=2, per_stratum={"poverty_alleviated": 2, "not_poverty_alleviated": 1}, seed=42)
    two = draw(list(reversed(candidates)), towns=2,
               per_stratum={"poverty_alleviated": 2, "not_poverty_alleviated": 1}, seed=42)
    assert one == two and len(one) == 2 + 2 * 3


def test_the_campaign_timeline_lists_the_draw_for_the_office_and_not_for_towns(client, world, sessions):
    add_towns(sessions, world)
    campaign = _whole_city(client, world)
    sample = _draw(client, campaign["id"], seed=99).json()
    events = client.get(f"/api/v1/campaigns/{campaign['id']}/events", headers=login(client, "office")).json()
    listed = [(e["kind_label"], e["data"]["sample_id"], e["data"]["seed"]) for e in events]
    assert listed == [("抽样", sample["id"], 99)]
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/events", headers=login(client, "town")).status_code == 403
