"""The office's ruling on a 退回: uphold (改派 to another unit) or overrule (back to the returning unit).

Both end in a 交办 through the machine (``apply_trigger``), so the ticket's history, version check and
交办通知 are the ordinary ones, and the rectification deadline stays as it was (a deadline runs from the
first 交办, workflow/deadlines/service.py). The ruling itself is an event, ``return_ruling``, naming the
returning unit: upheld and overruled returns are counted against that unit (``counts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.tickets import events, queries
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.moves import MoveInput, apply_trigger


@dataclass
class Ruling:
    ruling: str
    version: int
    comment: str = ""
    lead_unit_id: int | None = None
    responsible_person_id: int | None = None


def pending_return(session: Session, ticket: Ticket) -> TicketEvent | None:
    """The return waiting for a ruling: the latest of return / ruling / 交办 is a return, and the ticket is back."""
    if ticket.state != "found":
        return None
    latest = session.scalar(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.trigger.in_(("return", "return_ruling", "assign")))
        .order_by(TicketEvent.seq.desc()).limit(1))
    return latest if latest is not None and latest.trigger == "return" else None


def rule_on_return(session: Session, *, actor: Actor, ticket_id: int, data: Ruling, now: datetime) -> Ticket:
    ticket = queries.get_visible(session, actor, ticket_id)
    if not actor.has_any("office"):
        raise PermissionDenied("只有领导小组办公室可以裁定退回")
    returned = pending_return(session, ticket)
    if returned is None:
        raise TransitionRefused("该问题没有待裁定的退回")
    returning_unit = (returned.payload or {}).get("lead_unit_id")
    lead = _new_lead(data, returning_unit)
    events.record(session, ticket, trigger="return_ruling", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=data.comment,
                  payload={"ruling": data.ruling, "unit_id": returning_unit, "return_event_id": returned.id,
                           "reason_code": (returned.payload or {}).get("reason_code"), "new_unit_id": lead})
    move = MoveInput("assign", data.version, comment=data.comment, lead_unit_id=lead,
                     responsible_person_id=data.responsible_person_id)
    return apply_trigger(session, actor=actor, ticket_id=ticket.id, data=move, now=now)


def _new_lead(data: Ruling, returning_unit: int | None) -> int:
    if data.ruling == "upheld":
        if data.lead_unit_id is None:
            raise InvalidInput("退回理由成立时须选择改派的牵头单位", detail={"field": "lead_unit_id"})
        if data.lead_unit_id == returning_unit:
            raise InvalidInput("改派须选择退回单位以外的单位；退回原单位请选“退回理由不成立”",
                               detail={"field": "lead_unit_id"})
        return data.lead_unit_id
    if data.ruling == "overruled":
        if data.lead_unit_id not in (None, returning_unit):
            raise InvalidInput("退回理由不成立时问题交回原单位，不能改派", detail={"field": "lead_unit_id"})
        return returning_unit
    raise InvalidInput("裁定结果只能是 upheld（理由成立）或 overruled（理由不成立）", detail={"field": "ruling"})
