"""整改时间表、路线图 (seed 001, rule 6): nodes with their own dates, each marked done with evidence."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.deadlines import service
from workflow.deadlines.local_time import local_date
from workflow.deadlines.models import Milestone
from workflow.errors import InvalidInput, NotFound, PermissionDenied
from workflow.tickets import events, queries
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.storage import EvidenceStore

PLANNERS = ("office", "inspector")


class MilestoneCreate(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    due_on: date


def list_milestones(session: Session, actor: Actor, ticket_id: int) -> list[Milestone]:
    queries.get_visible(session, actor, ticket_id)
    return service.milestones_of(session, ticket_id)


def add_milestone(session: Session, *, actor: Actor, ticket_id: int, data: MilestoneCreate,
                  now: datetime) -> Milestone:
    ticket = queries.get_visible(session, actor, ticket_id)
    if not actor.has_any(*PLANNERS):
        raise PermissionDenied("只有领导小组办公室或督查员可以调整整改时间表")
    if (ticket.deadline_rule or {}).get("kind") != "timetable":
        raise InvalidInput("只有按整改时间表整改的问题可以增加节点")
    if ticket.state not in ("found", "assigned", "rectifying"):
        raise InvalidInput("已验收或已销号的问题不能增加节点")
    if data.due_on < local_date(now):
        raise InvalidInput("节点日期不能早于今天", detail={"field": "due_on"})
    position = (session.scalar(select(func.max(Milestone.position)).where(Milestone.ticket_id == ticket.id)) or 0) + 1
    milestone = service.add_milestone(session, ticket, title=data.title.strip(), due_on=data.due_on,
                                      position=position, actor=actor, now=now)
    if ticket.due_at is None or milestone.due_at > ticket.due_at:
        ticket.due_at = milestone.due_at
        service.record(session, ticket, due_at=milestone.due_at, rule=ticket.deadline_rule or {}, counted_from=None,
                       reason="milestone_added", actor=actor, now=now)
    events.record(session, ticket, trigger="milestone_added", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, payload={"milestone_id": milestone.id, "title": milestone.title,
                                                  "due_at": milestone.due_at.isoformat()})
    return milestone


def complete_milestone(session: Session, *, actor: Actor, ticket_id: int, milestone_id: int,
                       uploads: list[Upload], comment: str, now: datetime, store: EvidenceStore) -> Milestone:
    """Done means done with proof: the responsible unit uploads 整改后 evidence in the same step."""
    ticket = queries.get_visible(session, actor, ticket_id)
    milestone = session.get(Milestone, milestone_id)
    if milestone is None or milestone.ticket_id != ticket.id:
        raise NotFound("节点不存在")
    if milestone.done_at is not None:
        raise InvalidInput("该节点已标记完成")
    if not comment.strip():
        raise InvalidInput("请说明该节点的完成情况", detail={"field": "comment"})
    rows = attach_evidence(session, actor=actor, ticket_id=ticket.id, stage="rectified", uploads=uploads,
                           comment=f"节点“{milestone.title}”：{comment.strip()}", now=now, store=store)
    milestone.done_at, milestone.done_by_id, milestone.done_event_id = now, actor.person_id, rows[0].event_id
    milestone.note = comment.strip()
    events.record(session, ticket, trigger="milestone_done", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=milestone.note,
                  payload={"milestone_id": milestone.id, "title": milestone.title,
                           "due_at": milestone.due_at.isoformat(), "late": milestone.done_late,
                           "evidence_ids": [r.id for r in rows]})
    session.flush()
    return milestone

