"""Reads: the photos of some evidence rows, and the flags a verification of this round would overrule."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.provenance.models import EvidencePhoto
from workflow.tickets.models import Evidence, Ticket


def photos_of(session: Session, evidence_ids) -> dict[int, EvidencePhoto]:
    ids = list(evidence_ids)
    if not ids:
        return {}
    return {p.evidence_id: p for p in session.scalars(select(EvidencePhoto).where(EvidencePhoto.evidence_id.in_(ids)))}


def round_flags(session: Session, ticket: Ticket) -> list[dict]:
    """The flags on this round's after and verification photos: what a 验收 now would pass over."""
    rows = session.execute(
        select(Evidence.id, Evidence.filename, EvidencePhoto.flags)
        .join(EvidencePhoto, EvidencePhoto.evidence_id == Evidence.id)
        .where(Evidence.ticket_id == ticket.id, Evidence.round == ticket.round,
               Evidence.stage.in_(("rectified", "verification")))
        .order_by(Evidence.id))
    return [{"photo_id": evidence_id, "filename": name, **f} for evidence_id, name, flags in rows for f in flags or []]
