"""One sweep: lights, reminders and 约谈 for the tickets that are due, at a given ``now``.

The sweep reads only due rows through indexed columns (deadline within the reminder/yellow
horizon, an unfinished node within it, a light still lit, or a finding not yet escalated), so its
cost follows the due tickets, not all tickets. Due tickets are handled a chunk at a time
(``CHUNK``), one short transaction per chunk, with set-based statements: the chunk's tickets are
locked and read with one query, their lights computed in Python and written with one executemany
(and their ``light_changed`` events with one chained bulk insert), their reminders, 约谈
(``escalation/bulk.py``) and 催办 with their events, 确认收到 requests and outbox messages inserted in
bulk. A deadline that falls in an uncovered calendar year is skipped with a warning, the rest go on.
A chunk that hits a write conflict it cannot retry away, or any other domain error, is done again
ticket by ticket, one transaction each (the path before issue 15), so one bad ticket still stops
only itself. All effects are rows with unique keys (STYLE E9).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from workflow.acceptance.sweep import late_acceptance, sweep_acceptance
from workflow.cadence.reminders import remind_milestones
from workflow.calendar.reader import WorkingCalendar
from workflow.db import transaction
from workflow.deadlines.lights import DEFAULT_YELLOW_WITHIN, yellow_horizon
from workflow.deadlines.models import Milestone
from workflow.deadlines.progress_lights import SchemeLight, lights_for, widest_scheme_horizon
from workflow.deadlines.targets import CHASED_STATES, OPEN_STATES, open_milestones, targets_of
from workflow.errors import CalendarNotCovered, DomainError
from workflow.escalation import engine
from workflow.escalation.bulk import escalate_many_overdue
from workflow.escalation.models import EscalationPolicy, Interview
from workflow.escalation.policies import enabled_policies
from workflow.outcomes.review import bring_back_for_review
from workflow.reminders.service import Schedule, load_people_and_places, remind, remind_many
from workflow.tickets import events
from workflow.tickets.models import Ticket
from workflow.urging.service import DEFAULT_CAP, urge_many_on_schedule, urge_on_schedule

log = logging.getLogger(__name__)
CHUNK = 200  # due tickets per transaction: long enough to batch, short enough not to hold the write lock long


@dataclass(frozen=True)
class SweepConfig:
    schedule: Schedule = field(default_factory=Schedule)
    yellow_within: int = DEFAULT_YELLOW_WITHIN
    urge_cap: int = DEFAULT_CAP


def config_from(settings) -> SweepConfig:
    """The sweep's configuration from ``workflow.settings.Settings`` (ZHENGGAI_REMINDER_DAYS_BEFORE='[3,1]' …)."""
    schedule = Schedule(days_before=tuple(settings.reminder_days_before), on_the_day=settings.remind_on_the_day,
                        while_overdue=settings.remind_while_overdue)
    return SweepConfig(schedule=schedule, yellow_within=settings.yellow_within_working_days,
                       urge_cap=settings.urge_cap_per_day)


@dataclass
class Tally:
    """What one ticket's transaction did; added to the report only once it has committed."""

    tickets: int = 0
    reminders: int = 0
    interviews: int = 0
    lights_changed: int = 0
    urgings: int = 0
    acceptance_reminders: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class SweepReport:
    now: datetime
    ran: bool = True
    tickets: int = 0
    reminders: int = 0
    interviews: int = 0
    lights_changed: int = 0
    interviews_scheduled: int = 0
    reviews_due: int = 0
    urgings: int = 0
    acceptance_reminders: int = 0
    milestone_reminders: int = 0  # campaign milestones near or past (workflow/cadence/reminders.py)
    errors: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"now": self.now.isoformat(), "ran": self.ran, "tickets": self.tickets, "reminders": self.reminders,
                "interviews": self.interviews, "lights_changed": self.lights_changed,
                "interviews_scheduled": self.interviews_scheduled, "reviews_due": self.reviews_due,
                "urgings": self.urgings, "acceptance_reminders": self.acceptance_reminders,
                "milestone_reminders": self.milestone_reminders,
                "errors": {str(k): v for k, v in self.errors.items()}, "warnings": self.warnings}

    def add(self, tally: Tally) -> None:
        self.tickets += tally.tickets
        self.reminders += tally.reminders
        self.interviews += tally.interviews
        self.lights_changed += tally.lights_changed
        self.urgings += tally.urgings
        self.acceptance_reminders += tally.acceptance_reminders
        self.warnings.extend(tally.warnings)


