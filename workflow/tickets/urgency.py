"""The worklists' order, "most urgent first": earliest deadline first.

The lights themselves (红黄灯, on working days, milestones counted) are ``workflow/deadlines/lights.py``;
pages and the API both ask it, so they agree.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case

from workflow.tickets.models import Ticket


def most_urgent_first() -> tuple[ColumnElement, ...]:
    """Earliest deadline first (overdue ones lead), tickets with no deadline last."""
    return (case((Ticket.due_at.is_(None), 1), else_=0), Ticket.due_at, Ticket.id)
