"""Filing as the 登记问题 form does it: once per form, warned about open duplicates, photos and 交办 included.

Everything happens in the caller's one transaction: the key claim, the ticket and its 登记 event, the finding
photos, and — for 「登记并交办」 — the 交办 move with its own event and notification. A refusal anywhere
(a bad photo, a lead unit the 交办 rules refuse) files nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import InvalidInput
from workflow.outcomes.on_the_spot import file_on_the_spot
from workflow.tickets import filing_keys
from workflow.tickets.duplicates import refuse_duplicates
from workflow.tickets.evidence import EvidenceRules, Upload, attach_evidence
from workflow.tickets.filing import ensure_filer, file_ticket
from workflow.tickets.models import Ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore


@dataclass(frozen=True)
class Filed:
    ticket: Ticket
    replayed: bool = False  # the same form was posted before: nothing new was filed
    assigned: bool = False


@dataclass(frozen=True)
class OnTheSpot:
    """立行立改: fixed while the inspector watched (workflow/outcomes/on_the_spot.py)."""

    after: Sequence[Upload]
    comment: str


@dataclass(frozen=True)
class FilingRequest:
    data: TicketCreate
    key: str | None = None
    assign: bool = False
    confirm_duplicate: bool = False
    photos: Sequence[Upload] = ()
    on_the_spot: OnTheSpot | None = None


def file_once(session: Session, *, actor: Actor, request: FilingRequest, now: datetime,
              store: EvidenceStore | None = None, rules: EvidenceRules = EvidenceRules()) -> Filed:
    ensure_filer(actor)
    claimed = filing_keys.claim(session, actor, request.key, now) if request.key else None
    if isinstance(claimed, Ticket):
        return Filed(claimed, replayed=True, assigned=claimed.state != "found")
    if request.assign and request.data.lead_unit_id is None:
        raise InvalidInput("“登记并交办”须先选择牵头责任单位", detail={"field": "lead_unit_id"})
    if not request.confirm_duplicate:
        refuse_duplicates(session, actor, place_id=request.data.place_id, title=request.data.title)
    if (request.photos or request.on_the_spot is not None) and store is None:
        raise ValueError("photos need an evidence store")
    ticket = (_file_fixed(session, actor, request, now, store, rules) if request.on_the_spot is not None
              else file_ticket(session, actor=actor, data=request.data, now=now))
    if claimed is not None:
        filing_keys.bind(session, claimed, ticket)
    if request.on_the_spot is not None:
        return Filed(ticket)  # found and closed in one step: its photos are attached, there is nothing to assign
    if request.photos:
        attach_evidence(session, actor=actor, ticket_id=ticket.id, stage="found", uploads=list(request.photos),
                        comment="发现问题时的照片", now=now, store=store, rules=rules)
    if request.assign:
        apply_trigger(session, actor=actor, ticket_id=ticket.id, now=now,
                      data=MoveInput(trigger="assign", version=ticket.version))
    return Filed(ticket, assigned=request.assign)


def _file_fixed(session: Session, actor: Actor, request: FilingRequest, now: datetime, store: EvidenceStore,
                rules: EvidenceRules) -> Ticket:
    spot = request.on_the_spot
    return file_on_the_spot(session, actor=actor, data=request.data, before=list(request.photos),
                            after=list(spot.after), comment=spot.comment, now=now, store=store, rules=rules)
