"""Filing with a deadline policy, the ticket page's deadline history, 申请延期 and its approval."""

from __future__ import annotations

from datetime import date

from tests.deadline_fixtures import reference
from tests.helpers import PNG
from tests.pages.conftest import filing_key, post_form
from tests.pages.factory import make_ticket
from workflow.db import transaction
from workflow.deadlines.service import milestones_of


def test_filing_with_working_days_keeps_the_rule_and_a_bad_timetable_keeps_what_was_typed(browser_as, world, sessions):
    reference(sessions, years=(2026, 2027))
    office = browser_as("office")
    r = post_form(office, "/tickets/new", filing_key(office) | {
        "title": "户厕改造未完成", "place_id": str(world.units["dongfeng"]),
        "deadline_kind": "timetable", "ms_title_1": "完成摸排",
        "ms_due_1": "", "ms_title_2": "完成改造", "ms_due_2": "2027-03-01"})
    assert r.status_code == 422
    assert "第 1 个节点须同时填写内容和日期" in r.text
    assert 'value="户厕改造未完成"' in r.text and 'value="完成摸排"' in r.text and 'value="2027-03-01"' in r.text
    assert 'value="timetable" checked' in r.text
    r = post_form(office, "/tickets/new", filing_key(office) | {
        "title": "户厕改造未完成", "place_id": str(world.units["dongfeng"]),
        "deadline_kind": "working_days", "deadline_days": ""})
    assert r.status_code == 422 and "必须填写天数" in r.text and 'value="working_days" checked' in r.text
    r = post_form(office, "/tickets/new", filing_key(office) | {
        "title": "户厕改造未完成", "place_id": str(world.units["dongfeng"]),
        "lead_unit_id": str(world.units["dongfeng"]),
        "deadline_kind": "working_days", "deadline_days": "5"})
    assert r.status_code == 303, r.text
    page = office.get(r.headers["location"]).text
    assert "5个工作日内（交办次日起算）" in page and "交办时起算" in page


def test_a_timetable_shows_its_nodes_and_the_unit_marks_one_done_with_evidence(browser_as, world, sessions, app):
    reference(sessions, years=(2026, 2027))
    tid = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=None,
                      deadline={"kind": "timetable", "milestones": [
                          {"title": "完成摸排", "due_on": "2026-12-01"},
                          {"title": "完成改造", "due_on": "2027-03-01"}]})
    town = browser_as("town")
    page = town.get(f"/tickets/{tid}").text
    assert "整改时间表" in page and "完成摸排" in page and "标记完成" in page
    with transaction(sessions) as s:
        node = milestones_of(s, tid)[0].id
    r = post_form(town, f"/tickets/{tid}/milestones/{node}/done", {"node_comment": "已摸排 32 户"})
    assert r.status_code == 422 and "已摸排 32 户" in r.text  # no photo: refused, what was typed is still there
    r = post_form(town, f"/tickets/{tid}/milestones/{node}/done", {"node_comment": "已摸排 32 户"},
                  files=[("files", ("a.png", PNG, "image/png"))])
    assert r.status_code == 303
    assert "已完成" in town.get(f"/tickets/{tid}").text
    assert post_form(browser_as("boao"), f"/tickets/{tid}/milestones/{node}/done",
                     {"node_comment": "x"}).status_code == 404
    assert post_form(town, f"/tickets/{tid}/milestones", {"node_title": "验收", "node_due_on": "2027-04-01"}
                     ).status_code == 403


