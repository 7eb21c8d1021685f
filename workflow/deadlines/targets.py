"""What a ticket is due for: its deadline, or each unfinished node of its timetable.

A timetable ticket is judged node by node (节点逾期单独计算), so one late node makes it red while a
long 持续整改 that keeps to its timetable stays green (practice 4). Lights, reminders and escalation
all read the same targets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.deadlines.models import Milestone
from workflow.tickets.models import Ticket

OPEN_STATES = ("found", "assigned", "rectifying")
# Reminders and 约谈 go to a unit that holds the problem; a returned (found) one is the office's.
CHASED_STATES = ("assigned", "rectifying")


@dataclass(frozen=True)
class Target:
    ticket: Ticket
    due_at: datetime
    milestone: Milestone | None = None

    @property
    def key(self) -> str:
        return f"t{self.ticket.id}:m{self.milestone.id if self.milestone else 0}"


def open_milestones(session: Session, ticket_ids: list[int]) -> dict[int, list[Milestone]]:
    found: dict[int, list[Milestone]] = defaultdict(list)
    if ticket_ids:
        rows = session.scalars(select(Milestone).where(Milestone.ticket_id.in_(ticket_ids),
                                                       Milestone.done_at.is_(None)).order_by(Milestone.due_at))
        for m in rows:
            found[m.ticket_id].append(m)
    return found


def targets_of(ticket: Ticket, milestones: list[Milestone]) -> list[Target]:
    if milestones:
        return [Target(ticket, m.due_at, m) for m in milestones]
    return [Target(ticket, ticket.due_at)] if ticket.due_at is not None else []
