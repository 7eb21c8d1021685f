"""Satisfaction surveys (rule 19, seed 004): answers counted once per key, rates per village and town,
red under the campaign's target (default 90%), who may enter and who sees what."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.campaign_results.support import answer, contest, results, survey_round
from tests.helpers import login
from workflow.surveys.models import SurveyAnswer, SurveyResponse


def _count(client, model) -> int:
    with client.app.state.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_rule_19_a_resent_answer_is_counted_once(client, world):
    c = contest(client, world)
    inspector = login(client, "inspector")
    first = answer(client, inspector, c["id"], world.units["dongfeng"], "phone-abc-0001", household="张三")
    assert first.status_code == 201 and first.json()["created"] is True
    again = answer(client, inspector, c["id"], world.units["dongfeng"], "phone-abc-0001", household="张三")
    assert again.status_code == 200 and again.json() == first.json() | {"created": False}
    assert _count(client, SurveyResponse) == 1 and _count(client, SurveyAnswer) == 4
    assert results(client, inspector, c["id"])["total"] == {
        "unit_id": 0, "name": "合计", "town": None, "answered": 3, "satisfied": 3, "rate": 1.0, "below_target": False}


def test_the_default_questionnaire_is_seed_004s_and_the_policy_question_is_not_rated(client, world):
    c = contest(client, world)
    questions = client.get(f"/api/v1/campaigns/{c['id']}/survey/questions", headers=login(client, "town")).json()
    assert [q["text"] for q in questions][:2] == ["您对享受到的帮扶措施满意吗？",
                                                  "您对乡村振兴工作队和村两委的工作满意吗？"]
    assert questions[0]["satisfied_choices"] == ["满意", "基本满意"] and questions[3]["satisfied_choices"] == []


def test_rule_19_rates_per_village_and_town_are_red_under_the_target(client, world):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    office = login(client, "office")
    found = results(client, office, c["id"])
    assert found["target"] == 0.9
    towns = {t["name"]: (t["answered"], t["satisfied"], round(t["rate"], 3), t["below_target"]) for t in found["towns"]}
    assert towns == {"龙江镇": (15, 13, 0.867, True), "博鳌镇": (3, 3, 1.0, False)}
    villages = {v["name"]: (v["answered"], v["satisfied"], v["below_target"]) for v in found["villages"]}
    assert villages == {"东风村": (9, 9, False), "新和村": (6, 4, True), "朝烈村": (3, 3, False)}
    # The office lowers the campaign's target to 85%: 龙江镇 (86.7%) is no longer red, 新和村 (66.7%) still is.
    r = client.put(f"/api/v1/campaigns/{c['id']}/survey", json={"target": 0.85}, headers=office)
    assert r.status_code == 200, r.text
    found = results(client, office, c["id"])
    assert [t["below_target"] for t in found["towns"]] == [False, False]
    assert [v["name"] for v in found["villages"] if v["below_target"]] == ["新和村"]


def test_a_town_sees_its_own_results_only(client, world):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    boao = results(client, login(client, "boao"), c["id"])
    assert [t["name"] for t in boao["towns"]] == ["博鳌镇"] and [v["name"] for v in boao["villages"]] == ["朝烈村"]
    assert boao["total"]["answered"] == 3
    longjiang = results(client, login(client, "town"), c["id"])
    assert [t["name"] for t in longjiang["towns"]] == ["龙江镇"]


def test_only_the_campaigns_inspectors_and_the_office_enter_answers(client, world):
    c = contest(client, world)
    for user, status in (("town", 403), ("village", 403), ("inspector2", 403), ("edu", 404)):
        r = answer(client, login(client, user), c["id"], world.units["dongfeng"], f"key-of-{user}")
        assert r.status_code == status, (user, r.text)
    assert answer(client, login(client, "office"), c["id"], world.units["dongfeng"], "key-office-1").status_code == 201
    assert client.get(f"/api/v1/campaigns/{c['id']}/survey/results", headers=login(client, "edu")).status_code == 404
    r = client.put(f"/api/v1/campaigns/{c['id']}/survey", json={"target": 0.5}, headers=login(client, "inspector"))
    assert r.status_code == 403
    assert _count(client, SurveyResponse) == 1


def test_bad_answers_are_refused_in_chinese_and_save_nothing(client, world):
    c = contest(client, world, scope_unit_ids=[world.units["longjiang"]])
    inspector = login(client, "inspector")
    cases = [
        (answer(client, inspector, c["id"], world.units["dongfeng"], "bad-choice-1", choices=("非常满意",)),
         "第1题没有“非常满意”这个选项"),
        (answer(client, inspector, c["id"], world.units["chaolie"], "bad-scope-1"), "朝烈村不在本次督查的范围内"),
        (answer(client, inspector, c["id"], world.units["longjiang"], "bad-town-01"), "受访地点必须是村（社区）"),
        (answer(client, inspector, c["id"], world.units["dongfeng"], "bad-type-01", respondent_type="tourist"),
         "未知的受访对象类型：tourist"),
    ]
    for r, message in cases:
        assert r.status_code == 422 and r.json()["message"] == message, r.text
    body = {"key": "short", "village_id": world.units["dongfeng"], "respondent_type": "lifted_household",
            "answers": {"1": "满意"}}
    assert client.post(f"/api/v1/campaigns/{c['id']}/survey/responses", json=body, headers=inspector).status_code == 422
    assert _count(client, SurveyResponse) == 0 and _count(client, SurveyAnswer) == 0


def test_questions_are_fixed_once_households_answered(client, world):
    c = contest(client, world)
    office = login(client, "office")
    own = {"target": 0.9, "questions": [{"text": "您对村里的人居环境满意吗？", "choices": ["满意", "不满意"],
                                         "satisfied_choices": ["满意"]}]}
    r = client.put(f"/api/v1/campaigns/{c['id']}/survey", json=own, headers=office)
    assert r.status_code == 200 and [q["text"] for q in r.json()] == ["您对村里的人居环境满意吗？"]
    assert answer(client, login(client, "inspector"), c["id"], world.units["dongfeng"], "own-q-0001",
                  choices=("不满意",)).status_code == 201
    r = client.put(f"/api/v1/campaigns/{c['id']}/survey", json=own, headers=office)
    assert r.status_code == 422 and "已有农户作答" in r.json()["message"]
    assert results(client, office, c["id"])["total"]["rate"] == 0.0
