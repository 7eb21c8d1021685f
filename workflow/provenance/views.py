"""Evidence rows with their photo facts and flags, as the API returns them and the pages show them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.provenance.queries import photos_of
from workflow.tickets.models import Evidence
from workflow.tickets.schemas import EvidenceRead, FlagRead, PhotoRead


def with_provenance(session: Session, rows: list[Evidence]) -> list[EvidenceRead]:
    photos = photos_of(session, (r.id for r in rows))
    out = []
    for row in rows:
        photo = photos.get(row.id)
        item = EvidenceRead.model_validate(row)
        if photo is not None:
            item.photo = PhotoRead.model_validate(photo)
            item.flags = [FlagRead(**f, url=_url(f)) for f in photo.flags or []]
        out.append(item)
    return out


def flags_by_evidence(session: Session, rows: list[Evidence]) -> dict[int, list[dict]]:
    """For the pages: evidence id → its flags (empty lists left out)."""
    return {i: p.flags for i, p in photos_of(session, (r.id for r in rows)).items() if p.flags}


def _url(f: dict) -> str | None:
    return f"/api/v1/evidence/{f['evidence_id']}/content" if f.get("evidence_id") else None
