"""Setting a ticket's deadline: at filing for fixed dates and timetables, at 交办 for relative rules.

The clock runs from 交办 (practice 1): a relative rule is computed the first time the ticket is
assigned; a later 改派 after a 退回 keeps it, so passing a problem back and forth does not stop time.
Each deadline is written to the history with the rule that produced it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.calendar.reader import WorkingCalendar
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.deadlines.models import Milestone, TicketDeadline
from workflow.deadlines.policies import DeadlinePolicy, due_day, policy_of
from workflow.errors import InvalidInput
from workflow.tickets import events
from workflow.tickets.models import Ticket


def resolve_policy(deadline: DeadlinePolicy | None, due_on: date | None) -> DeadlinePolicy | None:
    """``due_on`` alone is the fixed-date policy; both at once must agree."""
    if deadline is None:
        return DeadlinePolicy(kind="fixed_date", due_on=due_on) if due_on else None
    if due_on is not None and (deadline.kind != "fixed_date" or deadline.due_on != due_on):
        raise InvalidInput("整改期限（due_on）与期限规则（deadline）不一致，只填一个即可", detail={"field": "due_on"})
    return deadline


def check_policy(policy: DeadlinePolicy | None, *, found_on: date) -> None:
    if policy is None:
        return
    dates = [policy.due_on] if policy.kind == "fixed_date" else [m.due_on for m in policy.milestones]
    if any(d is not None and d < found_on for d in dates):
        raise InvalidInput("整改期限不能早于发现日期", detail={"field": "due_on"})


def due_at_on_filing(policy: DeadlinePolicy | None, calendar: WorkingCalendar) -> datetime | None:
    if policy is None or policy.is_relative:
        return None
    return end_of_local_day(due_day(policy, date.min, calendar))


def on_filing(session: Session, ticket: Ticket, policy: DeadlinePolicy | None, *, actor: Actor,
              now: datetime) -> None:
    """Milestones and the history row for deadlines known at filing."""
    if policy is None:
        return
    if policy.kind == "timetable":
        for position, m in enumerate(sorted(policy.milestones, key=lambda m: m.due_on), start=1):
            add_milestone(session, ticket, title=m.title, due_on=m.due_on, position=position, actor=actor, now=now,
                          reason="filed")
    if ticket.due_at is not None:
        record(session, ticket, due_at=ticket.due_at, rule=ticket.deadline_rule or {}, counted_from=None,
               reason="filed", actor=actor, now=now)


def start_clock(session: Session, ticket: Ticket, *, actor: Actor, now: datetime) -> None:
    """At 交办: compute a relative deadline once. Raises ``CalendarNotCovered`` rather than guess."""
    policy = policy_of(ticket.deadline_rule)
    if policy is None or not policy.is_relative or ticket.due_at is not None:
        return
    start = local_date(now)
    due_at = end_of_local_day(due_day(policy, start, WorkingCalendar(session)))
    ticket.due_at = due_at
    ticket.original_due_at = due_at
    session.flush()
    record(session, ticket, due_at=due_at, rule=ticket.deadline_rule, counted_from=start, reason="assigned",
           actor=actor, now=now)
    events.record(session, ticket, trigger="deadline_set", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, payload={"due_at": due_at.isoformat(), "rule": ticket.deadline_rule,
                                                  "counted_from": start.isoformat()})


def reopen_policy(session: Session, ticket: Ticket, *, chosen: DeadlinePolicy | None, campaign_default: dict | None,
                  now: datetime) -> DeadlinePolicy:
    """The deadline a reopened ticket gets: the one chosen at reopen, else the look-back campaign's default,
    else the ticket's own rule when it is relative (counted again from today) or a date still ahead. The old
    deadline was met or missed in its own episode; a reopen never inherits a past one, so nobody is punished
    at once for it."""
    policy = chosen or policy_of(campaign_default)
    if policy is None:
        own = policy_of(ticket.deadline_rule)
        ahead = own is not None and own.kind == "fixed_date" and own.due_on >= local_date(now)
        policy = own if own is not None and (own.is_relative or ahead) else None
    if policy is None:
        raise InvalidInput("重新整改须指定新的整改期限（该问题原期限为固定日期，活动也未设默认期限）",
                           detail={"field": "deadline"})
    check_policy(policy, found_on=local_date(now))
    due_day(policy, local_date(now), WorkingCalendar(session))  # CalendarNotCovered now, before anything moves
    return policy


def restart_clock(session: Session, ticket: Ticket, policy: DeadlinePolicy, *, actor: Actor, now: datetime,
                  campaign_id: int | None) -> None:
    """At 重新整改: a new deadline in force, the old one kept in the history (superseded)."""
    start = local_date(now)
    if policy.kind == "timetable":
        first = len(milestones_of(session, ticket.id))
        for position, m in enumerate(sorted(policy.milestones, key=lambda m: m.due_on), start=first + 1):
            add_milestone(session, ticket, title=m.title, due_on=m.due_on, position=position, actor=actor, now=now,
                          reason="reopened")
    due_at = end_of_local_day(due_day(policy, start, WorkingCalendar(session)))
    ticket.due_at, ticket.deadline_rule = due_at, policy.stored()
    session.flush()
    record(session, ticket, due_at=due_at, rule=ticket.deadline_rule, reason="reopened", actor=actor, now=now,
           counted_from=start if policy.is_relative else None)
    events.record(session, ticket, trigger="deadline_set", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, payload={"due_at": due_at.isoformat(), "rule": ticket.deadline_rule,
                                                  "counted_from": start.isoformat(), "reason": "reopened",
                                                  "campaign_id": campaign_id})


def add_milestone(session: Session, ticket: Ticket, *, title: str, due_on: date, position: int, actor: Actor,
                  now: datetime, reason: str = "milestone_added") -> Milestone:
    due_at = end_of_local_day(due_on)
    milestone = Milestone(ticket_id=ticket.id, position=position, title=title, due_at=due_at,
                          original_due_at=due_at)
    session.add(milestone)
    session.flush()
    record(session, ticket, due_at=due_at, rule={"kind": "fixed_date", "due_on": due_on.isoformat(),
                                                 "label": f"节点：{title}"},
           counted_from=None, reason=reason, actor=actor, now=now, milestone=milestone)
    return milestone


def record(session: Session, ticket: Ticket, *, due_at: datetime, rule: dict, counted_from: date | None,
           reason: str, actor: Actor | None, now: datetime, milestone: Milestone | None = None,
           extension_id: int | None = None) -> TicketDeadline:
    """Append to the history; the previous deadline of the same ticket or milestone is marked superseded."""
    milestone_id = milestone.id if milestone else None
    session.execute(
        update(TicketDeadline)
        .where(TicketDeadline.ticket_id == ticket.id, TicketDeadline.superseded_at.is_(None),
               TicketDeadline.milestone_id.is_(None) if milestone_id is None
               else TicketDeadline.milestone_id == milestone_id)
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    )
    row = TicketDeadline(ticket_id=ticket.id, milestone_id=milestone_id, due_at=due_at, rule=rule,
                         rule_label=str(rule.get("label", ""))[:100], counted_from=counted_from, reason=reason,
                         extension_id=extension_id, set_at=now, set_by_id=actor.person_id if actor else None)
    session.add(row)
    session.flush()
    return row


def history(session: Session, ticket_id: int) -> list[TicketDeadline]:
    return list(session.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id == ticket_id)
                                .order_by(TicketDeadline.id)))


def milestones_of(session: Session, ticket_id: int) -> list[Milestone]:
    return list(session.scalars(select(Milestone).where(Milestone.ticket_id == ticket_id)
                                .order_by(Milestone.position, Milestone.id)))
