"""Rule 20 (seed 003): bonus points as dated entries with evidence — proposed by a town or an inspector,
approved or refused by the office, only approved ones counted, every change an event on the campaign."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.helpers import PNG, login
from tests.inspections.support import load_004
from tests.scoring.support import scored_campaign
from workflow.campaigns.events import CampaignEvent


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def _propose(client, campaign_id: int, who: str, unit_id: int, *, content=PNG, name="推广文件.png", **fields):
    data = {"unit_id": str(unit_id), "category": "municipal", "awarded_on": "2026-11-10",
            "description": "经验做法在全市推广"} | fields
    return client.post(f"/api/v1/campaigns/{campaign_id}/bonuses", data=data,
                       files={"evidence": (name, content, "image/png")}, headers=login(client, who))


def _decide(client, campaign_id: int, bonus_id: int, who: str = "office", **body):
    return client.post(f"/api/v1/campaigns/{campaign_id}/bonuses/{bonus_id}/decision", json=body,
                       headers=login(client, who))


def _score(client, campaign_id: int, name: str) -> float:
    units = client.get(f"/api/v1/campaigns/{campaign_id}/scores", headers=login(client, "office")).json()["units"]
    return next(u["score"] for u in units if u["name"] == name)


def _events(sessions, campaign_id: int) -> list[str]:
    """The bonus events (the walks' deductions are events on the same timeline)."""
    with sessions() as s:
        return [e.kind for e in s.scalars(select(CampaignEvent).where(CampaignEvent.campaign_id == campaign_id,
                                                                      CampaignEvent.kind.startswith("bonus_"))
                                          .order_by(CampaignEvent.id))]


def test_rule_20_a_town_proposes_the_office_approves_and_only_then_it_counts(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    r = _propose(client, campaign["id"], "town", world.units["dongfeng"])
    assert r.status_code == 201, r.text
    entry = r.json()
    assert (entry["points"], entry["status_label"], entry["category_label"]) == (0.5, "待审核", "市级")
    assert _score(client, campaign["id"], "东风村") == 915  # proposed is not counted
    media = _propose(client, campaign["id"], "inspector", world.units["dongfeng"], category="central_media",
                     articles="3", description="人民日报报道3篇").json()
    assert media["points"] == 0.6

    approved = _decide(client, campaign["id"], entry["id"], approve=True)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert _score(client, campaign["id"], "东风村") == 915.5
    r = _decide(client, campaign["id"], media["id"], approve=False)
    assert r.status_code == 422 and "理由" in r.json()["message"]
    refused = _decide(client, campaign["id"], media["id"], approve=False, note="非中央主流媒体")
    assert refused.json()["status_label"] == "不予认定" and refused.json()["decision_note"] == "非中央主流媒体"
    assert _score(client, campaign["id"], "东风村") == 915.5
    again = _decide(client, campaign["id"], entry["id"], approve=False, note="改主意")
    assert again.status_code == 409 and "已审核" in again.json()["message"]
    assert _events(sessions, campaign["id"]) == ["bonus_proposed", "bonus_proposed", "bonus_approved",
                                                 "bonus_refused"]
    # The town's bonus adds to the town's mean of its villages: (915.5 + 990) / 2 + 1.
    town = _propose(client, campaign["id"], "town", world.units["longjiang"], category="provincial").json()
    _decide(client, campaign["id"], town["id"], approve=True)
    towns = client.get(f"/api/v1/campaigns/{campaign['id']}/scores", headers=login(client, "office")).json()["towns"]
    first = towns[0]
    assert (first["name"], first["village_mean"], first["bonus"], first["score"]) == ("龙江镇", 952.75, 1, 953.75)
    evidence = client.get(f"/api/v1/campaigns/{campaign['id']}/bonuses/{entry['id']}/evidence",
                          headers=login(client, "town"))
    assert evidence.status_code == 200 and evidence.content == PNG


def test_bonus_input_is_checked_and_a_refusal_changes_nothing(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    r = _propose(client, campaign["id"], "town", world.units["dongfeng"], category="national", articles="2")
    assert r.status_code == 422 and "篇数须为1" in r.json()["message"]
    r = _propose(client, campaign["id"], "town", world.units["dongfeng"], content=b"MZ\x90\x00not a picture",
                 name="x.exe")
    assert r.status_code == 422
    r = _propose(client, campaign["id"], "town", world.units["education"])
    assert r.status_code == 422
    r = _propose(client, campaign["id"], "town", world.units["dongfeng"], category="lottery")
    assert r.status_code == 422
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/bonuses", headers=login(client, "office")).json() == []
    assert _events(sessions, campaign["id"]) == []


def test_wrong_users_cannot_decide_see_or_propose_for_others(client, world, sessions):
    campaign = scored_campaign(client, world, sessions)
    entry = _propose(client, campaign["id"], "town", world.units["dongfeng"]).json()
    for who in ("town", "inspector", "village"):
        r = _decide(client, campaign["id"], entry["id"], who=who, approve=True)
        assert r.status_code == 403 and "领导小组办公室" in r.json()["message"], who
    # 博鳌镇 neither sees 龙江镇's entry nor may propose for 东风村.
    assert _decide(client, campaign["id"], entry["id"], who="boao", approve=True).status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/bonuses", headers=login(client, "boao")).json() == []
    r = client.get(f"/api/v1/campaigns/{campaign['id']}/bonuses/{entry['id']}/evidence", headers=login(client, "boao"))
    assert r.status_code == 404
    r = _propose(client, campaign["id"], "boao", world.units["dongfeng"])
    assert r.status_code == 422 and "不在您的管辖范围内" in r.json()["message"]
    # An inspector not on the campaign's team may not propose.
    r = _propose(client, campaign["id"], "inspector2", world.units["dongfeng"])
    assert r.status_code == 403 and "检查组成员" in r.json()["message"]
    assert _propose(client, campaign["id"], "edu", world.units["dongfeng"]).status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign['id']}/bonuses", headers=login(client, "office")).json()[0][
        "status"] == "proposed"
