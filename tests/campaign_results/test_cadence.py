"""Cadence (rules 10, 15, 16): templates plan the next campaigns with dated milestones, the sweep reminds
the office as milestones near and pass (time moved, never slept), and a campaign ends with its signed report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from notifiers.render import Renderer
from tests.helpers import login
from workflow.clock import LOCAL_TZ
from workflow.outbox.models import OutboxMessage
from workflow.sweep import run_sweep

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _plan(client, headers, **body):
    return client.post("/api/v1/cadence/plans", json=body, headers=headers)


def _milestones(client, headers, campaign_id: int) -> list[tuple[str, str, bool]]:
    r = client.get(f"/api/v1/campaigns/{campaign_id}/milestones", headers=headers)
    assert r.status_code == 200, r.text
    return [(m["name"], m["due_on"], m["done_at"] is not None) for m in r.json()["milestones"]]


def _messages(client) -> list[tuple[str, str, str]]:
    with client.app.state.sessions() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "milestone").order_by(OutboxMessage.id))
        return [(m.payload["milestone"][:6], m.payload["stage"], m.payload["due_on"]) for m in rows]


def _sweep(client, day: str) -> int:
    now = datetime.fromisoformat(day).replace(hour=9, tzinfo=LOCAL_TZ)
    return run_sweep(client.app.state.sessions, now=now).milestone_reminders


def test_rule_15_half_yearly_template_plans_the_next_half_year_once(client, world):
    office = login(client, "office")
    r = _plan(client, office, template="half_yearly")  # today 2026-11-24: the next half-year is 2027 H1
    assert r.status_code == 201, r.text
    (planned,) = r.json()
    assert (planned["name"], planned["starts_on"], planned["ends_on"], planned["created"]) == (
        "2027年上半年乡村振兴督导（每半年一督导一通报）", "2027-01-01", "2027-06-30", True)
    assert _milestones(client, office, planned["campaign_id"]) == [
        ("制定督导工作方案", "2027-01-15", False), ("集中督导检查", "2027-03-16", False),
        ("印发督导通报", "2027-03-31", False), ("形成“工作报告”由主要领导签字并加盖公章报送", "2027-06-30", False)]
    again = _plan(client, office, template="half_yearly", count=2).json()
    assert [(p["campaign_id"] == planned["campaign_id"], p["created"], p["starts_on"]) for p in again] == [
        (True, False, "2027-01-01"), (False, True, "2027-07-01")]
    campaign = client.get(f"/api/v1/campaigns/{planned['campaign_id']}", headers=office).json()
    assert campaign["kind"] == "open_check"


def test_rule_15_and_10_quarterly_covert_and_monthly_theme_templates(client, world):
    office = login(client, "office")
    quarters = _plan(client, office, template="quarterly_covert", count=2).json()
    assert [(p["name"], p["ends_on"]) for p in quarters] == [("2027年第1季度市级暗访督导（每季度一次）", "2027-03-31"),
                                                             ("2027年第2季度市级暗访督导（每季度一次）", "2027-06-30")]
    (month,) = _plan(client, office, template="monthly_theme", starts_on="2026-12-05").json()
    assert (month["name"], month["starts_on"]) == ("2026年12月“每月一主题”问题排查整改", "2026-12-01")
    assert [m[:2] for m in _milestones(client, office, month["campaign_id"])] == [
        ("确定本月主题（定期定向排查）", "2026-12-03"), ("完成问题排查", "2026-12-20"),
        ("报送调度报告（定期定项调度）", "2026-12-25"), ("形成“工作报告”由主要领导签字并加盖公章报送", "2026-12-31")]


def test_rule_16_look_back_milestones_remind_the_office_as_they_near_and_pass(client, world):
    office = login(client, "office")
    (plan,) = _plan(client, office, template="look_back", starts_on="2027-09-01").json()
    assert [m[1] for m in _milestones(client, office, plan["campaign_id"])] == ["2027-09-08", "2027-09-25",
                                                                                "2027-09-28"]
    assert _sweep(client, "2027-09-04") == 0
    assert _sweep(client, "2027-09-05") == 1  # 方案 due in 3 days
    assert _sweep(client, "2027-09-06") == 0  # the same reminder is not sent twice
    assert _sweep(client, "2027-09-09") == 1  # 方案 now overdue
    assert _messages(client) == [("各成员单位及", "near", "2027-09-08"), ("各成员单位及", "overdue", "2027-09-08")]
    first = client.get(f"/api/v1/campaigns/{plan['campaign_id']}/milestones", headers=office).json()["milestones"][0]
    assert client.post(f"/api/v1/campaign-milestones/{first['id']}/done", headers=office).status_code == 200
    assert _sweep(client, "2027-09-26") == 2  # 排查 overdue, the signed report near
    assert _messages(client)[2:] == [("排查突出问题", "overdue", "2027-09-25"), ("形成“工作报", "near", "2027-09-28")]
    with client.app.state.sessions() as s:
        message = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "milestone")).first()
        assert message.unit_id == world.units["city"]  # the office's own unit: its channels get it
        renderer = Renderer.for_session(s, "http://zg.test")
        notice = renderer.notice("milestone", {"p": message.payload, "unit_name": "琼海市",
                                               "url": renderer.ticket_url(None), "ack_url": ""})
    assert notice.text.splitlines()[:3] == [f"【督查节点临近】{plan['name']}", "节点：各成员单位及乡镇制定工作方案",
                                            "期限：2027-09-08，还有 3 天"]
    assert f"http://zg.test/campaigns/{plan['campaign_id']}/milestones" in notice.markdown


def test_rule_16_a_campaign_ends_only_with_its_signed_report(client, world):
    office = login(client, "office")
    (plan,) = _plan(client, office, template="monthly_theme", starts_on="2026-11-01").json()
    cid = plan["campaign_id"]
    r = client.post(f"/api/v1/campaigns/{cid}/end", headers=office)
    assert r.status_code == 422 and r.json()["message"] == "须先上传主要领导签字并加盖公章的工作报告，才能结束本次督查"
    closing = client.get(f"/api/v1/campaigns/{cid}/milestones", headers=office).json()["milestones"][-1]
    r = client.post(f"/api/v1/campaign-milestones/{closing['id']}/done", headers=office)
    assert r.status_code == 422 and "须上传签字盖章的工作报告" in r.json()["message"]
    r = client.post(f"/api/v1/campaigns/{cid}/signed-report", headers=office,
                    files=[("file", ("报告.txt", b"just text", "text/plain"))])
    assert r.status_code == 422 and "不支持的文件类型" in r.json()["message"]
    r = client.post(f"/api/v1/campaigns/{cid}/signed-report", headers=office,
                    files=[("file", ("11月工作报告（签字盖章）.pdf", PDF, "application/pdf"))])
    assert r.status_code == 201 and r.json()["is_closing"] and r.json()["done_at"], r.text
    r = client.post(f"/api/v1/campaigns/{cid}/end", headers=office)
    assert r.status_code == 200 and r.json()["ended_at"], r.text
    download = client.get(f"/api/v1/campaigns/{cid}/signed-report", headers=office)
    assert download.status_code == 200 and download.content == PDF
    assert _sweep(client, "2026-12-31") == 0  # an ended campaign reminds no one
    r = client.post(f"/api/v1/campaigns/{cid}/milestones", json={"name": "补充材料", "due_on": "2026-12-10"},
                    headers=office)
    assert r.status_code == 422 and r.json()["message"] == "本次督查已结束"


def test_a_campaign_planned_by_hand_gets_its_closing_milestone_with_the_report(client, world):
    office = login(client, "office")
    body = {"name": "龙江镇专项督查", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-11-30",
            "scope_unit_ids": [world.units["longjiang"]]}
    cid = client.post("/api/v1/campaigns", json=body, headers=office).json()["id"]
    assert client.post(f"/api/v1/campaigns/{cid}/end", headers=office).status_code == 422
    r = client.post(f"/api/v1/campaigns/{cid}/signed-report", headers=office,
                    files=[("file", ("报告.pdf", PDF, "application/pdf"))])
    assert r.status_code == 201
    assert _milestones(client, office, cid) == [("形成“工作报告”由主要领导签字并加盖公章报送", "2026-11-30", True)]
    assert client.post(f"/api/v1/campaigns/{cid}/end", headers=office).status_code == 200


def test_who_may_plan_complete_and_end(client, world):
    office = login(client, "office")
    for user in ("town", "inspector", "leader"):
        assert _plan(client, login(client, user), template="half_yearly").status_code == 403, user
    r = _plan(client, office, template="yearly_party")
    assert r.status_code == 422 and "未知的督查周期模板" in r.json()["message"]
    body = {"name": "龙江镇专项督查", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-11-30",
            "scope_unit_ids": [world.units["longjiang"]]}
    cid = client.post("/api/v1/campaigns", json=body, headers=office).json()["id"]
    r = client.post(f"/api/v1/campaigns/{cid}/milestones", json={"name": "制定方案", "due_on": "2026-11-08"},
                    headers=office)
    assert r.status_code == 201
    mid = r.json()["id"]
    for user, status in (("inspector", 403), ("town", 403), ("boao", 404)):
        headers = login(client, user)
        assert client.post(f"/api/v1/campaign-milestones/{mid}/done", headers=headers).status_code == status, user
        assert client.post(f"/api/v1/campaigns/{cid}/end", headers=headers).status_code == status, user
        r = client.post(f"/api/v1/campaigns/{cid}/signed-report", headers=headers,
                        files=[("file", ("报告.pdf", PDF, "application/pdf"))])
        assert r.status_code == status, user
    assert client.get(f"/api/v1/campaigns/{cid}/milestones", headers=login(client, "boao")).status_code == 404
    assert _milestones(client, login(client, "town"), cid) == [("制定方案", "2026-11-08", False)]
