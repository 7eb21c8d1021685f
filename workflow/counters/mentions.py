"""通报 mentions, recorded when the office issues (印发) a bulletin — not when anyone downloads a draft.

A draft is what leaders, inspectors and the office look at before it is signed; counting every download
would charge units for documents that were never sent. Issuing is the office's act (``ISSUERS``).
A unit is mentioned when the bulletin puts it on the black list or lists overdue tickets it answers for.
Keyed by (bulletin, unit, reason): issuing the same bulletin again the same day adds nothing, and the
counters count one mention per bulletin and unit whatever the reasons (workflow/counters/queries.py).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.counters.models import BulletinMention
from workflow.db import insert_ignoring_conflict
from workflow.errors import PermissionDenied
from workflow.ledger.bulletin import BulletinFacts

ISSUERS = ("office", "admin")


def ensure_may_issue(actor: Actor) -> None:
    if not actor.has_any(*ISSUERS):
        raise PermissionDenied("只有领导小组办公室可以印发通报（其他人可生成草稿）")


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


__all__ = ["ISSUERS", "ensure_may_issue", "record_mentions"]
