"""签收 time limit (issue 13, practice 1): its own limit from 交办 (default 1 working day, per campaign), its own
light, a reminder from the sweep and, when the office turns the policy on, a 约谈; the rectification deadline
keeps running from 交办 whatever 签收 does."""

from __future__ import annotations

from sqlalchemy import select, update

from tests.deadline_fixtures import at, interviews, outbox, reference, reminders, sweep
from tests.helpers import login, move
from tests.practice.support import assigned
from workflow.acceptance.limits import acceptance_overdue
from workflow.acceptance.models import AcceptanceReminder
from workflow.db import transaction
from workflow.escalation.models import EscalationPolicy
from workflow.tickets.models import Ticket


def _late(sessions) -> list[AcceptanceReminder]:
    with sessions() as s:
        return list(s.scalars(select(AcceptanceReminder).order_by(AcceptanceReminder.id)))


def test_accept_limit_is_one_working_day_after_assignment_by_default(client, world, sessions):
    reference(sessions)
    t = assigned(client, world)  # Tuesday 24 November
    assert t["accept_due_at"].startswith("2026-11-25T15:59:59")  # end of Wednesday, Beijing time


def test_a_campaign_sets_its_own_accept_limit(client, world, sessions):
    reference(sessions)
    office = login(client, "office")
    campaign = client.post("/api/v1/campaigns", headers=office, json={
        "name": "冬季人居环境整治", "kind": "open_check", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
        "accept_within_working_days": 3}).json()
    assert campaign["accept_within_working_days"] == 3
    t = assigned(client, world, campaign_id=campaign["id"])
    assert t["accept_due_at"].startswith("2026-11-27T15:59:59")  # Friday


def test_late_acceptance_lights_is_reminded_once_a_working_day_and_the_deadline_does_not_move(
        client, world, sessions):
    reference(sessions)
    t = assigned(client, world, due_on="2026-12-10")
    with sessions() as s:
        ticket = s.get(Ticket, t["id"])
        assert not acceptance_overdue(ticket, at("2026-11-25", 23))
        assert acceptance_overdue(ticket, at("2026-11-26", 9))
    assert client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "office")).json()["accept_overdue"] is False
    client.app.state.clock.move_to(at("2026-11-26", 9))
    read = client.get(f"/api/v1/tickets/{t['id']}", headers=login(client, "office")).json()
    assert read["accept_overdue"] is True and read["light"] == "green"  # its own light; the deadline is far
    client.app.state.clock.move_to(at("2026-11-24"))
    sweep(sessions, at("2026-11-25", 12))
    assert _late(sessions) == []
    sweep(sessions, at("2026-11-26", 9))
    sweep(sessions, at("2026-11-26", 15))
    sweep(sessions, at("2026-11-28", 9))  # Saturday: no reminder
    sweep(sessions, at("2026-11-30", 9))
    assert [(r.day.isoformat(), r.working_days_late) for r in _late(sessions)] == [("2026-11-26", 1),
                                                                                   ("2026-11-30", 3)]
    assert reminders(sessions, t["id"]) == []  # the rectification reminders are another clock
    messages = outbox(sessions, "acceptance")
    assert len(messages) == 2 and messages[0].unit_id == world.units["dongfeng"]
    assert messages[0].payload["accept_due_on"] == "2026-11-25"
    accepted = move(client, login(client, "village"), t, "accept", plan="立即清理").json()
    assert accepted["due_at"] == t["due_at"]  # the deadline ran from 交办, not from 签收
    sweep(sessions, at("2026-12-01", 9))
    assert len(outbox(sessions, "acceptance")) == 2


def test_late_acceptance_is_escalated_by_its_own_policy_only_when_enabled(client, world, sessions):
    reference(sessions)
    t = assigned(client, world, due_on="2026-12-31")
    sweep(sessions, at("2026-11-30", 9))  # three working days late, the policy is off by default
    assert interviews(sessions) == []
    with transaction(sessions) as s:
        s.execute(update(EscalationPolicy).where(EscalationPolicy.code == "unaccepted_interview")
                  .values(enabled=True))
    sweep(sessions, at("2026-11-26", 9))  # inside the two-day grace
    assert interviews(sessions) == []
    sweep(sessions, at("2026-11-27", 9))
    sweep(sessions, at("2026-11-30", 9))
    [interview] = interviews(sessions)
    assert interview.unit_id == world.units["dongfeng"] and "逾期未签收" in interview.reason
    with sessions() as s:
        policy = s.scalars(select(EscalationPolicy).where(EscalationPolicy.id == interview.policy_id)).one()
        assert policy.trigger == "unaccepted"
    assert [m.payload["ticket_number"] for m in outbox(sessions, "escalation")] == [t["number"]]
