"""Plain factories for page tests: tickets driven to a state through the real services, at fixed times."""

from __future__ import annotations

from datetime import date, datetime

from tests.conftest import START
from tests.helpers import PNG
from workflow.accounts.service import actor_for
from workflow.db import transaction
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore

ORDER = ["found", "assigned", "rectifying", "submitted", "verified", "closed"]


def make_ticket(sessions, world, store: EvidenceStore, *, state: str = "assigned", title: str = "村道垃圾未清理",
                place: str = "dongfeng", lead: str = "dongfeng", due_on: date | None = date(2026, 12, 10),
                at: datetime = START, operator: str | None = None, **fields) -> int:
    """File as the inspector and move to ``state`` ("submitted" = rectifying and awaiting verification).

    The lead unit's work is done by ``operator`` (default: 博鳌镇's for 朝烈村, else 龙江镇's).
    """
    with transaction(sessions) as s:
        inspector = actor_for(s, world.people["inspector"])
        town = actor_for(s, world.people[operator or ("boao" if lead == "chaolie" else "town")])
        office = actor_for(s, world.people["office"])
        ticket = file_ticket(s, actor=inspector, now=at, data=TicketCreate(
            title=title, place_id=world.units[place], lead_unit_id=world.units[lead], due_on=due_on, **fields))
        attach_evidence(s, actor=inspector, ticket_id=ticket.id, stage="found", comment="", now=at, store=store,
                        uploads=[Upload("found.png", "image/png", PNG)])
        steps = ORDER[1:ORDER.index(state) + 1]

        def move(actor, trigger, **kw):
            apply_trigger(s, actor=actor, ticket_id=ticket.id, now=at, data=MoveInput(trigger, ticket.version, **kw))

        if "assigned" in steps:
            move(inspector, "assign")
        if "rectifying" in steps:
            move(town, "accept", plan="清理并建立保洁制度")
        if "submitted" in steps:
            attach_evidence(s, actor=town, ticket_id=ticket.id, stage="rectified", comment="", now=at, store=store,
                            uploads=[Upload("after.png", "image/png", PNG + b"rectified")])  # not the finding
            move(town, "submit", comment="已清理")
        if "verified" in steps:
            move(inspector, "verify", comment="现场复核属实")  # the photos are flagged (no EXIF): a line is due
        if "closed" in steps:
            move(office, "close")
        return ticket.id
