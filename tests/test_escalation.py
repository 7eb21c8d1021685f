"""约谈 and strikes: seed 002 (rules 1–2) and seed 003 (rule 3) as two configured policies."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

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
from workflow.accounts.service import actor_for
from workflow.db import transaction
from workflow.deadlines.extensions import ExtensionCreate, ExtensionDecision, decide_extension, request_extension
from workflow.escalation.interviews import InterviewUpdate, targets_of, update_interview
from workflow.escalation.models import EscalationPolicy, SanctionInterview
from workflow.tickets.models import TicketEvent

WD10 = {"kind": "working_days", "days": 10}
WD5 = {"kind": "working_days", "days": 5}


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    add_posts(sessions, world)
    return world


def test_rule_01_overdue_ticket_escalates_once_to_the_named_posts(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-09-30", 15), deadline=WD10)  # due 10月20日
    sweep(sessions, at("2026-10-20", 23, 50))
    assert interviews(sessions) == []
    for hour in (0, 9, 17):
        sweep(sessions, at("2026-10-21", hour, 1))
    sweep(sessions, at("2026-10-22", 9))
    (interview,) = interviews(sessions)
    assert interview.ticket_id == tid and interview.unit_id == ready.units["dongfeng"]
    assert interview.status == "planned" and interview.year == 2026
    assert interview.conducted_by == "市级分管领导 赵副市长"
    assert interview.planned_on == date(2026, 10, 28)  # 5 working days after 10月21日
    with sessions() as s:
        labels = [t.label for t in targets_of(s, interview.id)]
        escalated = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == tid,
                                                        TicketEvent.trigger == "escalated")).all()
    assert labels == ["村党组织书记 符书记", "乡镇街道联点班子成员 吴委员", "分管乡村振兴副书记 林副书记",
                      "工作队长 黄队长", "后盾单位分管领导 郑局长"]
    assert len(escalated) == 1
    (message,) = outbox(sessions, "escalation")
    assert message.dedupe_key == f"escalation:{interview.id}" and message.unit_id == ready.units["dongfeng"]
    assert message.payload == {"interview_id": interview.id, "ticket_number": ticket(sessions, tid).number,
                               "title": "村道垃圾未清理", "unit_name": "东风村", "targets": labels,
                               "conducted_by": "市级分管领导 赵副市长", "planned_on": "2026-10-28"}


def test_grace_period_is_counted_in_working_days(sessions, ready):
    with transaction(sessions) as s:
        s.execute(update(EscalationPolicy).where(EscalationPolicy.code == "overdue_interview")
                  .values(grace_working_days=2))
    file_assigned(sessions, ready, when=at("2026-11-06"), deadline=WD5)  # due Friday 11月13日
    for day in ("2026-11-14", "2026-11-15", "2026-11-16"):
        sweep(sessions, at(day))
    assert interviews(sessions) == []
    sweep(sessions, at("2026-11-17"))  # the second working day past the deadline
    assert len(interviews(sessions)) == 1


def test_rule_02_second_interview_in_a_year_brings_the_seed_002_consequences(sessions, ready):
    """Who bears them is tested in test_escalation_justice.py; here: the second strike, not the first."""
    first = file_assigned(sessions, ready, when=at("2026-03-02"), deadline=WD5, title="第一个问题")
    sweep(sessions, at("2026-03-10"))
    assert len(interviews(sessions)) == 1 and sanctions(sessions) == []
    second = file_assigned(sessions, ready, when=at("2026-06-01"), deadline=WD5, title="第二个问题")
    sweep(sessions, at("2026-06-09"))
    one, two = interviews(sessions)
    assert (one.ticket_id, two.ticket_id) == (first, second)
    found = sanctions(sessions)
    assert {s.kind for s in found} == {"award_disqualification", "points_deduction"}
    assert {s.points for s in found if s.kind == "points_deduction"} == {2.0}
    assert all(s.source_unit_id == ready.units["dongfeng"] and s.year == 2026 and s.status == "active"
               for s in found)
    with sessions() as s:
        links = s.scalars(select(SanctionInterview.interview_id).where(
            SanctionInterview.sanction_id == found[0].id)).all()
    assert sorted(links) == [one.id, two.id]


def test_rule_02_strikes_do_not_carry_across_a_new_year(sessions, ready):
    file_assigned(sessions, ready, when=at("2025-12-01"), deadline=WD5, title="2025年的问题")
    sweep(sessions, at("2025-12-09"))
    file_assigned(sessions, ready, when=at("2026-01-05"), deadline=WD5, title="2026年的问题")
    sweep(sessions, at("2026-01-13"))
    assert [i.year for i in interviews(sessions)] == [2025, 2026]
    assert sanctions(sessions) == []


def test_cancelling_an_interview_revokes_the_sanction_it_supported(sessions, ready):
    file_assigned(sessions, ready, when=at("2026-03-02"), deadline=WD5)
    file_assigned(sessions, ready, when=at("2026-03-02"), deadline=WD5)
    sweep(sessions, at("2026-03-10"))
    assert {s.status for s in sanctions(sessions)} == {"active"}
    first = interviews(sessions)[0]
    with transaction(sessions) as s:
        update_interview(s, actor=actor_for(s, ready.people["office"]), interview_id=first.id, now=at("2026-03-11"),
                         data=InterviewUpdate(version=1, status="cancelled", cancel_reason="经核实系系统录入错误"))
    assert {s.status for s in sanctions(sessions)} == {"revoked"}


def test_an_approved_extension_cancels_the_pending_escalation_and_moves_reminders(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-09-30", 15), deadline=WD10)  # due 10月20日
    move(sessions, ready, tid, "village", "accept", when=at("2026-10-08"), plan="分段清理")
    sweep(sessions, at("2026-10-19"))
    with transaction(sessions) as s:
        data = ExtensionCreate(reason="雨季施工困难", progress="已完成一半", due_on=date(2026, 10, 30))
        ext = request_extension(s, actor=actor_for(s, ready.people["village"]), ticket_id=tid,
                                now=at("2026-10-19", 10), data=data)
        ext_id = ext.id
    sweep(sessions, at("2026-10-21"))  # overdue, but the request filed in time awaits a decision
    assert interviews(sessions) == []
    with transaction(sessions) as s:
        decide_extension(s, actor=actor_for(s, ready.people["office"]), extension_id=ext_id, approve=True,
                         data=ExtensionDecision(comment="同意"), now=at("2026-10-21", 10))
    t = ticket(sessions, tid)
    assert t.due_at.isoformat() == "2026-10-30T15:59:59+00:00"
    assert t.original_due_at.isoformat() == "2026-10-20T15:59:59+00:00"
    for day in ("2026-10-22", "2026-10-28", "2026-10-29", "2026-10-30"):
        sweep(sessions, at(day))
    assert interviews(sessions) == []
    assert [(r.due_at.date().isoformat(), r.slot_offset) for r in reminders(sessions, tid)] == [
        ("2026-10-20", 1), ("2026-10-20", -1), ("2026-10-30", 3), ("2026-10-30", 1), ("2026-10-30", 0)]
    sweep(sessions, at("2026-11-02"))
    assert len(interviews(sessions)) == 1  # the new deadline is a new episode


def test_a_refused_extension_lets_escalation_proceed(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-09-30", 15), deadline=WD10)
    with transaction(sessions) as s:
        ext_id = request_extension(s, actor=actor_for(s, ready.people["village"]), ticket_id=tid,
                                   now=at("2026-10-19"), data=ExtensionCreate(reason="人手不足",
                                                                             due_on=date(2026, 11, 30))).id
    sweep(sessions, at("2026-10-21"))
    assert interviews(sessions) == []
    with transaction(sessions) as s:
        decide_extension(s, actor=actor_for(s, ready.people["office"]), extension_id=ext_id, approve=False,
                         data=ExtensionDecision(comment="理由不充分"), now=at("2026-10-21", 10))
    sweep(sessions, at("2026-10-21", 11))
    assert len(interviews(sessions)) == 1


def test_milestones_are_overdue_individually(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-09-01"), deadline={"kind": "timetable", "milestones": [
        {"title": "完成排查摸底", "due_on": "2026-10-15"}, {"title": "完成道路硬化", "due_on": "2026-12-31"}]})
    assert ticket(sessions, tid).due_at.isoformat() == "2026-12-31T15:59:59+00:00"
    sweep(sessions, at("2026-10-16"))
    (interview,) = interviews(sessions)
    assert interview.milestone_id is not None and "完成排查摸底" in interview.reason
    assert ticket(sessions, tid).light == "red"
    sweep(sessions, at("2026-10-19"))
    assert len(interviews(sessions)) == 1
    assert {r.milestone_id for r in reminders(sessions, tid)} == {interview.milestone_id}


def test_rule_03_absent_cadre_interviews_the_sending_unit_leader_and_the_cadre(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-11-24"), due_on="2026-12-31", title="驻村工作队员无故缺岗",
                        finding_category="absent_without_reason", subject_person_id=ready.people["cadre"])
    sweep(sessions, at("2026-11-24", 10))
    sweep(sessions, at("2026-11-24", 11))
    (interview,) = interviews(sessions)
    assert interview.ticket_id == tid and interview.unit_id == ready.units["backer"]
    assert interview.conducted_by == "驻村帮扶工作领导小组"
    with sessions() as s:
        assert [t.label for t in targets_of(s, interview.id)] == ["后盾单位分管领导 郑局长", "驻村工作队员 王队员"]
    (person_sanction,) = sanctions(sessions)
    assert person_sanction.person_id == ready.people["cadre"] and person_sanction.kind == "award_disqualification"


def test_a_half_year_bulletin_lists_the_interviews_the_sweep_created(sessions, ready):
    """The bulletin's 约谈 section reads the real interview records (seed 002: 每半年一督导一通报)."""
    from tests.docx_reading import open_docx, table_rows, text_of
    from workflow.accounts.service import actor_for
    from workflow.ledger.bulletin_docx import bulletin_docx
    from workflow.ledger.periods import half_year

    file_assigned(sessions, ready, when=at("2026-09-30", 15), deadline=WD10)
    sweep(sessions, at("2026-10-22", 9))
    (interview,) = interviews(sessions)
    with sessions() as s:
        office = actor_for(s, ready.people["office"])
        document = open_docx(bulletin_docx(s, actor=office, now=at("2026-12-31"), period=half_year("2026H2")))
        first_half = open_docx(bulletin_docx(s, actor=office, now=at("2026-12-31"), period=half_year("2026H1")))
    assert "本期无约谈。" not in text_of(document)
    rows = [r for t in document.tables for r in table_rows(t)]
    row = next(r for r in rows if "东风村" in r and interview.planned_on.isoformat() in r)
    assert row[3].startswith("村党组织书记 符书记、乡镇街道联点班子成员 吴委员") and row[-1] == "拟约谈"
    assert "本期无约谈。" in text_of(first_half)  # planned in the second half, not the first
    assert interview.unit_id == ready.units["dongfeng"]
