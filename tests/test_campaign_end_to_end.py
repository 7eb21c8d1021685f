"""Issue 17 end to end, as seed 004 runs a 后评估: the office draws 4 towns × (1 脱贫村 + 1 非脱贫村) from a
recorded seed (and the same seed redraws the same villages), the team walks the sampled villages and scores the
1000-point checklist with deductions (one of them files a ticket in the same step), households are surveyed and the
towns' indicators entered; the 大比拼 ranking weighs scores, satisfaction and indicators as the campaign says, and
the scores export, the ledger export and the campaign bulletin carry all of it — on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.campaign_results.support import SATISFIED_ALL, actual, answer, rule_19_indicators
from tests.docx_reading import open_docx, table_rows, text_of
from tests.helpers import login
from tests.inspections.support import create_campaign, leaf_ids, load_004
from tests.scoring.support import add_towns, put_mark, units_by_id

SEED = 20211101
WEIGHTS = {"checklist_score": 1, "satisfaction_rate": 1, "indicators_met": 1}
UNHAPPY = ("不满意", "基本满意", "不认可", "不了解")  # 1 of 3 rated answers satisfied (基本满意 counts)
MISSED = (0.8, 70, 90, 60)  # 逾期率 over 0.5 and 支出进度 under 75: 2 of the 4 met
MET = (0.1, 76, 88, 57)


@pytest.fixture(autouse=True)
def checklist(sessions):
    load_004(sessions)


def _draw(client, campaign_id: int):
    r = client.post(f"/api/v1/campaigns/{campaign_id}/samples", json={"seed": SEED}, headers=login(client, "office"))
    assert r.status_code == 201, r.text
    return r.json()


def _sampled(sample: dict, units) -> dict[int, list[int]]:
    """Sampled town → its two sampled villages (脱贫村 first)."""
    villages = [u["org_unit_id"] for u in sample["units"] if u["stratum"] != "town"]
    towns = [u["org_unit_id"] for u in sample["units"] if u["stratum"] == "town"]
    return {t: sorted((v for v in villages if units[v].parent_id == t), key=lambda v: not units[v].poverty_alleviated)
            for t in towns}


def _walk_and_score(client, sessions, campaign_id: int, sampled: dict[int, list[int]]) -> tuple[dict[int, float], int]:
    """Village k (in sample order) loses k + 1 points on 1.4.1; the first also 25 on 2.3.2, filed as a ticket."""
    inspector = login(client, "inspector")
    item_141, item_232 = leaf_ids(sessions, ["1.4.1", "2.3.2"])
    scores: dict[int, float] = {}
    ticket_id = None
    for k, village in enumerate(v for vs in sampled.values() for v in vs):
        r = client.post(f"/api/v1/campaigns/{campaign_id}/inspections", json={"place_id": village}, headers=inspector)
        assert r.status_code == 200, r.text
        walk = r.json()["id"]
        r = put_mark(client, inspector, walk, item_141, mark="fail", note="台账不全", deduction=k + 1)
        assert r.status_code == 200, r.text
        scores[village] = 1000 - (k + 1)
        if k == 0:
            r = put_mark(client, inspector, walk, item_232, mark="fail", note="两户仍住危房", deduction=25,
                         file_ticket=True, assign=True)
            assert r.status_code == 200, r.text
            assert r.json()["ticket_state"] == "assigned" and r.json()["unit_score"] == scores[village] - 25
            scores[village] -= 25
            ticket_id = r.json()["ticket_id"]
    return scores, ticket_id


def _survey(client, campaign_id: int, sampled: dict[int, list[int]]) -> dict[int, float]:
    """One satisfied household per sampled village; the first town's 非脱贫村 also an unhappy one."""
    inspector = login(client, "inspector")
    rates = {}
    for n, (town, villages) in enumerate(sampled.items()):
        for village in villages:
            r = answer(client, inspector, campaign_id, village, f"e2e-{village}-first", SATISFIED_ALL)
            assert r.status_code == 201
        if n == 0:
            r = answer(client, inspector, campaign_id, villages[1], f"e2e-{villages[1]}-second", UNHAPPY)
            assert r.status_code == 201
            # A resend from the phone (same key) counts nothing.
            r = answer(client, inspector, campaign_id, villages[1], f"e2e-{villages[1]}-second", UNHAPPY)
            assert r.status_code == 200 and r.json()["created"] is False
        rates[town] = 7 / 9 if n == 0 else 1.0
    return rates


def _indicators(client, campaign_id: int, sampled: dict[int, list[int]]) -> dict[int, float]:
    ids = rule_19_indicators(client, campaign_id)
    inspector = login(client, "inspector")
    shares = {}
    for n, town in enumerate(sampled):
        values = MISSED if n == 0 else MET
        for name, value in zip(ids, values, strict=True):
            assert actual(client, inspector, ids[name], town, value).status_code == 201
        shares[town] = 0.5 if n == 0 else 1.0
    return shares


