"""大比拼 (seed 000): the towns ranked by weighted campaign criteria — 满意度 and 指标达标率 — and the
campaign bulletin's section with survey results, indicators (red ones named) and the ranking."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.campaign_results.support import actual, contest, rule_19_indicators, survey_round
from tests.docx_reading import open_docx, table_rows, text_of
from tests.helpers import login

WEIGHTS = {"satisfaction_rate": 1, "indicators_met": 1}


def _indicator_round(client, world, campaign_id: int) -> None:
    """龙江镇 meets 2 of 4, 博鳌镇 all 4."""
    ids = rule_19_indicators(client, campaign_id)
    inspector = login(client, "inspector")
    lj, ba = world.units["longjiang"], world.units["boao"]
    for unit, values in ((lj, (0.8, 70, 90, 60)), (ba, (0.1, 76, 88, 57))):
        for name, value in zip(ids, values, strict=True):
            assert actual(client, inspector, ids[name], unit, value).status_code == 201


def _ranking(client, headers, campaign_id: int, weights: str | None = None) -> list[tuple]:
    params = {"campaign_id": campaign_id} | ({"weights": weights} if weights else {})
    r = client.get("/api/v1/ledger/ranking", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return [(t["rank"], t["name"], t["score"]) for t in r.json()["towns"]]


def test_a_contest_ranks_towns_by_satisfaction_and_indicators_met(client, world):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    _indicator_round(client, world, c["id"])
    office = login(client, "office")
    # 博鳌镇 100 + 100; 龙江镇 13/15 × 100 + 2/4 × 100 = 86.67 + 50.
    assert _ranking(client, office, c["id"], "satisfaction_rate:1,indicators_met:1") == [
        (1, "博鳌镇", 200.0), (2, "龙江镇", 136.666667)]
    # Satisfaction alone, weighted 2: 龙江镇 173.33.
    assert _ranking(client, office, c["id"], "satisfaction_rate:2") == [(1, "博鳌镇", 200.0), (2, "龙江镇", 173.333333)]


def test_the_campaigns_own_weights_rank_and_a_town_without_answers_is_unrated(client, world):
    c = contest(client, world, ranking_weights=WEIGHTS)
    office = login(client, "office")
    assert _ranking(client, office, c["id"]) == []  # nothing surveyed or measured yet: no one to rank
    survey_round(client, world, c["id"])
    ids = rule_19_indicators(client, c["id"])
    r = actual(client, login(client, "inspector"), ids["项目开工率"], world.units["longjiang"], 90)
    assert r.status_code == 201
    # 博鳌镇 has answers but no actual: unrated on 指标达标率, listed last without a rank.
    assert _ranking(client, office, c["id"]) == [(1, "龙江镇", 186.666667), (None, "博鳌镇", None)]
    r = client.get("/api/v1/ledger/ranking", params={"campaign_id": c["id"], "weights": "happiness:1"}, headers=office)
    assert r.status_code == 422 and "未知的排名指标：happiness" in r.json()["message"]


def test_the_campaign_bulletin_reports_surveys_indicators_and_the_contest_ranking(client, world):
    c = contest(client, world, ranking_weights=WEIGHTS)
    survey_round(client, world, c["id"])
    _indicator_round(client, world, c["id"])
    r = client.get("/api/v1/ledger/bulletin.docx", params={"campaign_id": c["id"]}, headers=login(client, "office"))
    assert r.status_code == 200, r.text
    document = open_docx(r.content)
    text = text_of(document)
    assert "六、群众满意度、指标完成及综合排名情况" in text
    assert "（一）群众满意度（目标不低于90.0%）" in text
    assert "本期入户调查共收回有效作答18项，满意16项，总体满意度88.9%。" in text
    assert "满意度低于目标的村（社区）：龙江镇新和村（66.7%）。" in text
    assert ("未达标的指标：龙江镇小额信贷逾期率0.8%（目标低于0.5%）；"
            "龙江镇衔接资金支出进度70%（目标不低于75%（9月30日前））。") in text
    rows = {tuple(r) for t in document.tables for r in table_rows(t)}
    assert ("1", "龙江镇", "15", "13", "86.7%", "未达标") in rows
    assert ("2", "博鳌镇", "3", "3", "100.0%", "达标") in rows
    assert ("1", "博鳌镇", "200") in rows and ("2", "龙江镇", "136.667") in rows
    assert "（三）综合排名（群众满意度×1、指标达标率×1）" in text
    assert ("2", "小额信贷逾期率", "博鳌镇", "0.1%", "低于0.5%", "达标") in rows


def test_the_campaign_ledger_export_carries_the_survey_and_indicator_sheets(client, world):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    _indicator_round(client, world, c["id"])
    r = client.get("/api/v1/ledger/export.xlsx", params={"campaign_id": c["id"]}, headers=login(client, "office"))
    assert r.status_code == 200, r.text
    workbook = load_workbook(io.BytesIO(r.content), read_only=True)
    survey = [row for row in workbook["满意度调查"].iter_rows(values_only=True)]
    assert survey[0] == ("序号", "乡镇（街道）", "村（社区）", "作答数", "满意数", "满意度", "目标", "是否达标")
    assert survey[1] == (1, "龙江镇", "（全镇）", 15, 13, 0.8667, 0.9, "未达标")
    assert (4, "龙江镇", "新和村", 6, 4, 0.6667, 0.9, "未达标") in survey
    indicators = [row for row in workbook["指标完成情况"].iter_rows(values_only=True)]
    assert (1, "小额信贷逾期率", "龙江镇", 0.8, "%", "低于0.5%", "未达标", 1) in indicators
    assert len(indicators) == 1 + 8
