"""Deadline policies counted as Chinese offices count (rules 6, 11–13; practice 1)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.deadline_fixtures import at, file_assigned, reference, ticket
from workflow.deadlines.models import TicketDeadline
from workflow.tickets.models import TicketEvent


@pytest.fixture
def ready(sessions, world):
    reference(sessions)
    return world


@pytest.mark.parametrize(("assigned", "due"), [
    # 国庆节 10月1日—7日放假, 10月10日（周六）调休上班: the make-up Saturday counts.
    ("2026-09-30", "2026-10-20"),
    # 9月20日（周日）调休上班 counts, 中秋 9月25日 does not, nor the National Day week.
    ("2026-09-18", "2026-10-09"),
])
def test_rule_11_ten_working_days_across_national_day_and_its_make_up_days(sessions, ready, assigned, due):
    tid = file_assigned(sessions, ready, when=at(assigned, 15), deadline={"kind": "working_days", "days": 10})
    t = ticket(sessions, tid)
    # End of the last day in Asia/Shanghai, stored in UTC.
    assert t.due_at == datetime.fromisoformat(f"{due}T15:59:59").replace(tzinfo=UTC)
    assert t.original_due_at == t.due_at
    assert t.deadline_rule["label"] == "10个工作日内（交办次日起算）"


def test_deadline_is_stored_with_the_rule_that_produced_it(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-11-24"), deadline={"kind": "working_days", "days": 2})
    with sessions() as s:
        (row,) = s.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id == tid))
        assert row.reason == "assigned"
        assert row.rule["kind"] == "working_days" and row.rule["days"] == 2
        assert row.counted_from.isoformat() == "2026-11-24"
        assert row.due_at == datetime(2026, 11, 26, 15, 59, 59, tzinfo=UTC)
        triggers = [e.trigger for e in s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == tid))]
    assert triggers == ["file", "assign", "deadline_set"]


@pytest.mark.parametrize(("policy", "due"), [
    ({"kind": "immediate"}, "2026-11-24"),
    ({"kind": "immediate", "days": 3}, "2026-11-27"),
    ({"kind": "calendar_days", "days": 15}, "2026-12-09"),
    ({"kind": "calendar_months", "months": 1}, "2026-12-24"),
    ({"kind": "fixed_date", "due_on": "2026-12-31"}, "2026-12-31"),
])
def test_rules_6_12_13_other_policies(sessions, ready, policy, due):
    tid = file_assigned(sessions, ready, when=at("2026-11-24"), deadline=policy)
    expected = datetime.fromisoformat(f"{due}T23:59:59+08:00").astimezone(UTC)
    assert ticket(sessions, tid).due_at == expected


def test_due_on_still_means_a_fixed_date_known_at_filing(sessions, ready):
    tid = file_assigned(sessions, ready, when=at("2026-11-24"), due_on="2026-12-10")
    t = ticket(sessions, tid)
    assert t.due_at == datetime(2026, 12, 10, 15, 59, 59, tzinfo=UTC)
    assert t.deadline_rule["kind"] == "fixed_date"


def test_the_clock_runs_from_assignment_not_filing(sessions, ready):
    from tests.deadline_fixtures import move  # noqa: F401
    from workflow.accounts.service import actor_for
    from workflow.db import transaction
    from workflow.deadlines.policies import DeadlinePolicy
    from workflow.tickets.filing import file_ticket
    from workflow.tickets.moves import MoveInput, apply_trigger
    from workflow.tickets.schemas import TicketCreate

    with transaction(sessions) as s:
        inspector = actor_for(s, ready.people["inspector"])
        t = file_ticket(s, actor=inspector, now=at("2026-11-02"), data=TicketCreate(
            title="t", place_id=ready.units["dongfeng"], lead_unit_id=ready.units["dongfeng"],
            deadline=DeadlinePolicy(kind="working_days", days=5)))
        assert t.due_at is None
        apply_trigger(s, actor=inspector, ticket_id=t.id, data=MoveInput("assign", t.version), now=at("2026-11-20"))
        assert t.due_at == datetime(2026, 11, 27, 15, 59, 59, tzinfo=UTC)
