"""The sweep's 逾期 约谈 for a chunk of locked tickets at once: the rules of ``engine.escalate_overdue``, the
rows of ``engine._create``, written with a few set-based statements instead of ten per 约谈.

The conditions are judged target by target in Python (deadline passed, grace period counted in working
days, no extension awaiting decision, no 约谈 yet under this key); a target whose grace period needs a
calendar year not yet imported is returned as a gap and waits, as the one-at-a-time path does. Then the
约谈 rows go in with one executemany (ON CONFLICT DO NOTHING on the unique ``episode_key``), and their
targets, the hash-chained ``escalated`` events (in the same per-ticket order as one call per target
would write them), the 确认收到 requests and the outbox messages follow in bulk. Strikes are recounted
once per unit and year by ``Batch.finish``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.acknowledgements.service import open_requests
from workflow.calendar.reader import WorkingCalendar
from workflow.db import insert_many_ignoring_conflict
from workflow.deadlines.local_time import local_date
from workflow.deadlines.targets import Target
from workflow.errors import CalendarNotCovered
from workflow.escalation.engine import Batch, _conductor, overdue_day, overdue_interview, plan_date
from workflow.escalation.models import EscalationPolicy, Interview, InterviewTarget
from workflow.outbox import service as outbox
from workflow.tickets import events


def escalate_many_overdue(session: Session, policies: list[EscalationPolicy], targets: list[Target], *,
                          now: datetime, calendar: WorkingCalendar,
                          batch: Batch) -> tuple[list[Interview], list[tuple[Target, CalendarNotCovered]]]:
    """``targets`` in the order one call each would take them (ticket, then deadline); every policy per target."""
    wanted: list[dict] = []
    gaps: list[tuple[Target, CalendarNotCovered]] = []
    for target in targets:
        for policy in policies:
            try:
                row = _due(session, policy, target, now=now, calendar=calendar, batch=batch)
            except CalendarNotCovered as exc:
                gaps.append((target, exc))
                continue
            if row is not None:
                batch.episode_keys.add(row["key"])
                wanted.append(row)
    if not wanted:
        return [], gaps
    plans = {p.id: plan_date(calendar, now, p.plan_within_working_days) for p in policies}
    for row in wanted:
        row["planned_on"], row["waiting"] = plans[row["policy"].id]
        row["conductor"] = _conductor(session, row["policy"].conducted_by, row["place"], batch)
    insert_many_ignoring_conflict(session, Interview, [
        {"episode_key": r["key"], "policy_id": r["policy"].id, "ticket_id": r["target"].ticket.id,
         "milestone_id": r["target"].milestone.id if r["target"].milestone else None, "unit_id": r["unit"].id,
         "year": r["year"], "due_at": r["target"].due_at, "reason": r["reason"],
         "conducted_by": r["conductor"].label,
         "conducted_by_person_id": r["conductor"].person.id if r["conductor"].person else None,
         "planned_on": r["planned_on"], "waiting_reason": r["waiting"], "status": "planned", "minutes": "",
         "cancel_reason": "", "created_at": now, "updated_at": now, "version": 1} for r in wanted])
    found: dict[str, Interview] = {}
    keys = [r["key"] for r in wanted]
    for start in range(0, len(keys), 500):
        found.update((i.episode_key, i) for i in session.scalars(select(Interview).where(
            Interview.episode_key.in_(keys[start:start + 500]), Interview.created_at == now)))
    made = [r | {"interview": found[r["key"]]} for r in wanted if r["key"] in found]
    if not made:
        return [], gaps
    insert_many_ignoring_conflict(session, InterviewTarget, [
        {"interview_id": r["interview"].id, "post": h.post, "unit_id": h.unit_id, "label": h.label,
         "person_id": h.person.id if h.person else None} for r in made for h in r["holders"]])
    events.record_many(session, [
        {"ticket_id": r["target"].ticket.id, "at": now, "actor_id": None, "trigger": "escalated",
         "from_state": r["target"].ticket.state, "to_state": r["target"].ticket.state, "comment": r["reason"],
         "payload": {"lead_unit_id": r["target"].ticket.lead_unit_id, "interview_id": r["interview"].id,
                     "policy": r["policy"].code, "unit_id": r["unit"].id, "year": r["year"],
                     "targets": [h.label for h in r["holders"]],
                     "planned_on": r["planned_on"].isoformat() if r["planned_on"] else None}} for r in made])
    open_requests(session, [{"kind": "escalation", "source_id": r["interview"].id, "unit_id": r["unit"].id,
                             "person_id": None, "ticket_id": r["target"].ticket.id} for r in made], now=now)
    outbox.enqueue_many(session, [
        {"kind": "escalation", "dedupe_key": f"escalation:{r['interview'].id}", "at": now,
         "ticket_id": r["target"].ticket.id, "unit_id": r["unit"].id, "payload": {
             "interview_id": r["interview"].id, "ticket_number": r["target"].ticket.number,
             "title": r["target"].ticket.title, "unit_name": r["unit"].name,
             "targets": [h.label for h in r["holders"]], "conducted_by": r["conductor"].label,
             "planned_on": r["planned_on"].isoformat() if r["planned_on"] else f"待定（{r['waiting']}）"}}
        for r in made])
    for r in made:
        batch.recounts.add((r["unit"].id, r["interview"].year))
    return [r["interview"] for r in made], gaps


def _due(session: Session, policy: EscalationPolicy, target: Target, *, now: datetime, calendar: WorkingCalendar,
         batch: Batch) -> dict | None:
    """What ``engine.escalate_overdue`` checks before it creates anything; None when no 约谈 is due."""
    ticket = target.ticket
    overdue_on = overdue_day(policy, target, now=now, calendar=calendar)
    if overdue_on is None:
        return None
    if local_date(now) < overdue_on or ticket.id in batch.pending_extensions:
        return None
    key = f"{policy.code}:{target.key}:{target.due_at:%Y%m%dT%H%M%S}"
    if key in batch.episode_keys:
        return None
    unit, place, holders, reason = overdue_interview(session, policy, target, batch)
    return {"key": key, "policy": policy, "target": target, "unit": unit, "place": place, "holders": holders,
            "reason": reason, "year": overdue_on.year}
