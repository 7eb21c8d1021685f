"""Flag reports (issue 16): per campaign and per town, photos flagged, flags overruled and by whom, and the
confirmed 虚假整改 cases (a 返工 over flagged photos) that a bulletin cites.

Reads only, from the actor's visible tickets; the verify and reject events carry what was overruled
or confirmed (workflow/tickets/moves.py ``_overruled``), so the report needs no bookkeeping of its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import PermissionDenied
from workflow.ledger.names import Names
from workflow.provenance.flags import LABELS
from workflow.provenance.models import EvidencePhoto
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.queries import TicketFilters, filtered

REPORT_ROLES = ("office", "leader", "admin", "inspector")


@dataclass
class UnitFlags:
    town: str
    photos: int = 0
    flagged: int = 0
    overruled: int = 0
    confirmed: int = 0
    kinds: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Decision:
    """One 验收 over flags (overruled) or one 返工 over them (confirmed)."""

    ticket_id: int
    number: str
    title: str
    town: str
    village: str
    by: str
    at: datetime
    text: str  # the justification, or the rejection's reason
    kinds: list[str]


@dataclass
class FlagReport:
    units: list[UnitFlags]
    total: UnitFlags
    overruled: list[Decision]
    confirmed: list[Decision]
    labels: dict[str, str] = field(default_factory=lambda: dict(LABELS))


def flag_report(session: Session, *, actor: Actor, campaign_id: int | None = None) -> FlagReport:
    if not actor.has_any(*REPORT_ROLES):
        raise PermissionDenied("只有领导小组办公室、督查员或分管领导可以查看照片疑点统计")
    tickets = filtered(actor, TicketFilters(campaign_id=campaign_id)).with_only_columns(Ticket.id).subquery()
    names = Names(session)
    by_town: dict[str, UnitFlags] = defaultdict(lambda: UnitFlags(town=""))
    rows = session.execute(
        select(Ticket.place_id, EvidencePhoto.flags).join(EvidencePhoto, EvidencePhoto.ticket_id == Ticket.id)
        .where(Ticket.id.in_(select(tickets.c.id))))
    for place_id, flags in rows:
        unit = _unit(by_town, names, place_id)
        unit.photos += 1
        if flags:
            unit.flagged += 1
            unit.kinds.update(f["kind"] for f in flags)
    overruled, confirmed = decisions(session, names, select(tickets.c.id))
    for d in overruled:
        _unit(by_town, None, None, d.town).overruled += 1
    for d in confirmed:
        _unit(by_town, None, None, d.town).confirmed += 1
    units = sorted(by_town.values(), key=lambda u: (-u.flagged, u.town))
    total = UnitFlags(town="合计", photos=sum(u.photos for u in units), flagged=sum(u.flagged for u in units),
                      overruled=len(overruled), confirmed=len(confirmed),
                      kinds=sum((u.kinds for u in units), Counter()))
    return FlagReport(units=units, total=total, overruled=overruled, confirmed=confirmed)


def decisions(session: Session, names: Names, ticket_ids) -> tuple[list[Decision], list[Decision]]:
    """(验收 over flags, 返工 confirming them) among the given tickets, oldest first."""
    rows = session.execute(
        select(TicketEvent, Ticket.number, Ticket.title, Ticket.place_id)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.ticket_id.in_(ticket_ids), TicketEvent.trigger.in_(("verify", "reject")))
        .order_by(TicketEvent.at, TicketEvent.id))
    overruled, confirmed = [], []
    for event, number, title, place_id in rows:
        listed = event.payload.get("flags_overruled") or event.payload.get("flags_confirmed")
        if not listed:
            continue
        town, village = names.town_and_village(place_id)
        kinds = sorted({LABELS.get(f.get("kind"), f.get("kind")) for f in listed})
        text = (event.payload.get("justification") or event.comment) if event.trigger == "verify" else event.comment
        decision = Decision(event.ticket_id, number, title, town or "其他", village, names.person(event.actor_id),
                            event.at, text, kinds)
        (overruled if event.trigger == "verify" else confirmed).append(decision)
    return overruled, confirmed


def confirmed_cases(session: Session, *, actor: Actor, filters: TicketFilters) -> list[Decision]:
    """For the bulletin: tickets sent back (返工) over flagged photos, i.e. 虚假整改 the verifier confirmed."""
    tickets = filtered(actor, filters).with_only_columns(Ticket.id)
    return decisions(session, Names(session), tickets)[1]


def _unit(by_town: dict, names: Names | None, place_id: int | None, town: str | None = None) -> UnitFlags:
    if town is None:
        town = names.town_and_village(place_id)[0] or "其他"
    unit = by_town[town]
    unit.town = town
    return unit