def run_sweep(sessions: sessionmaker[Session], *, now: datetime, config: SweepConfig | None = None) -> SweepReport:
    config = config or SweepConfig()
    report = SweepReport(now=now)
    with transaction(sessions) as session:
        calendar = WorkingCalendar(session)  # years load once per sweep, then are shared by every ticket
        horizon = _horizon(calendar, now, config, report, scheme_ahead=widest_scheme_horizon(session))
        report.interviews_scheduled = engine.schedule_waiting(session, now=now, calendar=calendar)
        ticket_ids = list(session.scalars(_due_tickets(now, horizon)))
        finding_ids = _unescalated_findings(session)
        late_accept_ids = list(session.scalars(late_acceptance(now)))
    for start in range(0, len(ticket_ids), CHUNK):
        _sweep_chunk(sessions, report, ticket_ids[start:start + CHUNK], now, horizon, config, calendar)
    for policy_id, ticket_id in finding_ids:
        _guarded(sessions, report, ticket_id,
                 lambda s, t, p=policy_id, tid=ticket_id: _sweep_finding(s, p, tid, now, calendar.on(s), t))
    report.reviews_due = bring_back_for_review(sessions, now=now)  # 持续整改 on its review date (outcomes)
    for ticket_id in late_accept_ids:
        _guarded(sessions, report, ticket_id,
                 lambda s, t, tid=ticket_id: _sweep_acceptance(s, tid, now, calendar.on(s), t))
    with transaction(sessions) as session:
        report.milestone_reminders = remind_milestones(session, now=now)
    return report


def _horizon(calendar: WorkingCalendar, now: datetime, config: SweepConfig, report: SweepReport, *,
             scheme_ahead: int = 0) -> datetime:
    ahead = max([config.yellow_within, *config.schedule.days_before, scheme_ahead, 0])
    horizon = yellow_horizon(calendar, now, ahead)
    if horizon is None:
        report.warnings.append("工作日历未覆盖未来几个工作日：本次只处理已逾期的问题")
        return now
    return horizon


def _due_tickets(now: datetime, horizon: datetime):
    node_due = exists().where(Milestone.ticket_id == Ticket.id, Milestone.done_at.is_(None),
                              Milestone.due_at <= horizon)
    # A timetable ticket can fall behind its expected progress long before a node is due (progress lights).
    on_timetable = exists().where(Milestone.ticket_id == Ticket.id, Milestone.done_at.is_(None))
    due = and_(Ticket.state.in_(OPEN_STATES), or_(Ticket.due_at <= horizon, node_due, on_timetable))
    lit = or_(Ticket.light.in_(("yellow", "red")), and_(Ticket.light.is_not(None), Ticket.state.not_in(OPEN_STATES)))
    # A unit's tickets together: each chunk then touches few units, and each unit's strikes are recounted once
    # per chunk that holds its 约谈 (``Batch.finish``), not once per chunk for every unit.
    return select(Ticket.id).where(or_(due, lit)).order_by(Ticket.lead_unit_id, Ticket.id)


def _unescalated_findings(session: Session) -> list[tuple[int, int]]:
    pairs = []
    for policy in enabled_policies(session, "finding"):
        done = exists().where(Interview.ticket_id == Ticket.id, Interview.policy_id == policy.id)
        ids = session.scalars(select(Ticket.id).where(Ticket.finding_category.in_(policy.finding_categories),
                                                      Ticket.subject_person_id.is_not(None), ~done))
        pairs.extend((policy.id, tid) for tid in ids)
    return pairs


def _guarded(sessions, report: SweepReport, ticket_id: int, work, *, tries: int = 3) -> None:
    """One ticket, one transaction. A domain error skips the ticket; a write conflict (another
    writer got there first, e.g. SQLite's busy snapshot) is retried, and the unique keys then
    make the retry insert nothing that was already inserted. The report counts a ticket's work only
    after its transaction committed: a rolled-back 约谈 or reminder was never sent."""
    for attempt in range(1, tries + 1):
        tally = Tally()
        try:
            with transaction(sessions) as session:
                work(session, tally)
            report.add(tally)
            return
        except DomainError as exc:
            report.errors[ticket_id] = exc.message
            log.warning("sweep: ticket %s skipped: %s", ticket_id, exc.message)
            return
        except OperationalError as exc:
            if attempt == tries:
                report.errors[ticket_id] = f"数据库繁忙：{type(exc.orig).__name__}"
                log.warning("sweep: ticket %s skipped after %s tries: %s", ticket_id, tries, exc)


