"""The escalation engine: turns a policy row and a due ticket (or finding) into one 约谈.

Every 约谈 has a unique ``episode_key`` (policy, ticket, node, deadline), inserted with ON CONFLICT
DO NOTHING: a re-run, a restart or a second process creates nothing twice (STYLE E9). Only the
process whose insert took effect adds the targets, the ticket event, the outbox row and the strikes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.acknowledgements.service import open_request
from workflow.calendar.reader import WorkingCalendar
from workflow.campaigns.models import Campaign
from workflow.db import insert_ignoring_conflict
from workflow.deadlines.local_time import local_date
from workflow.deadlines.models import ExtensionRequest
from workflow.deadlines.targets import CHASED_STATES, Target
from workflow.errors import CalendarNotCovered
from workflow.escalation import people, strikes
from workflow.escalation.models import EscalationPolicy, Interview, InterviewTarget
from workflow.orgs.models import OrgUnit
from workflow.outbox import service as outbox
from workflow.tickets import events
from workflow.tickets.models import FINDING_CATEGORIES, Ticket


@dataclass
class Batch:
    """Shared by the 约谈 of one sweep transaction: who holds which post around a place is looked up once, and
    each unit's strikes are recounted once at the end (``finish``) instead of after every 约谈 — the same
    result, since ``recount_unit`` is idempotent and reads only rows of this transaction."""

    recounts: set[tuple[int, int]] = field(default_factory=set)
    targets: dict[tuple, list[people.Holder]] = field(default_factory=dict)
    conductors: dict[tuple, people.Holder] = field(default_factory=dict)
    ticket_ids: frozenset[int] = frozenset()  # the tickets whose keys and extensions are read below
    episode_keys: set[str] = field(default_factory=set)
    pending_extensions: frozenset[int] = frozenset()

    @classmethod
    def for_tickets(cls, session: Session, ticket_ids: list[int]) -> Batch:
        """Read the existing 约谈 keys and the pending extension requests of these (locked) tickets at once."""
        batch = cls(ticket_ids=frozenset(ticket_ids))
        people.remember(session)
        for start in range(0, len(ticket_ids), 500):
            chunk = ticket_ids[start:start + 500]
            batch.episode_keys.update(session.scalars(select(Interview.episode_key).where(
                Interview.ticket_id.in_(chunk))))
            batch.pending_extensions |= frozenset(session.scalars(select(ExtensionRequest.ticket_id).where(
                ExtensionRequest.ticket_id.in_(chunk), ExtensionRequest.status == "pending")))
        return batch

    def knows(self, ticket: Ticket) -> bool:
        return ticket.id in self.ticket_ids

    def finish(self, session: Session, *, now: datetime) -> None:
        for unit_id, year in sorted(self.recounts):
            strikes.recount_unit(session, unit_id=unit_id, year=year, now=now)
        self.recounts.clear()
        people.forget(session)


def _interview_targets(session: Session, policy: EscalationPolicy, unit: OrgUnit, place: OrgUnit,
                       batch: Batch | None) -> list[people.Holder]:
    if batch is None:
        return people.interview_targets(session, policy, unit=unit, place=place)
    key = (policy.id, unit.id, place.id)
    if key not in batch.targets:
        batch.targets[key] = people.interview_targets(session, policy, unit=unit, place=place)
    return batch.targets[key]


def _conductor(session: Session, conducted_by: str, place: OrgUnit, batch: Batch | None) -> people.Holder:
    if batch is None:
        return people.conductor(session, conducted_by, place)
    key = (conducted_by, place.id)
    if key not in batch.conductors:
        batch.conductors[key] = people.conductor(session, conducted_by, place)
    return batch.conductors[key]


def escalate_overdue(session: Session, policy: EscalationPolicy, target: Target, *, now: datetime,
                     calendar: WorkingCalendar, batch: Batch | None = None) -> Interview | None:
    """逾期整改不到位: past the deadline by the grace period, not submitted, no extension awaiting decision."""
    ticket = target.ticket
    overdue_on = overdue_day(policy, target, now=now, calendar=calendar)
    if overdue_on is None:
        return None
    if batch is not None and batch.knows(ticket):
        pending = ticket.id in batch.pending_extensions
    else:
        pending = local_date(now) >= overdue_on and _extension_pending(session, ticket)
    if local_date(now) < overdue_on or pending:
        return None
    key = f"{policy.code}:{target.key}:{target.due_at:%Y%m%dT%H%M%S}"
    # A shortcut for repeat sweeps; the unique key is the guarantee.
    if (key in batch.episode_keys) if batch is not None and batch.knows(ticket) else _exists(session, key):
        return None
    unit, place, holders, reason = overdue_interview(session, policy, target, batch)
    return _create(session, policy, key=key, ticket=ticket, target=target, unit=unit, place=place,
                   holders=holders, reason=reason, now=now, calendar=calendar, year=overdue_on.year, batch=batch)


def overdue_day(policy: EscalationPolicy, target: Target, *, now: datetime, calendar: WorkingCalendar) -> date | None:
    """The day a chased target counts as overdue — its deadline's day, or the last day of the grace period after
    it — or None when it is not chased now. The grace period may need a calendar not yet imported
    (CalendarNotCovered): then the 约谈 waits. Shared by the one-ticket path and the sweep's bulk path."""
    ticket = target.ticket
    if now <= target.due_at or ticket.state not in CHASED_STATES or ticket.awaiting_verification:
        return None
    if ticket.lead_unit_id is None:
        return None
    due_day = local_date(target.due_at)
    return calendar.add_working_days(due_day, policy.grace_working_days) if policy.grace_working_days else due_day


