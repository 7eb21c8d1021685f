"""Reading and keeping 约谈 records: who may see them, and planned → held / cancelled.

A 约谈 is visible to whoever sees the unit concerned or the ticket it came from (scope.py decides
both). The office and the leaders in charge record that it was held, with minutes and attachments,
or cancel it with a reason; a cancelled 约谈 stops counting as a strike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.bounds import DbInt
from workflow.deadlines.local_time import local_date
from workflow.errors import ConcurrentChange, InvalidInput, NotFound, PermissionDenied, TransitionRefused
from workflow.escalation import strikes
from workflow.escalation.models import Interview, InterviewAttachment, InterviewTarget
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets import events
from workflow.tickets.evidence import Upload, _check_uploads
from workflow.tickets.models import Ticket
from workflow.tickets.queries import visible_tickets
from workflow.tickets.storage import EvidenceStore

KEEPERS = ("office", "leader")
MOVES = {("planned", "held"), ("planned", "cancelled"), ("planned", "planned"), ("held", "held")}


class InterviewUpdate(BaseModel):
    version: DbInt
    status: Literal["planned", "held", "cancelled"] | None = None
    planned_on: date | None = None
    held_on: date | None = None
    minutes: str | None = Field(default=None, max_length=20000)
    cancel_reason: str | None = Field(default=None, max_length=2000)


@dataclass
class InterviewFilters:
    year: int | None = None
    unit_id: int | None = None
    status: str | None = None
    ticket_id: int | None = None


def visible_interviews(actor: Actor) -> Select:
    tickets = visible_tickets(actor).with_only_columns(Ticket.id)
    return select(Interview).where(or_(Interview.unit_id.in_(visible_unit_ids(actor)),
                                       Interview.ticket_id.in_(tickets)))


def list_interviews(session: Session, actor: Actor, f: InterviewFilters) -> list[Interview]:
    query = visible_interviews(actor)
    for column, value in ((Interview.year, f.year), (Interview.unit_id, f.unit_id), (Interview.status, f.status),
                          (Interview.ticket_id, f.ticket_id)):
        if value is not None:
            query = query.where(column == value)
    return list(session.scalars(query.order_by(Interview.id.desc()).limit(500)))


def get_visible_interview(session: Session, actor: Actor, interview_id: int) -> Interview:
    interview = session.scalar(visible_interviews(actor).where(Interview.id == interview_id))
    if interview is None:
        raise NotFound("约谈记录不存在或无权查看")
    return interview


def targets_of(session: Session, interview_id: int) -> list[InterviewTarget]:
    return list(session.scalars(select(InterviewTarget).where(InterviewTarget.interview_id == interview_id)
                                .order_by(InterviewTarget.id)))


def attachments_of(session: Session, interview_id: int) -> list[InterviewAttachment]:
    return list(session.scalars(select(InterviewAttachment).where(InterviewAttachment.interview_id == interview_id)
                                .order_by(InterviewAttachment.id)))


def update_interview(session: Session, *, actor: Actor, interview_id: int, data: InterviewUpdate,
                     now: datetime) -> Interview:
    interview = get_visible_interview(session, actor, interview_id)
    if not actor.has_any(*KEEPERS):
        raise PermissionDenied("只有领导小组办公室或分管领导可以登记约谈情况")
    if data.version != interview.version:
        raise ConcurrentChange("该约谈记录已被他人修改，请刷新后重试",
                               detail={"expected_version": interview.version, "given_version": data.version})
    before = interview.status
    after = data.status or before
    if (before, after) not in MOVES:
        raise TransitionRefused(f"约谈记录当前为“{interview.status_label}”，不能改为“{after}”")
    if after == "cancelled" and not (data.cancel_reason or "").strip():
        raise InvalidInput("取消约谈必须说明理由", detail={"field": "cancel_reason"})
    if data.planned_on is not None:
        interview.planned_on = data.planned_on
    if data.minutes is not None:
        interview.minutes = data.minutes
    if after == "held":
        interview.held_on = data.held_on or interview.held_on or local_date(now)
    if after == "cancelled":
        interview.cancel_reason = data.cancel_reason.strip()
    interview.status, interview.updated_at, interview.version = after, now, interview.version + 1
    session.flush()
    if after == "cancelled":
        strikes.recount_unit(session, unit_id=interview.unit_id, year=interview.year, now=now)
        strikes.recount_person_sanctions(session, interview=interview, now=now)
    if interview.ticket_id is not None and before != after:
        events.record(session, session.get(Ticket, interview.ticket_id), trigger=f"interview_{after}", actor=actor,
                      at=now, comment=interview.cancel_reason if after == "cancelled" else interview.minutes[:500],
                      payload={"interview_id": interview.id, "from": before, "to": after})
    return interview


def attach(session: Session, *, actor: Actor, interview_id: int, uploads: list[Upload], now: datetime,
           store: EvidenceStore) -> list[InterviewAttachment]:
    interview = get_visible_interview(session, actor, interview_id)
    if not actor.has_any(*KEEPERS):
        raise PermissionDenied("只有领导小组办公室或分管领导可以上传约谈材料")
    _check_uploads(uploads)
    rows = [InterviewAttachment(interview_id=interview.id, sha256=store.put(u.content), filename=u.filename[:300],
                                content_type=u.content_type, size=len(u.content), uploaded_by_id=actor.person_id,
                                uploaded_at=now) for u in uploads]
    session.add_all(rows)
    session.flush()
    return rows


def get_visible_attachment(session: Session, actor: Actor, attachment_id: int) -> InterviewAttachment:
    row = session.get(InterviewAttachment, attachment_id)
    if row is None:
        raise NotFound("材料不存在或无权查看")
    get_visible_interview(session, actor, row.interview_id)
    return row