def test_a_004_post_evaluation_runs_from_the_sample_to_the_bulletin(client, world, sessions):
    add_towns(sessions, world)
    office = login(client, "office")
    campaign = create_campaign(client, world, scope_unit_ids=[], ranking_weights=WEIGHTS)
    cid = campaign["id"]

    # Rule 18: 4 towns, 8 villages, 4 of them 脱贫村; the recorded seed redraws the same villages.
    first, again = _draw(client, cid), _draw(client, cid)
    assert first["seed"] == again["seed"] == SEED
    assert [u["org_unit_id"] for u in again["units"]] == [u["org_unit_id"] for u in first["units"]]
    verify = client.get(f"/api/v1/campaigns/{cid}/samples/{first['id']}/verify", headers=office)
    assert verify.status_code == 200 and verify.json()["matches"] is True
    units = units_by_id(sessions)
    sampled = _sampled(first, units)
    assert len(sampled) == 4 and all(len(vs) == 2 for vs in sampled.values())
    assert [units[v].poverty_alleviated for vs in sampled.values() for v in vs] == [True, False] * 4

    # Rule 17: the walks' deductions make the scores; a deduction filed its ticket in one step.
    village_scores, ticket_id = _walk_and_score(client, sessions, cid, sampled)
    ticket = client.get(f"/api/v1/tickets/{ticket_id}", headers=office).json()
    assert ticket["campaign_id"] == cid and ticket["place_id"] == next(iter(sampled.values()))[0]
    scores = client.get(f"/api/v1/campaigns/{cid}/scores", headers=office).json()
    assert scores["total_points"] == 1000
    assert {u["unit_id"]: u["score"] for u in scores["units"]} == village_scores
    town_scores = {t: sum(village_scores[v] for v in vs) / 2 for t, vs in sampled.items()}
    assert {t["unit_id"]: t["score"] for t in scores["towns"]} == pytest.approx(town_scores)

    # Rule 19: satisfaction per town (the first under 90 %) and the indicators (the first town meets 2 of 4).
    satisfaction = _survey(client, cid, sampled)
    met = _indicators(client, cid, sampled)
    survey = client.get(f"/api/v1/campaigns/{cid}/survey/results", headers=office).json()
    below = {t["unit_id"] for t in survey["towns"] if t["below_target"]}
    assert below == {next(iter(sampled))}

    # 大比拼: the campaign's own weights rank the sampled towns; the towns not sampled are unrated.
    expected = {t: town_scores[t] + satisfaction[t] * 100 + met[t] * 100 for t in sampled}
    ranking = client.get("/api/v1/ledger/ranking", params={"campaign_id": cid}, headers=office).json()
    assert ranking["weights"] == WEIGHTS
    rated = [(t["unit_id"], t["score"]) for t in ranking["towns"] if t["rank"] is not None]
    assert [uid for uid, _ in rated] == sorted(expected, key=lambda t: -expected[t])
    assert dict(rated) == pytest.approx(expected)
    assert rated[-1][0] == next(iter(sampled))  # the town that missed on every criterion ranks last
    assert all(t["rank"] is None for t in ranking["towns"] if t["unit_id"] not in sampled)

    # Exported: the scores workbook and the ledger export's survey and indicator sheets.
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/campaigns/{cid}/scores.xlsx", headers=office).content))
    town_rows = list(book["乡镇排名"].iter_rows(min_row=2, values_only=True))
    assert {row[1]: row[3] for row in town_rows} == pytest.approx({units[t].name: s for t, s in town_scores.items()})
    ledger = load_workbook(io.BytesIO(client.get("/api/v1/ledger/export.xlsx", params={"campaign_id": cid},
                                                 headers=office).content), read_only=True)
    survey_rows = list(ledger["满意度调查"].iter_rows(values_only=True))
    first_town = units[next(iter(sampled))].name
    assert (first_town, "（全镇）", 9, 7) in {row[1:5] for row in survey_rows}
    assert any(row[1] == "小额信贷逾期率" and row[2] == first_town and row[6] == "未达标"
               for row in ledger["指标完成情况"].iter_rows(values_only=True))

    # And in the bulletin: the scores section, the survey and indicator section with the red ones named.
    r = client.get("/api/v1/ledger/bulletin.docx", params={"campaign_id": cid}, headers=office)
    assert r.status_code == 200, r.text
    document = open_docx(r.content)
    text = text_of(document)
    assert "督导评估得分情况" in text and "群众满意度、指标完成及综合排名情况" in text
    assert f"{first_town}小额信贷逾期率0.8%（目标低于0.5%）" in text
    rows = {tuple(row) for t in document.tables for row in table_rows(t)}
    best = max(town_scores, key=town_scores.get)
    assert any(row[:2] == ("1", units[best].name) and f"{town_scores[best]:g}" in row for row in rows)
