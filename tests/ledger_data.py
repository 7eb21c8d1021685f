"""A fixed ledger for export tests: tickets in every state across two towns, some overdue, some late.

Plain factory with explicit arguments (STYLE E12): tickets are written in the state a test needs,
with a ``file`` event, rather than driven through every move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from tests.conftest import START
from workflow.db import transaction
from workflow.deadlines.local_time import end_of_local_day
from workflow.tickets import events
from workflow.tickets.models import Evidence, Ticket, TicketCoUnit


def make_ticket(session: Session, *, number: str, place_id: int, owner_id: int, title: str = "村道垃圾未清理",
                state: str = "found", due: date | None = date(2026, 12, 10), lead_unit_id: int | None = None,
                campaign_id: int | None = None, verified_at: datetime | None = None, plan: str = "",
                co_unit_ids: tuple[int, ...] = (), awaiting: bool = False, found_at: datetime = START) -> Ticket:
    due_at = end_of_local_day(due) if due else None
    ticket = Ticket(
        number=number, title=title, description=f"{title}的具体情况", campaign_id=campaign_id, owner_unit_id=owner_id,
        place_id=place_id, lead_unit_id=lead_unit_id or place_id, source="inspection", severity="general",
        found_at=found_at, due_at=due_at, original_due_at=due_at, state=state, awaiting_verification=awaiting,
        assigned_at=found_at if state != "found" else None, plan=plan, verified_at=verified_at,
        closed_at=verified_at if state == "closed" else None, state_changed_at=found_at, created_at=found_at,
        co_units=[TicketCoUnit(org_unit_id=u) for u in co_unit_ids],
    )
    session.add(ticket)
    session.flush()
    events.record(session, ticket, trigger="file", actor=None, at=found_at, to_state="found")
    return ticket


@dataclass
class Ledger:
    campaign_id: int
    other_campaign_id: int
    total: int


def build_ledger(sessions, world) -> Ledger:
    """龙江镇: 6 tickets (1 overdue, 2 on time, 1 late → 50 %); 博鳌镇: 4 (1 on time → 100 %).

    The last 博鳌镇 ticket belongs to another campaign."""
    from tests.xlsx import make_campaign

    campaign_id = make_campaign(sessions, world)
    other_id = make_campaign(sessions, world, scope=("boao",))
    u = world.units
    past, future = date(2026, 11, 20), date(2026, 12, 10)
    on_time = START - timedelta(days=10)
    late = START - timedelta(days=1)
    specs = [
        (u["dongfeng"], "found", future, None, campaign_id, {}),
        (u["dongfeng"], "assigned", future, None, campaign_id, {}),
        (u["dongfeng"], "rectifying", past, None, campaign_id, {"plan": "清理垃圾并建立保洁制度", "awaiting": True}),
        (u["xinhe"], "verified", past, on_time, campaign_id, {"co_unit_ids": (u["longjiang"], u["education"])}),
        (u["xinhe"], "closed", past, late, campaign_id, {}),
        (u["longjiang"], "closed", future, on_time, campaign_id, {}),
        (u["chaolie"], "rectifying", future, None, campaign_id, {}),
        (u["chaolie"], "verified", future, on_time, campaign_id, {}),
        (u["chaolie"], "assigned", future, None, campaign_id, {}),
        (u["chaolie"], "found", future, None, other_id, {}),
    ]
    found_at = START - timedelta(days=23)  # 2026-11-01
    with transaction(sessions) as s:
        for index, (place, state, due, verified, campaign, extra) in enumerate(specs, start=1):
            ticket = make_ticket(s, number=f"QH-2026-{index:04d}", title=f"问题{index:02d}", place_id=place,
                                 owner_id=u["city"], state=state, due=due, verified_at=verified,
                                 campaign_id=campaign, found_at=found_at, **extra)
            if state == "rectifying" and extra.get("awaiting"):
                event = events.record(s, ticket, trigger="submit", actor=None, at=START, comment="已清理完毕")
                s.add(Evidence(ticket_id=ticket.id, event_id=event.id, stage="rectified", sha256="0" * 64,
                               filename="after.png", content_type="image/png", size=1, uploaded_at=START))
    return Ledger(campaign_id=campaign_id, other_campaign_id=other_id, total=len(specs))
