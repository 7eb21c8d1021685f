"""The survey, indicator, milestone and cadence pages: who sees what, the plain form posts, Chinese refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.campaign_results.support import actual, contest, rule_19_indicators, survey_round
from tests.helpers import login, session_cookie
from tests.xlsx import workbook_bytes
from workflow.surveys.models import SurveyResponse

CSRF = "page-token"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as(client, user: str):
    client.cookies.clear()  # the flash cookie the last reply set would otherwise still speak for the last user
    client.cookies.set("zhenggai_session", session_cookie(client.app, user, csrf=CSRF))
    return client


def test_the_survey_page_shows_red_towns_and_the_form_only_to_those_who_enter(client, world):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    page = _as(client, "inspector").get(f"/campaigns/{c['id']}/survey")
    assert page.status_code == 200 and 'data-survey="' in page.text and "您对享受到的帮扶措施满意吗？" in page.text
    assert '<tr class="below"><td>龙江镇</td>' in page.text and '<td class="red">86.7%</td>' in page.text
    town = _as(client, "town").get(f"/campaigns/{c['id']}/survey")
    assert town.status_code == 200 and 'data-survey="' not in town.text
    assert "朝烈村" not in town.text and "新和村" in town.text
    assert _as(client, "edu").get(f"/campaigns/{c['id']}/survey").status_code == 404


def test_the_plain_survey_form_counts_a_double_submit_once(client, world):
    c = contest(client, world)
    _as(client, "inspector")
    form = {"csrf_token": CSRF, "key": "form-plain-0001", "village_id": str(world.units["dongfeng"]),
            "respondent_type": "lifted_household", "household": "", "q-1": "满意", "q-2": "不满意", "q-3": "认可"}
    for _ in range(2):
        r = client.post(f"/campaigns/{c['id']}/survey", data=form, follow_redirects=False)
        assert r.status_code == 303
    with client.app.state.sessions() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert "该问卷已提交过，未重复计入" in client.get(f"/campaigns/{c['id']}/survey").text
    r = client.post(f"/campaigns/{c['id']}/survey", data=form | {"key": "form-plain-0002", "q-1": "很好"})
    assert r.status_code == 422 and "第1题没有“很好”这个选项" in r.text
    _as(client, "town")
    r = client.post(f"/campaigns/{c['id']}/survey", data=form | {"key": "form-plain-0003"})
    assert r.status_code == 403 and "只有督查员或领导小组办公室可以逐项检查" in r.text


def test_the_indicator_page_is_red_and_green_and_lists_import_problems(client, world):
    c = contest(client, world)
    ids = rule_19_indicators(client, c["id"])
    inspector = login(client, "inspector")
    assert actual(client, inspector, ids["小额信贷逾期率"], world.units["longjiang"], 0.7).status_code == 201
    assert actual(client, inspector, ids["项目开工率"], world.units["boao"], 90).status_code == 201
    _as(client, "inspector")
    page = client.get(f"/campaigns/{c['id']}/indicators")
    assert '<td class="red">未达标</td>' in page.text and '<td class="green">达标</td>' in page.text
    content = workbook_bytes([["龙江镇", "产业比重", "很多"]], headers=["单位", "指标", "实际值"],
                             sheet_name="指标实际值")
    r = client.post(f"/campaigns/{c['id']}/indicators/import", data={"csrf_token": CSRF},
                    files=[("file", ("指标.xlsx", content, XLSX))])
    assert r.status_code == 422 and "第2行 “实际值”：实际值须为数字：“很多”" in r.text
    r = client.post(f"/campaigns/{c['id']}/indicators/actuals", follow_redirects=False, data={
        "csrf_token": CSRF, "indicator_id": str(ids["产业比重"]), "org_unit_id": str(world.units["boao"]),
        "value": "58"})
    assert r.status_code == 303
    r = client.post(f"/campaigns/{c['id']}/indicators", data={"csrf_token": CSRF, "name": "新指标",
                                                              "comparison": ">=", "target": "1"})
    assert r.status_code == 403
    assert _as(client, "boao").get(f"/campaigns/{c['id']}/indicators").text.count("龙江镇") == 0


def test_the_office_plans_from_the_cadence_page_and_ends_with_the_report(client, world):
    _as(client, "office")
    r = client.post("/cadence", data={"csrf_token": CSRF, "template": "look_back", "starts_on": "2027-09-01",
                                      "count": "1"}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert "各成员单位及乡镇制定工作方案" in page.text and "2027-09-28" in page.text
    cid = int(r.headers["location"].split("/")[2])
    r = client.post(f"/campaigns/{cid}/end", data={"csrf_token": CSRF})
    assert r.status_code == 422 and "须先上传主要领导签字并加盖公章的工作报告" in r.text
    assert _as(client, "town").get("/cadence").status_code == 403
    r = _as(client, "inspector").post("/cadence", data={"csrf_token": CSRF, "template": "look_back"})
    assert r.status_code == 403


def test_the_office_sets_the_target_on_the_survey_page(client, world):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    _as(client, "office")
    r = client.post(f"/campaigns/{c['id']}/survey/target", data={"csrf_token": CSRF, "target": "85"},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/campaigns/{c['id']}/survey").text
    assert "满意度目标已设为85%" in page and '<tr class=""><td>龙江镇</td>' in page
    r = client.post(f"/campaigns/{c['id']}/survey/target", data={"csrf_token": CSRF, "target": "百分之九十"})
    assert r.status_code == 422 and "满意度目标须为 1–100 之间的数字" in r.text
    r = _as(client, "inspector").post(f"/campaigns/{c['id']}/survey/target", data={"csrf_token": CSRF, "target": "50"})
    assert r.status_code == 403


def test_milestones_are_done_and_the_campaign_ended_from_the_page(client, world):
    _as(client, "office")
    r = client.post("/cadence", data={"csrf_token": CSRF, "template": "monthly_theme", "starts_on": "2026-11-01"},
                    follow_redirects=False)
    cid = int(r.headers["location"].split("/")[2])
    first = client.get(f"/api/v1/campaigns/{cid}/milestones").json()["milestones"][0]
    assert client.post(f"/campaign-milestones/{first['id']}/done", data={"csrf_token": CSRF},
                       follow_redirects=False).status_code == 303
    r = client.post(f"/campaigns/{cid}/milestones", data={"csrf_token": CSRF, "name": "补充调度", "due_on": ""})
    assert r.status_code == 422 and "请填写节点期限" in r.text
    r = client.post(f"/campaigns/{cid}/signed-report", data={"csrf_token": CSRF}, follow_redirects=False,
                    files=[("file", ("报告.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))])
    assert r.status_code == 303
    assert client.post(f"/campaigns/{cid}/end", data={"csrf_token": CSRF}, follow_redirects=False).status_code == 303
    page = client.get(f"/campaigns/{cid}/milestones").text
    assert "督查活动已结束" in page and "本次督查已于" in page and "报告.pdf" in page
    assert "结束本次督查" not in page


@pytest.mark.parametrize("username", ["admin", "office", "inspector", "leader", "town", "boao", "edu"])
def test_every_campaign_page_renders_for_every_role_or_refuses(client, world, username):
    c = contest(client, world)
    survey_round(client, world, c["id"])
    _as(client, username)
    sees = username != "edu"  # 教育局 is outside the campaign's scope
    for path in ("survey", "indicators", "milestones"):
        r = client.get(f"/campaigns/{c['id']}/{path}")
        assert r.status_code == (200 if sees else 404), (path, r.status_code)
        assert r.headers["content-type"].startswith("text/html")
    assert client.get("/cadence").status_code == (200 if username in ("admin", "office") else 403)
