"""通报 mentions, recorded when a bulletin is generated (the bulletin itself is a document, not a row).

A unit is mentioned when the bulletin puts it on the black list or lists overdue tickets it answers for.
Keyed by (bulletin, unit, reason): generating the same bulletin again the same day adds nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.counters.models import BulletinMention
from workflow.db import insert_ignoring_conflict
from workflow.ledger.bulletin import BulletinFacts


def record_mentions(session: Session, facts: BulletinFacts, *, now: datetime) -> int:
    digest = hashlib.sha256(facts.title.encode()).hexdigest()[:24]
    key = f"{facts.issued_on.isoformat()}:{digest}"
    named = [(r.progress.unit_id, "black_list") for r in facts.ranking.black]
    named += [(p.unit_id, "overdue") for p in facts.progress if p.overdue]
    inserted = 0
    for unit_id, reason in named:
        inserted += insert_ignoring_conflict(session, BulletinMention, bulletin_key=key, title=facts.title[:300],
                                             unit_id=unit_id, year=facts.issued_on.year, reason=reason,
                                             issued_at=now)
    return inserted


__all__ = ["record_mentions"]
