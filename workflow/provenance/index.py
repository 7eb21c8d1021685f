"""The near-duplicate search: candidates by pHash band (indexed columns), exact distance in Python.

See hashes.py for why a band match within radius d // 4 finds every photo within distance d. Plain
indexed integer columns and ``IN`` lists work the same on SQLite and PostgreSQL; benchmarks/evidence_flags.py
measures the search against 100,000 stored photos.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workflow.provenance import hashes
from workflow.provenance.models import EvidencePhoto


@dataclass(frozen=True)
class Match:
    evidence_id: int
    ticket_id: int
    distance: int


def near_duplicates(session: Session, phash: str, *, max_distance: int,
                    exclude_evidence_id: int | None = None) -> list[Match]:
    """Stored photos within ``max_distance`` of ``phash``, nearest first."""
    radius = hashes.band_radius(max_distance)
    columns = (EvidencePhoto.phash_b0, EvidencePhoto.phash_b1, EvidencePhoto.phash_b2, EvidencePhoto.phash_b3)
    bands = hashes.bands(phash)
    query = select(EvidencePhoto.evidence_id, EvidencePhoto.ticket_id, EvidencePhoto.phash).where(
        or_(*(column.in_(hashes.neighbours(band, radius)) for column, band in zip(columns, bands, strict=True))))
    if exclude_evidence_id is not None:
        query = query.where(EvidencePhoto.evidence_id != exclude_evidence_id)
    found = []
    for evidence_id, ticket_id, other in session.execute(query):
        d = hashes.distance(phash, other)
        if d <= max_distance:
            found.append(Match(evidence_id, ticket_id, d))
    return sorted(found, key=lambda m: (m.distance, m.evidence_id))