def overdue_interview(session: Session, policy: EscalationPolicy, target: Target, batch: Batch | None):
    """Who a 约谈 for an overdue target summons, and the reason it states: (unit, place, holders, reason)."""
    ticket = target.ticket
    unit = session.get(OrgUnit, ticket.lead_unit_id)
    place = session.get(OrgUnit, ticket.place_id)
    holders = _interview_targets(session, policy, unit, place, batch)
    what = f"整改节点“{target.milestone.title}”" if target.milestone else "整改"
    reason = f"问题 {ticket.number}“{ticket.title}”{what}已逾期（期限 {local_date(target.due_at):%Y-%m-%d}）"
    return unit, place, holders, reason


def escalate_unaccepted(session: Session, policy: EscalationPolicy, ticket: Ticket, *, now: datetime,
                        calendar: WorkingCalendar) -> Interview | None:
    """交办后逾期未签收 (issue 13): still ``assigned`` past the 签收 limit by the grace period."""
    if ticket.state != "assigned" or ticket.accept_due_at is None or now <= ticket.accept_due_at:
        return None
    if ticket.lead_unit_id is None:
        return None
    due_day = local_date(ticket.accept_due_at)
    overdue_on = calendar.add_working_days(due_day, policy.grace_working_days) \
        if policy.grace_working_days else due_day
    key = f"{policy.code}:accept:t{ticket.id}:{ticket.accept_due_at:%Y%m%dT%H%M%S}"
    if local_date(now) < overdue_on or _exists(session, key):
        return None
    unit = session.get(OrgUnit, ticket.lead_unit_id)
    place = session.get(OrgUnit, ticket.place_id)
    holders = people.interview_targets(session, policy, unit=unit, place=place)
    reason = f"问题 {ticket.number}“{ticket.title}”交办后逾期未签收（签收期限 {due_day:%Y-%m-%d}）"
    return _create(session, policy, key=key, ticket=ticket, target=Target(ticket, ticket.accept_due_at), unit=unit,
                   place=place, holders=holders, reason=reason, now=now, calendar=calendar, year=overdue_on.year)


def escalate_finding(session: Session, policy: EscalationPolicy, ticket: Ticket, *, now: datetime,
                     calendar: WorkingCalendar, batch: Batch | None = None) -> Interview | None:
    """Seed 003: a stationed cadre found absent or unfamiliar with the work."""
    if ticket.finding_category not in policy.finding_categories or ticket.subject_person_id is None:
        return None
    if policy.campaign_kinds:
        campaign = session.get(Campaign, ticket.campaign_id) if ticket.campaign_id else None
        if campaign is None or campaign.kind not in policy.campaign_kinds:
            return None
    subject = session.get(Person, ticket.subject_person_id)
    unit = people.sending_unit(session, subject) if policy.unit_concerned == "sending_unit" \
        else session.get(OrgUnit, ticket.lead_unit_id or subject.org_unit_id)
    holders = people.holders(session, "backer_unit_leader", [unit]) if "backer_unit_leader" in policy.target_posts \
        else []
    other = [p for p in policy.target_posts if p != "backer_unit_leader"]
    place = session.get(OrgUnit, ticket.place_id)
    holders += people.resolve_posts(session, place, other)
    if policy.include_subject_person:
        holders.append(people.Holder(subject.post, subject, subject.org_unit_id,
                                     f"{subject.post_label or '驻村干部'} {subject.name}".strip()))
    category = FINDING_CATEGORIES.get(ticket.finding_category, ticket.finding_category)
    reason = f"问题 {ticket.number}：{category}（{subject.name}）"
    key = f"{policy.code}:t{ticket.id}"
    interview = _create(session, policy, key=key, ticket=ticket, target=None, unit=unit, place=place,
                        holders=holders, reason=reason, now=now, calendar=calendar, year=local_date(now).year,
                        batch=batch)
    if interview is not None and policy.disqualify_subject_person:
        strikes.disqualify_person(session, person_id=subject.id, year=interview.year, interview=interview, now=now,
                                  label=f"{subject.post_label or '驻村干部'} {subject.name}".strip())
    return interview


