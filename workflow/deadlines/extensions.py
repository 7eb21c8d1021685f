"""申请延期: the responsible unit asks before the deadline; the office decides.

Practice 3: the request carries a reason, the new date and the progress so far; a second extension
of the same ticket needs a higher approver (分管领导); the original deadline is kept. An approved
extension moves the deadline in force, so reminders (keyed by deadline) and escalation follow it.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.deadlines import service
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.deadlines.models import ExtensionRequest, Milestone
from workflow.errors import InvalidInput, NotFound, PermissionDenied, TransitionRefused
from workflow.orgs.models import OrgUnit
from workflow.tickets import events, queries
from workflow.tickets.models import Ticket

FIRST_APPROVERS = ("office",)
LATER_APPROVERS = ("leader",)
OPEN_FOR_EXTENSION = ("assigned", "rectifying")


class ExtensionCreate(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    progress: str = Field(default="", max_length=2000)
    due_on: date
    milestone_id: RowId | None = None


class ExtensionDecision(BaseModel):
    comment: str = Field(default="", max_length=2000)
    due_on: date | None = None


def request_extension(session: Session, *, actor: Actor, ticket_id: int, data: ExtensionCreate,
                      now: datetime) -> ExtensionRequest:
    ticket = queries.get_visible(session, actor, ticket_id)
    _check_responsible(session, actor, ticket)
    if ticket.state not in OPEN_FOR_EXTENSION:
        raise InvalidInput("只有已交办或整改中的问题可以申请延期")
    if not data.reason.strip():
        raise InvalidInput("请填写延期理由", detail={"field": "reason"})
    milestone = _milestone(session, ticket, data.milestone_id)
    due_at = milestone.due_at if milestone else ticket.due_at
    if due_at is None:
        raise InvalidInput("该问题尚无整改期限，无需申请延期")
    if now > due_at:
        raise InvalidInput("已超过整改期限，不能再申请延期（延期须在期限届满前提出）")
    if data.due_on <= local_date(due_at):
        raise InvalidInput("申请的新期限必须晚于当前期限", detail={"field": "due_on"})
    if session.scalar(select(ExtensionRequest.id).where(ExtensionRequest.ticket_id == ticket.id,
                                                        ExtensionRequest.status == "pending")):
        raise InvalidInput("该问题已有待审批的延期申请")
    approved = session.scalar(select(func.count(ExtensionRequest.id)).where(
        ExtensionRequest.ticket_id == ticket.id, ExtensionRequest.status == "approved")) or 0
    ext = ExtensionRequest(ticket_id=ticket.id, milestone_id=milestone.id if milestone else None,
                           sequence=approved + 1, status="pending", reason=data.reason.strip(),
                           progress=data.progress.strip(), requested_due_on=data.due_on, previous_due_at=due_at,
                           requested_by_id=actor.person_id, requested_at=now)
    session.add(ext)
    session.flush()
    events.record(session, ticket, trigger="extension_requested", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=ext.reason,
                  payload={"extension_id": ext.id, "due_on": data.due_on.isoformat(), "progress": ext.progress,
                           "milestone_id": ext.milestone_id, "sequence": ext.sequence})
    return ext


def decide_extension(session: Session, *, actor: Actor, extension_id: int, approve: bool,
                     data: ExtensionDecision, now: datetime) -> ExtensionRequest:
    ext = get_visible_extension(session, actor, extension_id)
    ticket = session.get(Ticket, ext.ticket_id)
    approvers = FIRST_APPROVERS if ext.sequence == 1 else LATER_APPROVERS
    if not actor.has_any(*approvers):
        raise PermissionDenied("只有领导小组办公室可以审批延期申请" if ext.sequence == 1
                               else f"第{ext.sequence}次延期须由分管领导审批")
    if ext.status != "pending":
        raise TransitionRefused(f"该延期申请已{ext.status_label}，不能重复处理")
    if approve and ticket.state not in ("assigned", "rectifying"):
        raise TransitionRefused("该问题已不在整改中，无需延期；请作不予批准处理")
    ext.decided_by_id, ext.decided_at, ext.decision_comment = actor.person_id, now, data.comment.strip()
    if approve:
        _approve(session, actor, ticket, ext, data.due_on or ext.requested_due_on, now)
    else:
        if not data.comment.strip():
            raise InvalidInput("不批准延期时必须说明理由", detail={"field": "comment"})
        ext.status = "refused"
        events.record(session, ticket, trigger="extension_refused", actor=actor, at=now, from_state=ticket.state,
                      to_state=ticket.state, comment=ext.decision_comment, payload={"extension_id": ext.id})
    session.flush()
    return ext


def _approve(session: Session, actor: Actor, ticket: Ticket, ext: ExtensionRequest, due_on: date,
             now: datetime) -> None:
    if due_on <= local_date(ext.previous_due_at):
        raise InvalidInput("批准的新期限必须晚于原期限", detail={"field": "due_on"})
    due_at = end_of_local_day(due_on)
    milestone = session.get(Milestone, ext.milestone_id) if ext.milestone_id else None
    rule = {"kind": "fixed_date", "due_on": due_on.isoformat(), "label": f"延期至{due_on:%Y年%m月%d日}"}
    if milestone is not None:
        milestone.due_at = due_at
        service.record(session, ticket, due_at=due_at, rule=rule, counted_from=None, reason="extension",
                       actor=actor, now=now, milestone=milestone, extension_id=ext.id)
    if milestone is None or due_at > (ticket.due_at or due_at):
        ticket.due_at = due_at
        service.record(session, ticket, due_at=due_at, rule=rule, counted_from=None, reason="extension",
                       actor=actor, now=now, extension_id=ext.id)
    ext.status, ext.approved_due_at = "approved", due_at
    events.record(session, ticket, trigger="extension_approved", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=ext.decision_comment,
                  payload={"extension_id": ext.id, "previous_due_at": ext.previous_due_at.isoformat(),
                           "due_at": due_at.isoformat(), "milestone_id": ext.milestone_id,
                           "sequence": ext.sequence})


def get_visible_extension(session: Session, actor: Actor, extension_id: int) -> ExtensionRequest:
    ext = session.get(ExtensionRequest, extension_id)
    if ext is None:
        raise NotFound("延期申请不存在或无权查看")
    try:
        queries.get_visible(session, actor, ext.ticket_id)
    except NotFound as exc:
        raise NotFound("延期申请不存在或无权查看") from exc
    return ext


def extensions_of(session: Session, actor: Actor, ticket_id: int) -> list[ExtensionRequest]:
    queries.get_visible(session, actor, ticket_id)
    return list(session.scalars(select(ExtensionRequest).where(ExtensionRequest.ticket_id == ticket_id)
                                .order_by(ExtensionRequest.id)))


def pending_extensions(session: Session, actor: Actor) -> list[ExtensionRequest]:
    visible = queries.visible_tickets(actor).with_only_columns(Ticket.id)
    return list(session.scalars(select(ExtensionRequest).where(ExtensionRequest.status == "pending",
                                                               ExtensionRequest.ticket_id.in_(visible))
                                .order_by(ExtensionRequest.requested_at)))


def may_request(session: Session, actor: Actor, ticket: Ticket, *, now: datetime) -> bool:
    """Whether ``request_extension`` could accept a request from this actor now: the ticket page offers
    the form only then (a town must not be offered 申请延期 on a department's ticket, issue 10)."""
    if ticket.state not in OPEN_FOR_EXTENSION or ticket.due_at is None:
        return False
    try:
        _check_responsible(session, actor, ticket)
    except PermissionDenied:
        return False
    if session.scalar(select(ExtensionRequest.id).where(ExtensionRequest.ticket_id == ticket.id,
                                                        ExtensionRequest.status == "pending")):
        return False
    open_milestone = session.scalar(select(Milestone.id).where(
        Milestone.ticket_id == ticket.id, Milestone.done_at.is_(None), Milestone.due_at >= now).limit(1))
    return open_milestone is not None or now <= ticket.due_at


def _check_responsible(session: Session, actor: Actor, ticket: Ticket) -> None:
    lead = session.get(OrgUnit, ticket.lead_unit_id) if ticket.lead_unit_id else None
    if not (actor.has_any("operator") and lead is not None and actor.covers(lead.path)):
        raise PermissionDenied("只有牵头责任单位的专干可以申请延期")


def _milestone(session: Session, ticket: Ticket, milestone_id: int | None) -> Milestone | None:
    has_milestones = session.scalar(select(Milestone.id).where(Milestone.ticket_id == ticket.id).limit(1))
    if milestone_id is None:
        if has_milestones:
            raise InvalidInput("按整改时间表整改的问题，请选择要延期的节点", detail={"field": "milestone_id"})
        return None
    milestone = session.get(Milestone, milestone_id)
    if milestone is None or milestone.ticket_id != ticket.id:
        raise InvalidInput("节点不存在", detail={"field": "milestone_id"})
    if milestone.done_at is not None:
        raise InvalidInput("该节点已完成，无需延期", detail={"field": "milestone_id"})
    return milestone
