"""How one ticket event is hashed: a stable JSON of its fields and its predecessor's hash (issue 14).

Pure Python on purpose: the application (``workflow/tickets/events.py``), the check
(``workflow/audit/verify.py``) and the migration that backfilled old rows (a copy, since migrations
must not import application code) must agree byte for byte. Changing anything here breaks every
existing chain, so it never changes; a new scheme would be a new ``SCHEME`` with its own backfill.

    canonical = JSON(sort_keys, no spaces, UTF-8) of
        {scheme, ticket_id, seq, at (UTC, microseconds, "Z"), actor_id, trigger, from_state, to_state,
         comment, payload, prev_hash}
    hash = sha256(canonical).hexdigest()

The first event of a ticket links to ``GENESIS`` (64 zeros). The event's database id is not hashed
(it is not known before the insert, and the append-only trigger forbids writing the hash after it).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

SCHEME = "zg-event-v1"
GENESIS = "0" * 64


def canonical_time(at: datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(*, ticket_id: int, seq: int, at: datetime, actor_id: int | None, trigger: str,
              from_state: str | None, to_state: str | None, comment: str, payload: Any, prev_hash: str,
              from_database: bool = False) -> bytes:
    """``from_database``: the payload was just parsed from the JSON column, so it is already what the
    round trip below would make of it (the check skips that work for every row it reads)."""
    if payload is None:
        payload = {}
    elif not from_database:
        # Round-trip through JSON first, as the database column does (tuples → lists, int keys → str).
        payload = json.loads(json.dumps(payload))
    doc = {"scheme": SCHEME, "ticket_id": ticket_id, "seq": seq, "at": canonical_time(at), "actor_id": actor_id,
           "trigger": trigger, "from_state": from_state, "to_state": to_state, "comment": comment or "",
           "payload": payload, "prev_hash": prev_hash}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(**fields: Any) -> str:
    return hashlib.sha256(canonical(**fields)).hexdigest()


HASHED_FIELDS = ("ticket_id", "seq", "at", "actor_id", "trigger", "from_state", "to_state", "comment", "payload",
                 "prev_hash")
