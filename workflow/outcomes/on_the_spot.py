"""立行立改 on the spot (practice 10, rule 6): a problem fixed while the inspector watched.

It enters the problem list as found and closed in one step, so it counts in the ledger and the bulletin
(as 立行立改) without a full assignment cycle, and stays attributed to the unit that fixed it. Each step is
an event: ``file`` (found), the before photos (stage ``found``), the after photos (stage ``verification``,
taken by the inspector who saw the fix), then ``on_the_spot`` (found → closed, resolution ``rectified``).
The deadline is 立行立改 (the end of today) and the fix was seen today, so it is on time against both the
original and the extended deadline. Before and after photos are both required and must differ (the same
photo twice is 纸面整改). Everything is one transaction: a bad photo files nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.deadlines.policies import DeadlinePolicy
from workflow.errors import InvalidInput
from workflow.tickets import events
from workflow.tickets.evidence import EvidenceRules, Upload, attach_evidence
from workflow.tickets.filing import ensure_filer, file_ticket
from workflow.tickets.models import Ticket
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore

IMMEDIATE = DeadlinePolicy(kind="immediate")


def file_on_the_spot(session: Session, *, actor: Actor, data: TicketCreate, before: list[Upload],
                     after: list[Upload], comment: str, now: datetime, store: EvidenceStore,
                     rules: EvidenceRules = EvidenceRules()) -> Ticket:
    ensure_filer(actor)
    _check(data, before, after, comment)
    ticket = file_ticket(session, actor=actor, data=data.model_copy(update={"deadline": IMMEDIATE, "due_on": None}),
                         now=now)
    attach_evidence(session, actor=actor, ticket_id=ticket.id, stage="found", uploads=before,
                    comment="发现问题时的照片", now=now, store=store, rules=rules)
    attach_evidence(session, actor=actor, ticket_id=ticket.id, stage="verification", uploads=after,
                    comment="现场整改后的照片", now=now, store=store, rules=rules)
    due = end_of_local_day(local_date(now))
    session.execute(
        update(Ticket).where(Ticket.id == ticket.id)
        .values(state="closed", resolution="rectified", on_the_spot=True, plan=comment.strip(), assigned_at=now,
                due_at=due, original_due_at=due, verified_at=now, closed_at=now, state_changed_at=now,
                version=Ticket.version + 1)
        .execution_options(synchronize_session=False))
    session.refresh(ticket)
    events.record(session, ticket, trigger="on_the_spot", actor=actor, at=now, from_state="found",
                  to_state="closed", comment=comment.strip(),
                  payload={"resolution": "rectified", "due_at": due.isoformat()})
    return ticket


def _check(data: TicketCreate, before: list[Upload], after: list[Upload], comment: str) -> None:
    if data.lead_unit_id is None:
        raise InvalidInput("立行立改的问题须指定整改的责任单位", detail={"field": "lead_unit_id"})
    if not comment.strip():
        raise InvalidInput("请说明现场整改的情况", detail={"field": "comment"})
    if not before:
        raise InvalidInput("请上传整改前（发现问题时）的照片", detail={"field": "photos"})
    if not after:
        raise InvalidInput("请上传现场整改后的照片", detail={"field": "after_photos"})
    if {_digest(u) for u in before} & {_digest(u) for u in after}:
        raise InvalidInput("整改后照片与整改前照片相同，请上传整改后现场拍摄的照片", detail={"field": "after_photos"})


def _digest(upload: Upload) -> str:
    return hashlib.sha256(upload.content).hexdigest()


__all__ = ["file_on_the_spot"]