def _create(session: Session, policy: EscalationPolicy, *, key: str, ticket: Ticket, target: Target | None,
            unit: OrgUnit, place: OrgUnit, holders: list[people.Holder], reason: str, now: datetime,
            calendar: WorkingCalendar, year: int, batch: Batch | None = None) -> Interview | None:
    """``year`` is the year of the event that caused the 约谈 (its strike counts there, whenever it is created)."""
    planned_on, waiting = plan_date(calendar, now, policy.plan_within_working_days)
    conductor = _conductor(session, policy.conducted_by, place, batch)
    inserted = insert_ignoring_conflict(
        session, Interview, episode_key=key, policy_id=policy.id, ticket_id=ticket.id,
        milestone_id=target.milestone.id if target and target.milestone else None, unit_id=unit.id,
        year=year, due_at=target.due_at if target else None, reason=reason,
        conducted_by=conductor.label, conducted_by_person_id=conductor.person.id if conductor.person else None,
        planned_on=planned_on, waiting_reason=waiting, status="planned", minutes="", cancel_reason="",
        created_at=now, updated_at=now, version=1,
    )
    if not inserted:
        return None
    interview = session.scalar(select(Interview).where(Interview.episode_key == key))
    session.add_all(InterviewTarget(interview_id=interview.id, post=h.post, unit_id=h.unit_id, label=h.label,
                                    person_id=h.person.id if h.person else None) for h in holders)
    session.flush()
    events.record(session, ticket, trigger="escalated", actor=None, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=reason,
                  payload={"interview_id": interview.id, "policy": policy.code, "unit_id": unit.id,
                           "year": year, "targets": [h.label for h in holders],
                           "planned_on": planned_on.isoformat() if planned_on else None})
    open_request(session, kind="escalation", source_id=interview.id, unit_id=unit.id, person_id=None,
                 ticket_id=ticket.id, now=now)  # 确认收到 (issue 13)
    outbox.enqueue(session, kind="escalation", dedupe_key=f"escalation:{interview.id}", at=now, ticket_id=ticket.id,
                   unit_id=unit.id, payload={
                       "interview_id": interview.id, "ticket_number": ticket.number, "title": ticket.title,
                       "unit_name": unit.name, "targets": [h.label for h in holders],
                       "conducted_by": conductor.label,
                       "planned_on": planned_on.isoformat() if planned_on else f"待定（{waiting}）"})
    if batch is None:
        strikes.recount_unit(session, unit_id=unit.id, year=interview.year, now=now)
    else:
        batch.recounts.add((unit.id, interview.year))
    return interview


def plan_date(calendar: WorkingCalendar, now: datetime, within: int) -> tuple[date | None, str]:
    """The planned date, or none yet and why: in late December it may fall in a year not yet imported."""
    try:
        return calendar.add_working_days(local_date(now), within), ""
    except CalendarNotCovered as exc:
        return None, f"{exc.year}年工作日历尚未导入，约谈日期待导入后确定"


def schedule_waiting(session: Session, *, now: datetime, calendar: WorkingCalendar) -> int:
    """Give the 约谈 that waited for next year's calendar their date, counted from when they were called."""
    done = 0
    for interview in session.scalars(select(Interview).where(Interview.planned_on.is_(None),
                                                             Interview.status == "planned")):
        policy = session.get(EscalationPolicy, interview.policy_id)
        planned_on, _ = plan_date(calendar, interview.created_at, policy.plan_within_working_days)
        if planned_on is not None:
            interview.planned_on, interview.waiting_reason, interview.updated_at = planned_on, "", now
            interview.version += 1
            done += 1
            _notify_date(session, interview, now)
    session.flush()
    return done


def _notify_date(session: Session, interview: Interview, now: datetime) -> None:
    """The first notice said 待定; a second one gives the date, once (its own dedupe key)."""
    ticket = session.get(Ticket, interview.ticket_id) if interview.ticket_id else None
    unit = session.get(OrgUnit, interview.unit_id)
    labels = list(session.scalars(select(InterviewTarget.label).where(InterviewTarget.interview_id == interview.id)
                                  .order_by(InterviewTarget.id)))
    outbox.enqueue(session, kind="escalation", dedupe_key=f"escalation:{interview.id}:dated", at=now,
                   ticket_id=interview.ticket_id, unit_id=interview.unit_id, payload={
                       "interview_id": interview.id, "ticket_number": ticket.number if ticket else "",
                       "title": ticket.title if ticket else "", "unit_name": unit.name, "targets": labels,
                       "conducted_by": interview.conducted_by, "planned_on": interview.planned_on.isoformat()})


def _exists(session: Session, key: str) -> bool:
    return session.scalar(select(Interview.id).where(Interview.episode_key == key)) is not None


def _extension_pending(session: Session, ticket: Ticket) -> bool:
    """A request filed before the deadline waits for the office's decision before anyone is 约谈'd."""
    return session.scalar(select(ExtensionRequest.id).where(ExtensionRequest.ticket_id == ticket.id,
                                                            ExtensionRequest.status == "pending").limit(1)) is not None
