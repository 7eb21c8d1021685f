"""What the ticket page shows about deadlines: the rule, the history (original vs extended), the
timetable's milestones and the extension requests, read through workflow/deadlines' functions.

Which forms appear follows the services' own role constants (extensions.FIRST_APPROVERS /
LATER_APPROVERS, milestones.PLANNERS); the services still decide, so a form shown by mistake
is refused with their Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.deadlines import extensions, milestones
from workflow.deadlines.models import ExtensionRequest, Milestone, TicketDeadline
from workflow.deadlines.service import history
from workflow.tickets.models import Ticket
from workflow.tickets.worklists import person_names

REASONS = {"filed": "登记时确定", "assigned": "交办时起算", "extension": "批准延期", "milestone_added": "增加节点",
           "calendar_corrected": "工作日历更正后重算"}


@dataclass
class DeadlinePanel:
    rule_label: str
    history: list[TicketDeadline]
    milestones: list[Milestone]
    extensions: list[ExtensionRequest]
    names: dict[int, str]
    may_request: bool
    may_decide: set[int] = field(default_factory=set)
    may_plan: bool = False

    @property
    def pending(self) -> ExtensionRequest | None:
        return next((e for e in self.extensions if e.status == "pending"), None)

    @property
    def open_milestones(self) -> list[Milestone]:
        return [m for m in self.milestones if m.done_at is None]

    @property
    def reasons(self) -> dict[str, str]:
        return REASONS


def deadline_panel(session: Session, actor: Actor, ticket: Ticket, *, now: datetime) -> DeadlinePanel:
    """``ticket`` was read through ``queries.get_visible`` by the caller; the lists check it again."""
    nodes = milestones.list_milestones(session, actor, ticket.id)
    requests = extensions.extensions_of(session, actor, ticket.id)
    names = person_names(session, {*(e.requested_by_id for e in requests), *(e.decided_by_id for e in requests),
                                   *(m.done_by_id for m in nodes)} - {None})
    pending = [e for e in requests if e.status == "pending"]
    return DeadlinePanel(
        rule_label=(ticket.deadline_rule or {}).get("label", ""),
        history=history(session, ticket.id),
        milestones=nodes,
        extensions=requests,
        names=names,
        may_request=extensions.may_request(session, actor, ticket, now=now),
        may_decide={e.id for e in pending if actor.has_any(
            *(extensions.FIRST_APPROVERS if e.sequence == 1 else extensions.LATER_APPROVERS))},
        may_plan=actor.has_any(*milestones.PLANNERS) and (ticket.deadline_rule or {}).get("kind") == "timetable"
        and ticket.state in ("found", "assigned", "rectifying"),
    )
