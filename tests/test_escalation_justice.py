"""Sanctions on the right unit, at the right time (issue 10): reopen, bearers, departments, December, timetables."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.deadline_fixtures import (
    add_posts,
    at,
    file_assigned,
    interviews,
    move,
    outbox,
    reference,
    reminders,
    sanctions,
    sweep,
    ticket,
)
from tests.helpers import PNG
from workflow.accounts.service import actor_for, create_person
from workflow.calendar.service import DayChange, set_days
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign
from workflow.db import transaction
from workflow.deadlines.lights import annotate
from workflow.deadlines.local_time import local_date
from workflow.deadlines.service import history
from workflow.escalation.interviews import targets_of
from workflow.escalation.models import SanctionInterview
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import OutboxMessage
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.models import TicketEvent
from workflow.tickets.storage import EvidenceStore

WD5 = {"kind": "working_days", "days": 5}
WD10 = {"kind": "working_days", "days": 10}


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    add_posts(sessions, world)
    return world


def _close_on_time(sessions, world, tid: int, tmp_path, *, day: str) -> None:
    move(sessions, world, tid, "village", "accept", when=at(day, 10), plan="清理垃圾")
    with transaction(sessions) as s:
        attach_evidence(s, actor=actor_for(s, world.people["village"]), ticket_id=tid, stage="rectified",
                        uploads=[Upload("after.png", "image/png", PNG)], comment="", now=at(day, 11),
                        store=EvidenceStore(tmp_path))
    move(sessions, world, tid, "village", "submit", when=at(day, 12), comment="已清理")
    move(sessions, world, tid, "inspector", "verify", when=at(day, 15), comment="复核属实")
    move(sessions, world, tid, "office", "close", when=at(day, 16))


def test_reopening_sets_a_new_deadline_and_never_escalates_the_met_one(sessions, ready, tmp_path):
    tid = file_assigned(sessions, ready, when=at("2026-09-01"), deadline=WD10)  # due 9月15日
    _close_on_time(sessions, ready, tid, tmp_path, day="2026-09-10")
    with transaction(sessions) as s:
        look_back = create_campaign(s, actor=actor_for(s, ready.people["office"]), data=CampaignCreate(
            name="2026年11月整改回头看", kind="look_back", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
            deadline=WD10)).id
    move(sessions, ready, tid, "inspector", "reopen", when=at("2026-11-16"), comment="回头看发现垃圾反弹",
         campaign_id=look_back)

    for when in (at("2026-11-16", 10), at("2026-11-17"), at("2026-11-18")):
        sweep(sessions, when)

    t = ticket(sessions, tid)
    with sessions() as s:
        live = annotate(s, [t], now=at("2026-11-18"), within=3)[tid].light
    assert t.state == "rectifying" and t.light != "red" and live == "green"
    assert local_date(t.due_at) == date(2026, 11, 30)  # 10 working days from 11月16日
    assert local_date(t.original_due_at) == date(2026, 9, 15)
    assert reminders(sessions, tid) == [] and interviews(sessions) == [] and sanctions(sessions) == []
    assert outbox(sessions, "escalation") == [] and outbox(sessions, "reminder") == []
    with sessions() as s:
        rows = history(s, tid)
        reopened = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == tid,
                                                       TicketEvent.trigger == "reopen")).one()
    assert [(r.reason, local_date(r.due_at).isoformat(), r.superseded_at is not None) for r in rows] == [
        ("assigned", "2026-09-15", True), ("reopened", "2026-11-30", False)]
    assert reopened.payload["campaign_id"] == look_back
    assert reopened.payload["deadline"]["kind"] == "working_days"

    sweep(sessions, at("2026-12-01"))  # the new deadline, missed, is what escalates
    (interview,) = interviews(sessions)
    assert local_date(interview.due_at) == date(2026, 11, 30)


def test_second_strike_consequences_fall_on_whom_seed_002_names(sessions, ready):
    """「取消后盾单位、驻村工作队员年度考核评先评优资格，扣除单位绩效考核、书记抓基层党建工作述职评议考核相应分数」."""
    file_assigned(sessions, ready, when=at("2026-03-02"), deadline=WD5, title="第一个问题")
    sweep(sessions, at("2026-03-10"))
    assert sanctions(sessions) == []
    file_assigned(sessions, ready, when=at("2026-06-01"), deadline=WD5, title="第二个问题")
    sweep(sessions, at("2026-06-09"))
    one, two = interviews(sessions)
    found = {(s.kind, s.label): s for s in sanctions(sessions)}
    assert sorted(found) == [
        ("award_disqualification", "后盾单位 琼海市农业农村局"),
        ("award_disqualification", "工作队长 黄队长"),
        ("award_disqualification", "驻村工作队员 王队员"),
        ("points_deduction", "后盾单位 琼海市农业农村局"),
        ("points_deduction", "村党组织书记 符书记"),
    ]
    assert found[("award_disqualification", "驻村工作队员 王队员")].person_id == ready.people["cadre"]
    assert found[("points_deduction", "村党组织书记 符书记")].person_id == ready.people["secretary"]
    assert found[("points_deduction", "村党组织书记 符书记")].note == "书记抓基层党建工作述职评议考核"
    assert found[("points_deduction", "后盾单位 琼海市农业农村局")].unit_id == ready.units["backer"]
    assert all(s.points == 2.0 for (kind, _), s in found.items() if kind == "points_deduction")
    assert all(s.source_unit_id == ready.units["dongfeng"] and s.year == 2026 and s.status == "active"
               for s in found.values())
    assert not any(s.unit_id == ready.units["dongfeng"] and s.person_id is None for s in found.values())
    with sessions() as s:
        for sanction in found.values():
            links = s.scalars(select(SanctionInterview.interview_id).where(
                SanctionInterview.sanction_id == sanction.id)).all()
            assert sorted(links) == [one.id, two.id]


def test_a_bearer_nobody_holds_is_named_as_vacant(sessions, ready):
    for title in ("第一个问题", "第二个问题"):
        file_assigned(sessions, ready, when=at("2026-03-02"), deadline=WD5, title=title, place="xinhe")
    sweep(sessions, at("2026-03-10"))
    labels = sorted((s.kind, s.label) for s in sanctions(sessions))
    assert labels == [
        ("award_disqualification", "新和村的后盾单位（未登记）"),
        ("award_disqualification", "新和村的驻村工作队员（未登记）"),
        ("points_deduction", "新和村村党组织书记（未登记）"),
        ("points_deduction", "新和村的后盾单位（未登记）"),
    ]


def test_a_department_interview_names_its_own_leaders_not_village_and_town_posts(sessions, ready):
    from notifiers.policy import NotifyPolicy
    from notifiers.routing import route_batch

    with transaction(sessions) as s:
        education = s.get(OrgUnit, ready.units["education"])
        create_person(s, name="陈副局长", unit=education, post="unit_leader_in_charge", mobile=None)
    file_assigned(sessions, ready, when=at("2026-11-02"), deadline=WD5, title="朝烈村小学围墙破损",
                  place="chaolie", lead="education")
    sweep(sessions, at("2026-11-10"))
    (interview,) = interviews(sessions)
    assert interview.unit_id == ready.units["education"]
    assert interview.conducted_by == "市级分管领导 赵副市长"
    with sessions() as s:
        labels = [t.label for t in targets_of(s, interview.id)]
    assert labels == ["分管领导 陈副局长", "琼海市教育局主要负责人（未登记）"]
    (message,) = outbox(sessions, "escalation")
    assert message.payload["targets"] == labels and message.payload["unit_name"] == "琼海市教育局"
    with transaction(sessions) as s:
        route_batch(s, now=at("2026-11-10", 10), holder="test", policy=NotifyPolicy())
    with sessions() as s:
        routed = s.get(OutboxMessage, message.id)
    assert routed.status == "unroutable" and routed.last_error.startswith("琼海市教育局未配置通知渠道")
    assert "乡镇" not in routed.last_error


def test_late_december_interviews_count_in_their_own_year_and_wait_only_for_their_date(sessions, ready):
    early = file_assigned(sessions, ready, when=at("2026-12-14"), deadline=WD5, title="12月21日到期")
    late = file_assigned(sessions, ready, when=at("2026-12-17"), due_on="2026-12-31", title="12月31日到期")
    file_assigned(sessions, ready, when=at("2026-06-01"), deadline=WD5, title="年中的问题")
    sweep(sessions, at("2026-06-09"))

    report = sweep(sessions, at("2026-12-28"))  # 2027 not yet imported; 5 working days reach into it
    assert report.interviews == 1 and report.errors == {}
    mid, december = interviews(sessions)
    assert mid.year == 2026 and mid.planned_on is not None
    assert december.ticket_id == early and december.year == 2026 and december.planned_on is None
    assert "2027年工作日历尚未导入" in december.waiting_reason
    assert {s.kind for s in sanctions(sessions) if s.status == "active"} == {"award_disqualification",
                                                                             "points_deduction"}
    assert [r.slot_offset for r in reminders(sessions, early)][-1] == -5  # the reminder is not held back
    message = outbox(sessions, "escalation")[-1]
    assert message.payload["planned_on"].startswith("待定")

    report = sweep(sessions, at("2027-01-04"))  # the 12月31日 deadline is a 2026 event, calendar or not
    assert report.interviews == 1
    third = interviews(sessions)[-1]
    assert third.ticket_id == late and third.year == 2026 and third.planned_on is None

    with transaction(sessions) as s:
        set_days(s, [DayChange(date(2027, 1, 1), False, "元旦")], source="import", now=at("2027-01-04", 10),
                 cover_new_years=True)
    report = sweep(sessions, at("2027-01-04", 11))
    assert report.interviews_scheduled == 2
    by_ticket = {i.ticket_id: i for i in interviews(sessions)}
    assert by_ticket[early].planned_on == date(2027, 1, 5)  # 12月28日 + 5 working days, 元旦 skipped
    assert by_ticket[late].planned_on == date(2027, 1, 11)
    assert {i.year for i in interviews(sessions)} == {2026} and by_ticket[early].waiting_reason == ""
    dated = [m for m in outbox(sessions, "escalation") if m.dedupe_key.endswith(":dated")]
    assert sorted(m.payload["planned_on"] for m in dated) == ["2027-01-05", "2027-01-11"]


def test_a_timetable_reaching_into_an_uncovered_year_is_judged_milestone_by_milestone(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-11-02"), deadline={"kind": "timetable", "milestones": [
        {"title": "完成排查摸底", "due_on": "2026-11-20"}, {"title": "完成道路硬化", "due_on": "2027-03-31"}]})
    report = sweep(sessions, at("2026-11-23"))
    (interview,) = interviews(sessions)
    assert interview.ticket_id == tid and "完成排查摸底" in interview.reason
    assert len(reminders(sessions, tid)) == 1 and ticket(sessions, tid).light == "red"
    assert report.errors == {} and any("完成道路硬化" in w and "2027" in w for w in report.warnings)
    # The printed summary counts what was committed, nothing more.
    assert (report.interviews, report.reminders) == (len(interviews(sessions)), len(reminders(sessions)))
    assert report.interviews == len(outbox(sessions, "escalation"))
    again = sweep(sessions, at("2026-11-23", 10))
    assert (again.interviews, again.reminders) == (0, 0) and len(interviews(sessions)) == 1


def test_the_reopen_api_takes_a_deadline_and_campaign_and_refuses_without_changing_anything(client, ready):
    from tests.helpers import file_via_api, login, upload
    from tests.helpers import move as api_move

    inspector, village, office = login(client, "inspector"), login(client, "village"), login(client, "office")
    t = file_via_api(client, inspector, ready, found_at="2026-11-01T09:00:00+08:00", due_on="2026-11-10")
    t = api_move(client, inspector, t, "assign").json()
    t = api_move(client, village, t, "accept", plan="清理").json()
    upload(client, village, t["id"])
    t = api_move(client, village, t, "submit", comment="已完成").json()
    t = api_move(client, inspector, t, "verify", comment="复核属实").json()
    t = api_move(client, office, t, "close").json()
    campaign = client.post("/api/v1/campaigns", headers=office, json={
        "name": "回头看", "kind": "look_back", "starts_on": "2026-11-20", "ends_on": "2026-12-20"}).json()
    body = {"comment": "回头看发现反弹", "campaign_id": campaign["id"]}

    r = api_move(client, inspector, t, "reopen", **body)  # 11月10日 is past, the campaign sets no default
    assert r.status_code == 422 and r.json()["detail"]["field"] == "deadline"
    past = api_move(client, inspector, t, "reopen", deadline={"kind": "fixed_date", "due_on": "2026-11-20"}, **body)
    assert past.status_code == 422
    assert api_move(client, village, t, "reopen", deadline={"kind": "working_days", "days": 5}, **body
                    ).status_code == 409
    assert api_move(client, login(client, "boao"), t, "reopen", deadline={"kind": "working_days", "days": 5},
                    **body).status_code == 404
    assert api_move(client, inspector, t, "reopen", deadline={"kind": "working_days", "days": 5},
                    comment="x", campaign_id=999999).status_code == 404
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=office).json()["state"] == "closed"

    r = api_move(client, inspector, t, "reopen", deadline={"kind": "working_days", "days": 5}, **body)
    assert r.status_code == 200, r.text
    assert r.json()["due_at"] == "2026-12-01T15:59:59Z" and r.json()["light"] == "green"
    assert r.json()["original_due_at"] == "2026-11-10T15:59:59Z"
    rows = client.get(f"/api/v1/tickets/{t['id']}/deadlines", headers=office).json()
    assert [row["reason"] for row in rows] == ["filed", "reopened"]
    events = client.get(f"/api/v1/tickets/{t['id']}/events", headers=office).json()
    assert next(e for e in events if e["trigger"] == "reopen")["payload"]["campaign_id"] == campaign["id"]


def test_the_policy_names_bearers_and_posts_by_kind_and_admins_change_them(client, ready):
    from tests.helpers import login

    admin = login(client, "admin")
    policy = client.get("/api/v1/escalation-policies", headers=login(client, "office")).json()[0]
    assert policy["target_posts_by_kind"]["department"] == ["unit_leader_in_charge", "unit_head"]
    assert {(c["kind"], c["bearer"]) for c in policy["consequences"]} == {
        ("award_disqualification", "backer_unit"), ("award_disqualification", "work_team_members"),
        ("points_deduction", "backer_unit"), ("points_deduction", "post:village_party_secretary")}
    url = f"/api/v1/escalation-policies/{policy['id']}"
    for bad in ({"consequences": [{"kind": "award_disqualification", "bearer": "everyone"}]},
                {"consequences": [{"kind": "points_deduction", "bearer": "backer_unit"}]},
                {"target_posts_by_kind": {"department": ["nobody"]}},
                {"target_posts_by_kind": {"planet": ["unit_head"]}}):
        assert client.patch(url, json=bad, headers=admin).status_code == 422, bad
    mine = [{"kind": "award_disqualification", "bearer": "unit_concerned"},
            {"kind": "points_deduction", "bearer": "post:unit_head", "points": 1.5, "note": "年度考核"}]
    assert client.patch(url, json={"consequences": mine}, headers=login(client, "office")).status_code == 403
    r = client.patch(url, json={"consequences": mine}, headers=admin)
    assert r.status_code == 200 and r.json()["consequences"][1]["points"] == 1.5