def test_the_unit_asks_for_more_time_and_the_office_approves_keeping_the_original(browser_as, world, sessions, app):
    reference(sessions, years=(2026, 2027))
    tid = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=date(2026, 12, 10))
    town = browser_as("town")
    assert "申请延期" in town.get(f"/tickets/{tid}").text
    r = post_form(town, f"/tickets/{tid}/extensions",
                  {"ext_due_on": "2026-12-31", "reason": " ", "progress": "完成一半"})
    assert r.status_code == 422 and 'value="2026-12-31"' in r.text and "完成一半" in r.text
    assert post_form(browser_as("boao"), f"/tickets/{tid}/extensions",
                     {"ext_due_on": "2026-12-31", "reason": "x"}).status_code == 404
    assert post_form(browser_as("inspector"), f"/tickets/{tid}/extensions",
                     {"ext_due_on": "2026-12-31", "reason": "x"}).status_code == 403
    r = post_form(town, f"/tickets/{tid}/extensions", {"ext_due_on": "2026-12-31", "reason": "雨季无法施工",
                                                       "progress": "完成一半"})
    assert r.status_code == 303
    office = browser_as("office")
    page = office.get(f"/tickets/{tid}").text
    assert "延期待审批" in page and "雨季无法施工" in page and "批准延期" in page
    ext_id = int(page.split('action="/extensions/')[1].split("/")[0])
    assert post_form(browser_as("inspector"), f"/extensions/{ext_id}/decision",
                     {"decision": "approve"}).status_code == 403
    assert post_form(browser_as("boao"), f"/extensions/{ext_id}/decision", {"decision": "approve"}).status_code == 404
    r = post_form(office, f"/extensions/{ext_id}/decision", {"decision": "refuse", "decision_comment": ""})
    assert r.status_code == 422 and "不批准延期时必须说明理由" in r.text
    r = post_form(office, f"/extensions/{ext_id}/decision", {"decision": "approve", "decision_due_on": "2026-12-31"})
    assert r.status_code == 303
    page = office.get(f"/tickets/{tid}").text
    assert "已批准" in page and "原定期限" in page and "2026-12-10" in page and "2026-12-31" in page
    assert "已延期" in page



def test_a_second_extension_is_decided_by_the_leader_not_the_office(browser_as, world, sessions, app):
    reference(sessions, years=(2026, 2027))
    tid = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=date(2026, 12, 10))
    town, office, leader = browser_as("town"), browser_as("office"), browser_as("leader")
    assert post_form(town, f"/tickets/{tid}/extensions", {"ext_due_on": "2026-12-20", "reason": "施工受阻"}
                     ).status_code == 303
    assert 'action="/extensions/' not in leader.get(f"/tickets/{tid}").text  # the first one is the office's
    first = _decision_form(office.get(f"/tickets/{tid}").text)
    assert post_form(office, f"/extensions/{first}/decision", {"decision": "approve"}).status_code == 303
    assert post_form(town, f"/tickets/{tid}/extensions", {"ext_due_on": "2026-12-31", "reason": "材料未到"}
                     ).status_code == 303
    page = office.get(f"/tickets/{tid}").text
    assert "第 2 次延期须由分管领导审批" in page and 'action="/extensions/' not in page
    second = _decision_form(leader.get(f"/tickets/{tid}").text)
    r = post_form(office, f"/extensions/{second}/decision", {"decision": "approve"})
    assert r.status_code == 403 and "第2次延期须由分管领导审批" in r.text
    assert post_form(leader, f"/extensions/{second}/decision", {"decision": "approve"}).status_code == 303
    page = office.get(f"/tickets/{tid}").text
    assert "2026-12-31" in page and "原定期限" in page and "2026-12-10" in page


def test_page_and_api_agree_on_the_working_day_light(browser_as, world, sessions, app):
    reference(sessions, years=(2026, 2027))
    # START is Tuesday 2026-11-24: Friday 11-27 is within 3 working days; Monday 11-30 is 4 away.
    soon = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=date(2026, 11, 27))
    later = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=date(2026, 11, 30))
    town = browser_as("town")
    for tid, light in ((soon, "yellow"), (later, "green")):
        assert town.get(f"/api/v1/tickets/{tid}").json()["light"] == light
        badges = town.get(f"/tickets/{tid}").text.split('class="badges"')[1].split("</div>")[0]
        assert f"light-{light}" in badges


def test_the_ticket_page_says_when_the_calendar_cannot_judge_yellow(browser_as, world, sessions, app):
    tid = make_ticket(sessions, world, app.state.store, state="rectifying", due_on=date(2026, 11, 27))
    page = browser_as("town").get(f"/tickets/{tid}").text
    assert "工作日历尚未导入" in page



def _decision_form(page: str) -> int:
    return int(page.split('action="/extensions/')[1].split("/")[0])
