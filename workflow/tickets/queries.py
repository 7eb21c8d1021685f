"""select() builders and reads for tickets, always starting from the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, distinct, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from workflow.actor import Actor
from workflow.checklists.queries import item_ids_in_area
from workflow.errors import NotFound
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import ticket_visible
from workflow.tickets.models import Evidence, Ticket, TicketEvent

OPEN_STATES = ("found", "assigned", "rectifying")


def visible_tickets(actor: Actor) -> Select:
    return select(Ticket).where(ticket_visible(actor))


def get_visible(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = session.scalar(visible_tickets(actor).where(Ticket.id == ticket_id))
    if ticket is None:
        raise NotFound("问题不存在或无权查看")
    return ticket


@dataclass
class TicketFilters:
    state: str | None = None
    campaign_id: int | None = None
    unit_id: int | None = None
    source: str | None = None
    severity: str | None = None
    overdue_at: datetime | None = None
    text: str | None = None
    checklist_area: str | None = None
    found_from: datetime | None = None
    found_before: datetime | None = None


def filtered(actor: Actor, f: TicketFilters) -> Select:
    query = visible_tickets(actor)
    if f.state:
        query = query.where(Ticket.state == f.state)
    if f.campaign_id:
        query = query.where(Ticket.campaign_id == f.campaign_id)
    if f.source:
        query = query.where(Ticket.source == f.source)
    if f.severity:
        query = query.where(Ticket.severity == f.severity)
    if f.unit_id:
        path = select(OrgUnit.path).where(OrgUnit.id == f.unit_id).scalar_subquery()
        under = select(OrgUnit.id).where(OrgUnit.path.startswith(path))
        query = query.where(or_(Ticket.place_id.in_(under), Ticket.lead_unit_id.in_(under)))
    if f.overdue_at:
        query = query.where(Ticket.state.in_(OPEN_STATES), Ticket.due_at < f.overdue_at)
    if f.text:
        like = f"%{f.text}%"
        query = query.where(or_(Ticket.title.like(like), Ticket.number.like(like), Ticket.description.like(like)))
    if f.checklist_area:
        query = query.where(Ticket.checklist_item_id.in_(item_ids_in_area(f.checklist_area)))
    if f.found_from:
        query = query.where(Ticket.found_at >= f.found_from)
    if f.found_before:
        query = query.where(Ticket.found_at < f.found_before)
    return query


def page_of(session: Session, query: Select, *, page: int, per_page: int) -> tuple[list[Ticket], int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(query.order_by(Ticket.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total or 0


COUNT_CAP = 10_000


@dataclass
class BoundedPage:
    tickets: list[Ticket]
    total: int
    total_capped: bool
    next_after: int | None


def bounded_page(session: Session, query: Select, *, page: int, per_page: int, after: int | None = None,
                 cap: int = COUNT_CAP) -> BoundedPage:
    """Newest first; with ``after`` the keyset page below that id (else the ``page``-th by OFFSET). The total
    is counted no further than ``cap + 1`` rows (issue 15: the exact count was 85 % of a town's request)."""
    ordered = query.order_by(Ticket.id.desc())
    if after is not None:
        rows = list(session.scalars(ordered.where(Ticket.id < after).limit(per_page + 1)))
    else:
        rows = list(session.scalars(ordered.limit(per_page + 1).offset((page - 1) * per_page)))
    ids = query.with_only_columns(Ticket.id).order_by(None).limit(cap + 1).subquery()
    total = session.scalar(select(func.count()).select_from(ids)) or 0
    tickets = rows[:per_page]
    return BoundedPage(tickets, min(total, cap), total > cap,
                       tickets[-1].id if tickets and len(rows) > per_page else None)


def events_of(session: Session, actor: Actor, ticket_id: int) -> list[TicketEvent]:
    get_visible(session, actor, ticket_id)
    return list(
        session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id))
    )


def evidence_of(session: Session, actor: Actor, ticket_id: int) -> list[Evidence]:
    get_visible(session, actor, ticket_id)
    return list(session.scalars(select(Evidence).where(Evidence.ticket_id == ticket_id).order_by(Evidence.id)))


def get_visible_evidence(session: Session, actor: Actor, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound("材料不存在或无权查看")
    get_visible(session, actor, evidence.ticket_id)
    return evidence


def current_round_evidence_counts(session: Session, ticket: Ticket) -> tuple[int, int]:
    """(new files, recycled files) among this round's rectification evidence.

    A file counts as new evidence of the round only when its content (SHA-256) was never on this ticket
    before: not in an earlier round, and not as the finding or verification photo. Re-uploading the photo
    a rejection was about does not make a new round (rule 8, 纸面整改; issue 10).
    """
    earlier = aliased(Evidence)
    seen_before = exists().where(
        earlier.ticket_id == Evidence.ticket_id, earlier.sha256 == Evidence.sha256,
        or_(earlier.round < Evidence.round, earlier.stage != "rectified"))
    this_round = (Evidence.ticket_id == ticket.id, Evidence.round == ticket.round, Evidence.stage == "rectified")
    new = session.scalar(select(func.count(distinct(Evidence.sha256))).where(*this_round, ~seen_before)) or 0
    recycled = session.scalar(select(func.count(Evidence.id)).where(*this_round, seen_before)) or 0
    return new, recycled
