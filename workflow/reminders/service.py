"""The reminder schedule, relative to a deadline, in working days.

Default: 3 and 1 working days before, on the day, then every working day while overdue. A slot
begins at the start of its local day; at each sweep the latest slot that has begun is due (a
missed earlier slot is not sent late once a later one has begun), and a before-deadline slot is
dropped once the deadline has passed. Each slot is a row with a unique key, so re-running a sweep,
restarting, or two processes never produce the same reminder twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.acknowledgements.service import open_request, open_requests
from workflow.calendar.reader import WorkingCalendar
from workflow.db import insert_ignoring_conflict, insert_many_ignoring_conflict
from workflow.deadlines.local_time import local_date
from workflow.deadlines.targets import Target
from workflow.errors import CalendarNotCovered
from workflow.orgs.models import OrgUnit
from workflow.outbox import service as outbox
from workflow.reminders.models import Reminder


@dataclass(frozen=True)
class Schedule:
    days_before: tuple[int, ...] = (3, 1)
    on_the_day: bool = True
    while_overdue: bool = True


@dataclass(frozen=True)
class Slot:
    offset: int
    day: date

    @property
    def urgency(self) -> str:
        return "due_soon" if self.offset > 0 else "due_today" if self.offset == 0 else "overdue"


def current_slot(calendar: WorkingCalendar, schedule: Schedule, *, due_at: datetime, now: datetime) -> Slot | None:
    today, due_day = local_date(now), local_date(due_at)
    if now > due_at:
        late = calendar.working_days_between(due_day, today)
        if not schedule.while_overdue or late < 1:
            return None
        return Slot(-late, calendar.add_working_days(due_day, late))
    offsets = sorted({*schedule.days_before, *((0,) if schedule.on_the_day else ())})
    for offset in offsets:
        day = due_day if offset == 0 else calendar.add_working_days(due_day, -offset)
        if day <= today:
            return Slot(offset, day)
    return None


def working_days_left(calendar: WorkingCalendar, *, due_at: datetime, now: datetime) -> int:
    """0 on the last day, negative while overdue (working days since the deadline)."""
    today, due_day = local_date(now), local_date(due_at)
    if now > due_at:
        return -calendar.working_days_between(due_day, today)
    return calendar.working_days_between(today, due_day)


def remind(session: Session, target: Target, *, now: datetime, calendar: WorkingCalendar,
           schedule: Schedule) -> Reminder | None:
    """Record the slot that is due now, once; and enqueue it for the notifications outbox."""
    ticket = target.ticket
    slot = current_slot(calendar, schedule, due_at=target.due_at, now=now)
    if slot is None or (ticket.assigned_at is not None and slot.day < local_date(ticket.assigned_at)):
        return None
    left = working_days_left(calendar, due_at=target.due_at, now=now)
    key = f"{target.key}:{target.due_at:%Y%m%dT%H%M%S}:{slot.offset:+d}"
    if not insert_ignoring_conflict(
        session, Reminder, dedupe_key=key, ticket_id=ticket.id,
        milestone_id=target.milestone.id if target.milestone else None, due_at=target.due_at,
        slot_offset=slot.offset, slot_on=slot.day, urgency=slot.urgency, working_days_left=left, created_at=now,
    ):
        return None
    reminder = session.scalar(select(Reminder).where(Reminder.dedupe_key == key))
    open_request(session, kind="reminder", source_id=reminder.id, unit_id=ticket.lead_unit_id,
                 person_id=ticket.responsible_person_id, ticket_id=ticket.id, now=now)  # 确认收到 (issue 13)
    outbox.enqueue(session, kind="reminder", dedupe_key=f"reminder:{reminder.id}", at=now, ticket_id=ticket.id,
                   unit_id=ticket.lead_unit_id, payload=_payload(session, target, slot, left))
    return reminder


def remind_many(session: Session, targets: list[Target], *, now: datetime, calendar: WorkingCalendar,
                schedule: Schedule) -> tuple[list[Reminder], list[tuple[Target, CalendarNotCovered]]]:
    """``remind`` for many targets at once (the sweep): the same slots, keys, 确认收到 requests and outbox
    messages, written with a few set-based statements instead of several per target.

    The callers hold the tickets' locks, so a key not found before the insert is this call's to send; the
    unique key (ON CONFLICT DO NOTHING) still guards against anyone else. Returns the reminders it created and
    the targets whose slot needs a calendar year not yet imported (each skipped, as ``remind`` would raise).
    """
    due: dict[str, tuple[Target, Slot, int]] = {}
    gaps: list[tuple[Target, CalendarNotCovered]] = []
    for target in targets:
        ticket = target.ticket
        try:
            slot = current_slot(calendar, schedule, due_at=target.due_at, now=now)
            if slot is None or (ticket.assigned_at is not None and slot.day < local_date(ticket.assigned_at)):
                continue
            left = working_days_left(calendar, due_at=target.due_at, now=now)
        except CalendarNotCovered as exc:
            gaps.append((target, exc))
            continue
        due[f"{target.key}:{target.due_at:%Y%m%dT%H%M%S}:{slot.offset:+d}"] = (target, slot, left)
    if not due:
        return [], gaps
    existing = set()
    keys = list(due)
    for start in range(0, len(keys), 500):
        existing.update(session.scalars(select(Reminder.dedupe_key).where(
            Reminder.dedupe_key.in_(keys[start:start + 500]))))
    new = [key for key in keys if key not in existing]
    insert_many_ignoring_conflict(session, Reminder, [
        {"dedupe_key": key, "ticket_id": t.ticket.id, "milestone_id": t.milestone.id if t.milestone else None,
         "due_at": t.due_at, "slot_offset": slot.offset, "slot_on": slot.day, "urgency": slot.urgency,
         "working_days_left": left, "created_at": now} for key in new for t, slot, left in [due[key]]])
    created: list[Reminder] = []
    for start in range(0, len(new), 500):
        created.extend(session.scalars(select(Reminder).where(
            Reminder.dedupe_key.in_(new[start:start + 500]), Reminder.created_at == now)))
    created.sort(key=lambda r: r.id)
    held = load_people_and_places(session, [due[r.dedupe_key][0].ticket for r in created])  # noqa: F841
    open_requests(session, [
        {"kind": "reminder", "source_id": r.id, "unit_id": due[r.dedupe_key][0].ticket.lead_unit_id,
         "person_id": due[r.dedupe_key][0].ticket.responsible_person_id, "ticket_id": r.ticket_id}
        for r in created], now=now)
    outbox.enqueue_many(session, [
        {"kind": "reminder", "dedupe_key": f"reminder:{r.id}", "at": now, "ticket_id": r.ticket_id,
         "unit_id": due[r.dedupe_key][0].ticket.lead_unit_id, "payload": _payload(session, *due[r.dedupe_key])}
        for r in created])
    return created, gaps


def load_people_and_places(session: Session, tickets: list) -> list:
    """Put the places, units and people the payloads name in the session's identity map: two queries. The
    identity map holds objects weakly, so the caller keeps the returned list while it works."""
    unit_ids = {t.place_id for t in tickets} | {t.lead_unit_id for t in tickets if t.lead_unit_id}
    person_ids = {p for t in tickets for p in (t.responsible_person_id, t.responsible_leader_id) if p}
    held: list = []
    if unit_ids:
        held.extend(session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids))))
    if person_ids:
        held.extend(session.scalars(select(Person).where(Person.id.in_(person_ids))))
    return held


def _payload(session: Session, target: Target, slot: Slot, left: int) -> dict:
    ticket = target.ticket
    place = session.get(OrgUnit, ticket.place_id)
    responsible = session.get(Person, ticket.responsible_person_id) if ticket.responsible_person_id else None
    leader = session.get(Person, ticket.responsible_leader_id) if ticket.responsible_leader_id else None
    payload = {
        "urgency": slot.urgency, "ticket_number": ticket.number, "title": ticket.title,
        "place_name": place.name if place else "", "due_at": target.due_at.isoformat(),
        "working_days_left": left, "responsible_mobile": responsible.mobile if responsible else None,
        "leader_mobile": leader.mobile if leader else None,
    }
    if target.milestone is not None:
        payload["milestone_title"] = target.milestone.title
    return payload
