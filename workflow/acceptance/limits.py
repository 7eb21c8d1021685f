"""The 签收 limit: N working days after 交办 (campaign setting, default 1), to the end of that local day.

Set at every 交办 (a 改派 gives the new unit its own limit) and independent of the rectification
deadline, which keeps running from the first 交办 whatever 签收 does (practice 1). When the calendar
does not cover the day yet, the ticket gets no 签收 limit rather than a guessed one; 交办 is not refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.calendar.reader import WorkingCalendar
from workflow.campaigns.models import Campaign
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.errors import CalendarNotCovered
from workflow.tickets.models import Ticket

DEFAULT_ACCEPT_WITHIN = 1
LABEL = "待签收超时"


def accept_within(session: Session, ticket: Ticket) -> int:
    campaign = session.get(Campaign, ticket.campaign_id) if ticket.campaign_id else None
    if campaign is not None and campaign.accept_within_working_days:
        return campaign.accept_within_working_days
    return DEFAULT_ACCEPT_WITHIN


def set_accept_limit(session: Session, ticket: Ticket, *, now: datetime) -> None:
    try:
        day = WorkingCalendar(session).add_working_days(local_date(now), accept_within(session, ticket))
    except CalendarNotCovered:
        ticket.accept_due_at = None
    else:
        ticket.accept_due_at = end_of_local_day(day)
    session.flush()


def acceptance_overdue(ticket: Ticket, now: datetime) -> bool:
    """The 待签收超时 light: assigned, not yet 签收, past the 签收 limit."""
    return ticket.state == "assigned" and ticket.accept_due_at is not None and now > ticket.accept_due_at
