"""Shared set-up for the survey, indicator, ranking and cadence tests: a 大比拼 over 龙江镇 and 博鳌镇."""

from __future__ import annotations

from tests.helpers import login

SATISFIED_ALL = ("满意", "满意", "认可", "了解")


def contest(client, world, **overrides) -> dict:
    body = {"name": "2026年乡村振兴大比拼", "kind": "contest", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
            "scope_unit_ids": [world.units["longjiang"], world.units["boao"]],
            "team_person_ids": [world.people["inspector"]]} | overrides
    r = client.post("/api/v1/campaigns", json=body, headers=login(client, "office"))
    assert r.status_code == 201, r.text
    return r.json()


def answer(client, headers, campaign_id: int, village_id: int, key: str, choices=SATISFIED_ALL,
           respondent_type: str = "lifted_household", household: str | None = None):
    body = {"key": key, "village_id": village_id, "respondent_type": respondent_type, "household": household,
            "answers": {str(i): c for i, c in enumerate(choices, start=1)}}
    return client.post(f"/api/v1/campaigns/{campaign_id}/survey/responses", json=body, headers=headers)


def results(client, headers, campaign_id: int) -> dict:
    r = client.get(f"/api/v1/campaigns/{campaign_id}/survey/results", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def survey_round(client, world, campaign_id: int) -> None:
    """东风村 3 households all satisfied (9/9); 新和村 one satisfied, one not on two questions (4/6);
    朝烈村 one satisfied (3/3). 龙江镇: 13/15 = 86.7%, under 90%; 博鳌镇 100%."""
    inspector = login(client, "inspector")
    for n in range(3):
        assert answer(client, inspector, campaign_id, world.units["dongfeng"], f"df-{n}-0000").status_code == 201
    assert answer(client, inspector, campaign_id, world.units["xinhe"], "xh-1-0000").status_code == 201
    assert answer(client, inspector, campaign_id, world.units["xinhe"], "xh-2-0000",
                  choices=("不满意", "基本满意", "不认可", "不了解")).status_code == 201
    assert answer(client, inspector, campaign_id, world.units["chaolie"], "cl-1-0000").status_code == 201


def rule_19_indicators(client, campaign_id: int) -> dict[str, int]:
    """The four of rule 19, defined by the office; name → id."""
    office = login(client, "office")
    ids = {}
    for body in ({"name": "小额信贷逾期率", "comparison": "<", "target": 0.5},
                 {"name": "衔接资金支出进度", "comparison": ">=", "target": 75, "due_on": "2026-09-30"},
                 {"name": "项目开工率", "comparison": ">=", "target": 85},
                 {"name": "产业比重", "comparison": ">=", "target": 55}):
        r = client.post(f"/api/v1/campaigns/{campaign_id}/indicators", json=body, headers=office)
        assert r.status_code == 201, r.text
        ids[body["name"]] = r.json()["id"]
    return ids


def actual(client, headers, indicator_id: int, unit_id: int, value: float):
    return client.post(f"/api/v1/indicators/{indicator_id}/actuals", json={"org_unit_id": unit_id, "value": value},
                       headers=headers)


def standings(client, headers, campaign_id: int) -> dict[tuple[str, str], tuple[float, bool]]:
    r = client.get(f"/api/v1/campaigns/{campaign_id}/indicators", headers=headers)
    assert r.status_code == 200, r.text
    names = {i["id"]: i["name"] for i in r.json()["indicators"]}
    return {(names[s["indicator_id"]], s["unit_name"]): (s["value"], s["met"]) for s in r.json()["standings"]}
