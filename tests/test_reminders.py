"""Reminders at 3 and 1 working days before, on the day, then every working day while overdue — once each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.deadline_fixtures import at, file_assigned, outbox, reference, reminders, sweep


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    return world


def test_reminders_come_at_exactly_the_right_sweeps_across_national_day(sessions, ready):
    # Assigned 9月30日, 10 working days → due 10月20日 (see the policy tests).
    tid = file_assigned(sessions, ready, when=at("2026-09-30", 15), deadline={"kind": "working_days", "days": 10})
    seen: dict[str, list[int]] = {}
    day = date(2026, 9, 30)
    while day <= date(2026, 10, 25):
        for hour in (0, 9, 17):  # three sweeps a day; only the first of a slot creates anything
            before = len(reminders(sessions, tid))
            sweep(sessions, at(day.isoformat(), hour, 5))
            new = reminders(sessions, tid)[before:]
            if new:
                seen.setdefault(day.isoformat(), []).extend(r.slot_offset for r in new)
        day += timedelta(days=1)
    assert seen == {
        "2026-10-15": [3],   # 3 working days before: 10-16, 10-19, 10-20 remain
        "2026-10-19": [1],   # Monday; the weekend in between is skipped
        "2026-10-20": [0],   # the day itself
        "2026-10-21": [-1],  # then every working day while overdue …
        "2026-10-22": [-2],
        "2026-10-23": [-3],  # … and not on Saturday 24 or Sunday 25
    }
    rows = reminders(sessions, tid)
    assert [r.urgency for r in rows] == ["due_soon", "due_soon", "due_today", "overdue", "overdue", "overdue"]
    assert [r.working_days_left for r in rows] == [3, 1, 0, -1, -2, -3]


def test_each_reminder_is_one_outbox_row_with_the_agreed_payload(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-11-24"), deadline={"kind": "working_days", "days": 1})
    sweep(sessions, at("2026-11-24", 10))
    sweep(sessions, at("2026-11-24", 10))
    (message,) = outbox(sessions, "reminder")
    (reminder,) = reminders(sessions, tid)
    assert message.dedupe_key == f"reminder:{reminder.id}"
    assert message.ticket_id == tid and message.unit_id == ready.units["dongfeng"]
    assert message.payload == {
        "urgency": "due_soon", "ticket_number": message.payload["ticket_number"], "title": "村道垃圾未清理",
        "place_name": "东风村", "due_at": "2026-11-25T15:59:59+00:00", "working_days_left": 1,
        "responsible_mobile": "13900000006", "leader_mobile": None,
    }


def test_no_reminder_for_a_ticket_submitted_for_verification(sessions, ready, tmp_path):
    from tests.deadline_fixtures import move
    from tests.helpers import PNG
    from workflow.accounts.service import actor_for
    from workflow.db import transaction
    from workflow.tickets.evidence import Upload, attach_evidence
    from workflow.tickets.storage import EvidenceStore

    tid = file_assigned(sessions, ready, when=at("2026-11-24"), deadline={"kind": "working_days", "days": 3})
    move(sessions, ready, tid, "village", "accept", when=at("2026-11-24", 10), plan="清理")
    with transaction(sessions) as s:
        attach_evidence(s, actor=actor_for(s, ready.people["village"]), ticket_id=tid, stage="rectified",
                        uploads=[Upload("a.png", "image/png", PNG)], comment="", now=at("2026-11-24", 11),
                        store=EvidenceStore(tmp_path))
    move(sessions, ready, tid, "village", "submit", when=at("2026-11-24", 12), comment="已整改")
    for day in ("2026-11-24", "2026-11-26", "2026-11-27", "2026-11-30"):
        sweep(sessions, at(day, 9))
    assert reminders(sessions, tid) == []
