"""At upload: read a photo's facts, flag it, store both beside the evidence row (the file is not touched)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.orgs.models import OrgUnit
from workflow.provenance import hashes
from workflow.provenance.flags import flags_for
from workflow.provenance.models import EvidencePhoto
from workflow.provenance.reading import read_facts
from workflow.provenance.rules import EvidenceRules
from workflow.tickets.models import Evidence, Ticket


def record_photo(session: Session, *, evidence: Evidence, ticket: Ticket, content: bytes, thumbnail: bytes,
                 rules: EvidenceRules) -> EvidencePhoto:
    """Flushed at once, so the next photo of the same upload is compared with this one too."""
    facts = read_facts(content, thumbnail)
    place = session.get(OrgUnit, ticket.place_id)
    found = flags_for(session, evidence=evidence, ticket=ticket, place=place, facts=facts, rules=rules)
    b0, b1, b2, b3 = hashes.bands(facts.phash)
    photo = EvidencePhoto(
        evidence_id=evidence.id, ticket_id=ticket.id, width=facts.width, height=facts.height,
        has_exif=facts.has_exif, captured_at=facts.captured_at, latitude=facts.latitude, longitude=facts.longitude,
        device=facts.device, software=facts.software, phash=facts.phash, dhash=facts.dhash,
        phash_b0=b0, phash_b1=b1, phash_b2=b2, phash_b3=b3, flags=found,
    )
    session.add(photo)
    session.flush()
    return photo
