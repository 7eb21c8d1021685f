"""Red and yellow lights (红黄灯) and "most urgent first", computed from ``due_at`` alone for now.

Practice 5 asks for lights that follow working days, progress and a configurable scheme; that
belongs to ``workflow/deadlines/``. Until it lands, every page asks this one function, so the
switch is one import.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case

from workflow.tickets.models import Ticket
from workflow.tickets.queries import OPEN_STATES

WARN_BEFORE = timedelta(days=3)

LIGHT_LABELS = {"red": "已逾期", "yellow": "3日内到期", "green": "未到期"}


def light(*, state: str, due_at: datetime | None, now: datetime) -> str | None:
    """``red`` when overdue, ``yellow`` when due within three days, ``green`` otherwise; None when done."""
    if state not in OPEN_STATES or due_at is None:
        return None
    if due_at < now:
        return "red"
    if due_at - now <= WARN_BEFORE:
        return "yellow"
    return "green"


def most_urgent_first() -> tuple[ColumnElement, ...]:
    """Earliest deadline first (overdue ones lead), tickets with no deadline last."""
    return (case((Ticket.due_at.is_(None), 1), else_=0), Ticket.due_at, Ticket.id)
