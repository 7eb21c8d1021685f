"""Indicators with targets (rule 19): < and ≥ against the target, history kept with the latest counting,
xlsx import all-or-nothing with Chinese row errors, and who may define, enter and read."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.campaign_results.support import actual, contest, rule_19_indicators, standings
from tests.helpers import login
from tests.xlsx import workbook_bytes
from workflow.indicators.models import IndicatorActual

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actuals(client) -> int:
    with client.app.state.sessions() as s:
        return s.scalar(select(func.count()).select_from(IndicatorActual))


def _import(client, headers, campaign_id, rows, header=("单位", "指标", "实际值", "备注")):
    content = workbook_bytes(rows, headers=list(header), sheet_name="指标实际值")
    return client.post(f"/api/v1/campaigns/{campaign_id}/indicators/import", headers=headers,
                       files=[("file", ("指标.xlsx", content, XLSX))])


def test_rule_19_targets_compare_strictly_below_or_at_least(client, world):
    c = contest(client, world)
    ids = rule_19_indicators(client, c["id"])
    inspector = login(client, "inspector")
    lj, ba = world.units["longjiang"], world.units["boao"]
    for name, unit, value in [("小额信贷逾期率", lj, 0.3), ("小额信贷逾期率", ba, 0.5), ("衔接资金支出进度", lj, 75),
                              ("衔接资金支出进度", ba, 74.9), ("项目开工率", lj, 85), ("产业比重", ba, 56)]:
        assert actual(client, inspector, ids[name], unit, value).status_code == 201
    assert standings(client, inspector, c["id"]) == {
        ("小额信贷逾期率", "龙江镇"): (0.3, True), ("小额信贷逾期率", "博鳌镇"): (0.5, False),
        ("衔接资金支出进度", "龙江镇"): (75.0, True), ("衔接资金支出进度", "博鳌镇"): (74.9, False),
        ("项目开工率", "龙江镇"): (85.0, True), ("产业比重", "博鳌镇"): (56.0, True)}
    board = client.get(f"/api/v1/campaigns/{c['id']}/indicators", headers=inspector).json()
    assert {i["name"]: i["target_label"] for i in board["indicators"]} == {
        "小额信贷逾期率": "低于0.5%", "衔接资金支出进度": "不低于75%（9月30日前）", "项目开工率": "不低于85%",
        "产业比重": "不低于55%"}


def test_a_new_actual_is_a_new_row_and_the_latest_counts(client, world, clock):
    c = contest(client, world)
    ids = rule_19_indicators(client, c["id"])
    inspector = login(client, "inspector")
    assert actual(client, inspector, ids["项目开工率"], world.units["longjiang"], 60).status_code == 201
    assert standings(client, inspector, c["id"])[("项目开工率", "龙江镇")] == (60.0, False)
    clock.move_to(clock.now().replace(day=28))
    assert actual(client, inspector, ids["项目开工率"], world.units["longjiang"], 90).status_code == 201
    board = client.get(f"/api/v1/campaigns/{c['id']}/indicators", headers=inspector).json()
    (standing,) = board["standings"]
    assert (standing["value"], standing["met"]) == (90.0, True)
    assert [h["value"] for h in standing["history"]] == [90.0, 60.0]
    assert _actuals(client) == 2


def test_a_good_xlsx_imports_every_row(client, world):
    c = contest(client, world)
    rule_19_indicators(client, c["id"])
    office = login(client, "office")
    r = _import(client, office, c["id"], [["龙江镇", "小额信贷逾期率", "0.2%", "截至11月底"],
                                          ["博鳌镇", "项目开工率", 80, None], ["龙江镇东风村", "产业比重", 60, None]])
    assert r.status_code == 201 and r.json() == {"imported": 3}, r.text
    assert standings(client, office, c["id"]) == {("小额信贷逾期率", "龙江镇"): (0.2, True),
                                                  ("项目开工率", "博鳌镇"): (80.0, False),
                                                  ("产业比重", "东风村"): (60.0, True)}


def test_a_bad_xlsx_lists_every_problem_and_imports_nothing(client, world):
    c = contest(client, world, scope_unit_ids=[world.units["longjiang"]])
    rule_19_indicators(client, c["id"])
    office = login(client, "office")
    r = _import(client, office, c["id"], [["龙江镇", "小额信贷逾期率", 0.2, None], ["龙江乡", "项目开工率", 80, None],
                                          ["龙江镇", "贷款余额", 5, None], ["龙江镇", "产业比重", "五十", None],
                                          ["博鳌镇", "产业比重", 50, None]])
    assert r.status_code == 422, r.text
    assert r.json()["message"] == "指标实际值表有 4 处错误，整个文件未导入，请修改后重新上传"
    assert [(e["row"], e["column"], e["message"]) for e in r.json()["detail"]["errors"]] == [
        (3, "单位", "找不到乡镇或村（社区）“龙江乡”，或不在您的管辖范围内"),
        (4, "指标", "本次督查没有指标“贷款余额”"),
        (5, "实际值", "实际值须为数字：“五十”"),
        (6, "单位", "博鳌镇不在本次督查的范围内")]
    assert _actuals(client) == 0
    r = _import(client, office, c["id"], [["龙江镇", 1]], header=("单位", "指标"))
    assert r.status_code == 422 and "缺少列“实际值”" in r.json()["detail"]["errors"][0]["message"]
    r = client.post(f"/api/v1/campaigns/{c['id']}/indicators/import", headers=office,
                    files=[("file", ("指标.xlsx", b"not a workbook", XLSX))])
    assert r.status_code == 422 and "不是有效的 Excel 工作簿" in r.json()["message"]
    assert _actuals(client) == 0


def test_who_may_define_enter_and_read_indicators(client, world):
    c = contest(client, world)
    ids = rule_19_indicators(client, c["id"])
    body = {"name": "返贫风险消除率", "comparison": ">=", "target": 90}
    for user in ("inspector", "town"):
        r = client.post(f"/api/v1/campaigns/{c['id']}/indicators", json=body, headers=login(client, user))
        assert r.status_code == 403, user
    assert client.post(f"/api/v1/campaigns/{c['id']}/indicators", json=body,
                       headers=login(client, "edu")).status_code == 404
    for user, status in (("town", 403), ("inspector2", 403), ("edu", 404)):
        r = actual(client, login(client, user), ids["项目开工率"], world.units["longjiang"], 90)
        assert r.status_code == status, user
    assert _import(client, login(client, "town"), c["id"], [["龙江镇", "项目开工率", 90]]).status_code == 403
    inspector = login(client, "inspector")
    assert actual(client, inspector, ids["项目开工率"], world.units["longjiang"], 90).status_code == 201
    assert actual(client, inspector, ids["项目开工率"], world.units["education"], 90).status_code == 422
    assert standings(client, login(client, "boao"), c["id"]) == {}  # 博鳌镇 sees no 龙江镇 actual
    assert list(standings(client, login(client, "town"), c["id"])) == [("项目开工率", "龙江镇")]
    bad = {"name": "x", "comparison": ">", "target": 1}
    assert client.post(f"/api/v1/campaigns/{c['id']}/indicators", json=bad,
                       headers=login(client, "office")).status_code == 422
    dup = {"name": "项目开工率", "comparison": ">=", "target": 1}
    r = client.post(f"/api/v1/campaigns/{c['id']}/indicators", json=dup, headers=login(client, "office"))
    assert r.status_code == 422 and r.json()["message"] == "本次督查已有指标“项目开工率”"