def _sweep_chunk(sessions, report: SweepReport, ticket_ids: list[int], now: datetime, horizon: datetime,
                 config: SweepConfig, calendar: WorkingCalendar, *, tries: int = 3) -> None:
    """The set-based path for a chunk of due tickets, in one transaction; its counts join the report only
    after it committed. On a write conflict it cannot get past, each ticket gets its own transaction."""
    for attempt in range(1, tries + 1):
        tallies: list[Tally] = []
        try:
            with transaction(sessions) as session:
                _sweep_tickets(session, ticket_ids, now, horizon, config, calendar.on(session), tallies)
        except OperationalError as exc:
            log.warning("sweep: chunk of %s tickets hit a write conflict (try %s): %s", len(ticket_ids), attempt, exc)
            continue
        except DomainError as exc:  # one ticket's problem: find it, ticket by ticket
            log.warning("sweep: chunk of %s tickets fell back to one at a time: %s", len(ticket_ids), exc.message)
            break
        for tally in tallies:
            report.add(tally)
        return
    for ticket_id in ticket_ids:
        _guarded(sessions, report, ticket_id,
                 lambda s, t, tid=ticket_id: _sweep_ticket(s, tid, now, horizon, config, calendar.on(s), t))


def _sweep_tickets(session: Session, ticket_ids: list[int], now: datetime, horizon: datetime, config: SweepConfig,
                   calendar: WorkingCalendar, tallies: list[Tally]) -> None:
    # Lock first, in id order (PostgreSQL row locks; SQLite already holds the write lock from BEGIN IMMEDIATE).
    session.execute(select(Ticket.id).where(Ticket.id.in_(ticket_ids)).order_by(Ticket.id).with_for_update())
    tickets = list(session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids)).order_by(Ticket.id)))
    milestones = open_milestones(session, ticket_ids)
    held = load_people_and_places(session, tickets)  # kept while the chunk is worked on  # noqa: F841
    tally = {t.id: Tally(tickets=1) for t in tickets}
    tallies.extend(tally.values())
    _record_lights(session, tickets, now, config, calendar, tally)
    chased = [t for t in tickets if t.state in CHASED_STATES and not t.awaiting_verification]
    targets = {t.id: targets_of(t, milestones.get(t.id, [])) for t in chased}
    created, gaps = remind_many(session, [x for t in chased for x in targets[t.id]], now=now, calendar=calendar,
                                schedule=config.schedule)
    for reminder in created:
        tally[reminder.ticket_id].reminders += 1
    for target, exc in gaps:
        tally[target.ticket.id].warnings.append(_gap_warning(target.ticket, target, exc))
    late = {t.id: [x for x in targets[t.id] if now > x.due_at] for t in chased}
    late = {tid: found for tid, found in late.items() if found}  # neither 约谈 nor 催办 before a deadline passed
    batch = engine.Batch.for_tickets(session, list(late))
    made, gaps = escalate_many_overdue(session, enabled_policies(session, "overdue"),
                                       [x for t in chased if t.id in late for x in targets[t.id]],
                                       now=now, calendar=calendar, batch=batch)
    for interview in made:
        tally[interview.ticket_id].interviews += 1
    for target, exc in gaps:
        tally[target.ticket.id].warnings.append(_gap_warning(target.ticket, target, exc))
    batch.finish(session, now=now)
    overdue = [t for t in chased if t.id in late]
    try:  # 催办 by schedule (issue 13): once a working day while overdue, within the daily cap
        with session.begin_nested():
            urged = urge_many_on_schedule(session, overdue, now=now, calendar=calendar, cap=config.urge_cap)
    except CalendarNotCovered as exc:
        for ticket in overdue:
            tally[ticket.id].warnings.append(_gap_warning(ticket, late[ticket.id][0], exc))
        return
    for urging in urged:
        tally[urging.ticket_id].urgings += 1


def _record_lights(session: Session, tickets: list[Ticket], now: datetime, config: SweepConfig,
                   calendar: WorkingCalendar, tally: dict[int, Tally]) -> None:
    """The chunk's lights: computed together (one milestone and one campaign query), the changed ones written
    with one executemany and their ``light_changed`` events with one hash-chained bulk insert. The tickets are
    locked, so each stored light is the one read above (what ``_record_light``'s conditional update checks)."""
    horizon = cache(lambda days: yellow_horizon(calendar, now, days))
    lit = lights_for(session, tickets, now=now, within=config.yellow_within, horizon=horizon)
    changed = [(t, lit[t.id]) for t in tickets if lit[t.id].code != t.light]
    if not changed:
        return
    session.execute(update(Ticket).execution_options(synchronize_session=False),
                    [{"id": t.id, "light": light.code} for t, light in changed])
    events.record_many(session, [
        {"ticket_id": t.id, "at": now, "actor_id": None, "trigger": "light_changed", "from_state": t.state,
         "to_state": t.state, "comment": "",
         "payload": {"lead_unit_id": t.lead_unit_id, "from": t.light, "to": light.code, "label": light.label,
                     "reason": light.reason, "behind": light.behind}}
        for t, light in changed])
    for t, _light in changed:
        tally[t.id].lights_changed += 1


