"""The lists people work from: my open tickets, what I filed, and the verification queue.

Each starts from ``visible_tickets(actor)`` (STYLE E5) and is bounded, so a district-wide
account sees the first screenfuls, not 100k rows; the ledger is where everything is browsed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import ticket_led_within
from workflow.provenance.queries import round_flags
from workflow.provenance.views import flags_by_evidence
from workflow.tickets.models import Evidence, Ticket, TicketEvent
from workflow.tickets.queries import TicketFilters, filtered, visible_tickets
from workflow.tickets.urgency import most_urgent_first

WORK_STATES = ("assigned", "rectifying")
LIMIT = 200


def my_open_tickets(session: Session, actor: Actor, *, limit: int = LIMIT) -> list[Ticket]:
    """Assigned or being rectified, led by the actor's own units, most urgent first ("my tickets"): a
    department's ticket placed in a town is the department's item, not the town's."""
    query = (visible_tickets(actor).where(ticket_led_within(actor), Ticket.state.in_(WORK_STATES))
             .order_by(*most_urgent_first()))
    return list(session.scalars(query.limit(limit)))


def filed_by_me(session: Session, actor: Actor, *, limit: int = LIMIT) -> list[Ticket]:
    query = visible_tickets(actor).where(Ticket.found_by_id == actor.person_id).order_by(Ticket.id.desc())
    return list(session.scalars(query.limit(limit)))


def state_counts(session: Session, actor: Actor, filters: TicketFilters | None = None) -> dict[str, int]:
    sub = filtered(actor, filters or TicketFilters()).subquery()
    return dict(session.execute(select(sub.c.state, func.count()).group_by(sub.c.state)).all())


@dataclass
class QueueItem:
    """One submission awaiting verification, with the finding photos beside this round's evidence."""

    ticket: Ticket
    submitted_by: str
    submission_note: str
    found: list[Evidence] = field(default_factory=list)
    rectified: list[Evidence] = field(default_factory=list)
    verification: list[Evidence] = field(default_factory=list)
    flags: dict[int, list[dict]] = field(default_factory=dict)  # evidence id → flags (issue 16)
    round_flags: list[dict] = field(default_factory=list)


def verification_queue(session: Session, actor: Actor, *, limit: int = 50) -> list[QueueItem]:
    query = visible_tickets(actor).where(Ticket.state == "rectifying", Ticket.awaiting_verification)
    tickets = list(session.scalars(query.order_by(Ticket.submitted_at, Ticket.id).limit(limit)))
    if not tickets:
        return []
    ids = [t.id for t in tickets]
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for row in session.scalars(select(Evidence).where(Evidence.ticket_id.in_(ids)).order_by(Evidence.id)):
        evidence[row.ticket_id].append(row)
    notes = _last_submit_notes(session, ids)
    names = person_names(session, {t.submitted_by_id for t in tickets})
    return [
        QueueItem(
            ticket=t, submitted_by=names.get(t.submitted_by_id, ""), submission_note=notes.get(t.id, ""),
            found=[e for e in evidence[t.id] if e.stage == "found"],
            rectified=[e for e in evidence[t.id] if e.stage == "rectified" and e.round == t.round],
            verification=[e for e in evidence[t.id] if e.stage == "verification" and e.round == t.round],
            flags=flags_by_evidence(session, evidence[t.id]), round_flags=round_flags(session, t),
        )
        for t in tickets
    ]


def _last_submit_notes(session: Session, ticket_ids: list[int]) -> dict[int, str]:
    last = (
        select(func.max(TicketEvent.id))
        .where(TicketEvent.ticket_id.in_(ticket_ids), TicketEvent.trigger == "submit")
        .group_by(TicketEvent.ticket_id)
    )
    rows = session.execute(select(TicketEvent.ticket_id, TicketEvent.comment).where(TicketEvent.id.in_(last)))
    return dict(rows.all())


def person_names(session: Session, ids) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted))).all())


def unit_names(session: Session, ids) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(wanted))).all())
