"""Writing checked rows as tickets in bulk: numbers reserved in blocks, inserts in chunks.

The same facts ``file_ticket`` writes for one ticket (state found, numbers from the district's
counter, a ``file`` event on the timeline), written with executemany so 50,000 rows take seconds.
Chunks keep the parameter lists and memory bounded; all chunks share the caller's transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.deadlines.local_time import local_date
from workflow.imports.rows import ProblemRow
from workflow.tickets import events
from workflow.tickets.models import Ticket, TicketCoUnit
from workflow.tickets.numbering import reserve_numbers

CHUNK = 2000


def write_tickets(session: Session, *, actor: Actor, campaign_id: int, batch_id: int,
                  rows: list[ProblemRow], now: datetime) -> list[str]:
    """Insert one ticket per row, in file order; returns the numbers given out."""
    numbers = _reserve(session, rows)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        ids = session.scalars(
            insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True),
            [_ticket(row, numbers[start + i], actor, campaign_id, now) for i, row in enumerate(chunk)],
        ).all()
        co_units = [{"ticket_id": tid, "org_unit_id": uid} for tid, row in zip(ids, chunk, strict=True)
                    for uid in row.co_unit_ids]
        if co_units:
            session.execute(insert(TicketCoUnit), co_units)
        events.record_many(session, list(_events(ids, chunk, numbers[start:start + CHUNK], actor, batch_id, now)))
    return numbers


def _reserve(session: Session, rows: list[ProblemRow]) -> list[str]:
    """One counter update per (district prefix, year) for the whole file, handed out in file order."""
    wanted: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        wanted[(row.prefix, local_date(row.found_at).year)].append(index)
    numbers = [""] * len(rows)
    for (prefix, year), indexes in sorted(wanted.items()):
        block = reserve_numbers(session, prefix=prefix, year=year, count=len(indexes))
        for index, number in zip(indexes, block, strict=True):
            numbers[index] = number
    return numbers


def _ticket(row: ProblemRow, number: str, actor: Actor, campaign_id: int, now: datetime) -> dict:
    return {
        "number": number, "title": row.title, "description": row.description, "campaign_id": campaign_id,
        "checklist_item_id": row.checklist_item_id, "owner_unit_id": row.owner_unit_id, "place_id": row.place.id,
        "lead_unit_id": row.lead_unit_id, "responsible_person_id": row.responsible_person_id,
        "responsible_leader_id": row.responsible_leader_id, "source": row.source, "severity": row.severity,
        "found_at": row.found_at, "found_by_id": actor.person_id, "due_at": row.due_at,
        "original_due_at": row.due_at, "state": "found", "state_changed_at": now, "created_at": now,
    }


def _events(ids, chunk: list[ProblemRow], numbers: list[str], actor: Actor, batch_id: int,
            now: datetime) -> Iterator[dict]:
    for ticket_id, row, number in zip(ids, chunk, numbers, strict=True):
        yield {
            "ticket_id": ticket_id, "at": now, "actor_id": actor.person_id, "trigger": "file",
            "from_state": None, "to_state": "found", "comment": "",
            "payload": {"lead_unit_id": row.lead_unit_id, "number": number,
                        "due_at": row.due_at.isoformat() if row.due_at else None,
                        "import_batch_id": batch_id, "row": row.row},
        }