def _gap_warning(ticket: Ticket, target, exc: CalendarNotCovered) -> str:
    what = f"节点“{target.milestone.title}”" if target.milestone else "整改期限"
    return f"问题 {ticket.number} {what}暂不处理：{exc.message}"


def _lock_ticket(session: Session, ticket_id: int) -> Ticket:
    """Write first: a row lock on PostgreSQL, the write lock on SQLite taken before any read, so a
    concurrent sweep waits its turn (busy timeout) instead of failing on a stale snapshot."""
    session.execute(update(Ticket).where(Ticket.id == ticket_id).values(light=Ticket.light)
                    .execution_options(synchronize_session=False))
    return session.get(Ticket, ticket_id)


def _sweep_ticket(session: Session, ticket_id: int, now: datetime, horizon: datetime, config: SweepConfig,
                  calendar: WorkingCalendar, tally: Tally) -> None:
    ticket = _lock_ticket(session, ticket_id)
    milestones = open_milestones(session, [ticket.id]).get(ticket.id, [])
    tally.tickets += 1
    _record_light(session, ticket, _light(session, ticket, now, config, calendar), now, tally)
    if ticket.state not in CHASED_STATES or ticket.awaiting_verification:
        return
    policies = enabled_policies(session, "overdue")
    for target in targets_of(ticket, milestones):
        # Judged deadline by deadline: one in a year without a calendar waits, the others do not.
        tally.reminders += _step(session, ticket, target, tally, lambda t=target: remind(
            session, t, now=now, calendar=calendar, schedule=config.schedule))
        for policy in policies:
            tally.interviews += _step(session, ticket, target, tally, lambda t=target, p=policy:
                                      engine.escalate_overdue(session, p, t, now=now, calendar=calendar))
    late = [t for t in targets_of(ticket, milestones) if now > t.due_at]
    if late:  # 催办 by schedule (issue 13): once a working day while overdue, within the daily cap
        tally.urgings += _step(session, ticket, late[0], tally, lambda: urge_on_schedule(
            session, ticket, now=now, calendar=calendar, cap=config.urge_cap))


def _sweep_acceptance(session: Session, ticket_id: int, now: datetime, calendar: WorkingCalendar,
                      tally: Tally) -> None:
    ticket = _lock_ticket(session, ticket_id)
    reminded, interviews = sweep_acceptance(session, ticket, now=now, calendar=calendar)
    tally.acceptance_reminders += reminded
    tally.interviews += interviews


def _step(session: Session, ticket: Ticket, target, tally: Tally, work) -> int:
    """One reminder or 约谈 in a savepoint: a calendar gap undoes only this step, reported as a warning."""
    try:
        with session.begin_nested():
            return work() is not None
    except CalendarNotCovered as exc:
        tally.warnings.append(_gap_warning(ticket, target, exc))
        return 0


def _sweep_finding(session: Session, policy_id: int, ticket_id: int, now: datetime, calendar: WorkingCalendar,
                   tally: Tally) -> None:
    ticket = _lock_ticket(session, ticket_id)
    policy = session.get(EscalationPolicy, policy_id)
    tally.interviews += engine.escalate_finding(session, policy, ticket, now=now, calendar=calendar) is not None


def _light(session: Session, ticket: Ticket, now: datetime, config: SweepConfig,
           calendar: WorkingCalendar) -> SchemeLight:
    """By time and timetable progress, under the ticket's campaign scheme (deadlines/progress_lights.py)."""
    horizon = cache(lambda days: yellow_horizon(calendar, now, days))
    return lights_for(session, [ticket], now=now, within=config.yellow_within, horizon=horizon)[ticket.id]


def _record_light(session: Session, ticket: Ticket, lit: SchemeLight, now: datetime, tally: Tally) -> None:
    """Keep the colour history: a conditional update, and an event only when this sweep changed it."""
    light = lit.code
    if light == ticket.light:
        return
    before = ticket.light
    same = Ticket.light.is_(None) if before is None else Ticket.light == before
    changed = session.execute(update(Ticket).where(Ticket.id == ticket.id, same).values(light=light)
                              .execution_options(synchronize_session=False)).rowcount
    if changed == 1:
        events.record(session, ticket, trigger="light_changed", actor=None, at=now, from_state=ticket.state,
                      to_state=ticket.state, payload={"from": before, "to": light, "label": lit.label,
                                                      "reason": lit.reason, "behind": lit.behind})
        tally.lights_changed += 1
