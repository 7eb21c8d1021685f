"""The watermarked display copy of one evidence photo, made once and kept in the store (watermark.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import NotFound
from workflow.orgs.models import OrgUnit
from workflow.provenance.models import EvidencePhoto
from workflow.provenance.watermark import Stamp, watermarked
from workflow.tickets import queries
from workflow.tickets.models import Ticket
from workflow.tickets.storage import EvidenceStore, write_once


def display_copy(session: Session, *, actor: Actor, evidence_id: int, store: EvidenceStore) -> Path:
    evidence = queries.get_visible_evidence(session, actor, evidence_id)
    photo = session.get(EvidencePhoto, evidence.id)
    if photo is None:
        raise NotFound("该材料不是照片，没有展示版")
    path = store.display_path(evidence.sha256, evidence.id)
    if not path.exists():
        ticket = session.get(Ticket, evidence.ticket_id)
        place = session.get(OrgUnit, ticket.place_id)
        stamp = Stamp(ticket_number=ticket.number, place=place.name if place else "",
                      at=photo.captured_at or evidence.uploaded_at, taken=photo.captured_at is not None,
                      latitude=photo.latitude, longitude=photo.longitude)
        write_once(path, watermarked(store.read(evidence.sha256), stamp))
    return path
