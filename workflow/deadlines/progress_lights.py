"""Lights by time and progress (practice 5): a timetable ticket behind its expected progress lights up
before any deadline passes.

Expected progress (序时进度) on a date comes from the milestones: the share of nodes that should be done,
counted linearly between one node's date and the next (from 交办 to the first node, then node to node),
so on the day a node falls due it should be done, and halfway to it half of it. Actual progress is the
share of nodes marked done. ``behind`` = expected − actual, compared with the thresholds of the
campaign's scheme (``light_scheme.py``). A ticket without nodes is judged by time only, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.campaigns.models import Campaign
from workflow.deadlines.light_scheme import LightLevel, LightScheme, default_scheme
from workflow.deadlines.local_time import local_date
from workflow.deadlines.models import Milestone
from workflow.deadlines.targets import OPEN_STATES
from workflow.tickets.models import Ticket

Horizon = Callable[[int], datetime | None]  # working days ahead → the end of that local day, None if unknown


@dataclass(frozen=True)
class SchemeLight:
    code: str | None
    label: str = ""
    reason: str | None = None  # "overdue" | "due_soon" | "behind" | None
    behind: float | None = None
    warning: str | None = None


def expected_progress(start: datetime, dues: list[datetime], at: datetime) -> float:
    """The share of the timetable that should be done at ``at`` (0–1)."""
    dues = sorted(dues)
    previous = start
    for index, due in enumerate(dues):
        if at < due:
            span = (due - previous).total_seconds()
            part = 1.0 if span <= 0 else max(0.0, (at - previous).total_seconds()) / span
            return (index + min(part, 1.0)) / len(dues)
        previous = due
    return 1.0


def behind_by(ticket: Ticket, milestones: list[Milestone], at: datetime) -> float | None:
    """Expected minus actual progress, or None for a ticket without a timetable."""
    if not milestones:
        return None
    start = ticket.assigned_at or ticket.found_at
    expected = expected_progress(start, [m.due_at for m in milestones], at)
    done = sum(1 for m in milestones if m.done_at is not None and m.done_at <= at)
    return round(expected - done / len(milestones), 4)


def scheme_light(ticket: Ticket, milestones: list[Milestone], scheme: LightScheme, *, now: datetime,
                 horizon: Horizon) -> SchemeLight:
    """The level a ticket shows under ``scheme``; ``milestones`` are all its nodes, done or not."""
    if ticket.state not in OPEN_STATES:
        return SchemeLight(None)
    first, worst = scheme.levels[0], scheme.worst
    if ticket.awaiting_verification:
        late = ticket.due_at is not None and ticket.submitted_at is not None and ticket.submitted_at > ticket.due_at
        return _lit(worst, "overdue") if late else _lit(first)
    open_dues = [m.due_at for m in milestones if m.done_at is None]
    dues = open_dues or ([ticket.due_at] if ticket.due_at is not None else [])
    if not dues:
        return SchemeLight(None)
    next_due = min(dues)
    if next_due < now:
        return _lit(worst, "overdue")
    behind = behind_by(ticket, milestones, now)
    warning = None
    for level in reversed(scheme.levels[1:]):
        if level.behind is not None and behind is not None and behind >= level.behind:
            return _lit(level, "behind", behind)
        if level.within_working_days is not None:
            edge = horizon(level.within_working_days)
            if edge is None:
                warning = f"{local_date(now).year}年或次年的工作日历尚未导入，无法判断是否临近期限（{level.label}）"
            elif next_due <= edge:
                return _lit(level, "due_soon", behind)
    if warning:
        return SchemeLight(None, warning=warning)
    return _lit(first, None, behind)


def _lit(level: LightLevel, reason: str | None = None, behind: float | None = None) -> SchemeLight:
    return SchemeLight(level.code, level.label, reason, behind)


def schemes_for(session: Session, tickets: list[Ticket], default: LightScheme) -> dict[int, LightScheme]:
    """Each ticket's scheme: its campaign's, else the default."""
    campaign_ids = {t.campaign_id for t in tickets if t.campaign_id}
    stored = dict(session.execute(select(Campaign.id, Campaign.light_scheme).where(
        Campaign.id.in_(campaign_ids))).tuples().all()) if campaign_ids else {}
    parsed = {cid: LightScheme.model_validate(raw) for cid, raw in stored.items() if raw}  # JSON null: none
    return {t.id: parsed.get(t.campaign_id, default) for t in tickets}


def widest_scheme_horizon(session: Session) -> int:
    """The most working days ahead any campaign's scheme looks, so the sweep visits those tickets too."""
    widest = 0
    for raw in session.scalars(select(Campaign.light_scheme)):
        if raw:
            widest = max([widest, *(lv.within_working_days or 0 for lv in LightScheme.model_validate(raw).levels)])
    return widest


def all_milestones(session: Session, ticket_ids: list[int]) -> dict[int, list[Milestone]]:
    found: dict[int, list[Milestone]] = defaultdict(list)
    if ticket_ids:
        for m in session.scalars(select(Milestone).where(Milestone.ticket_id.in_(ticket_ids))
                                 .order_by(Milestone.due_at)):
            found[m.ticket_id].append(m)
    return found


def lights_for(session: Session, tickets: list[Ticket], *, now: datetime, within: int,
               horizon: Horizon) -> dict[int, SchemeLight]:
    """Lights for a page of tickets (or the sweep's one): one milestone and one campaign query."""
    schemes = schemes_for(session, tickets, default_scheme(within))
    milestones = all_milestones(session, [t.id for t in tickets])
    return {t.id: scheme_light(t, milestones.get(t.id, []), schemes[t.id], now=now, horizon=horizon)
            for t in tickets}


__all__ = ["SchemeLight", "behind_by", "expected_progress", "lights_for", "scheme_light", "widest_scheme_horizon"]
