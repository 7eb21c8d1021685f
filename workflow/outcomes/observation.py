"""观察期 after 销号 (rule 14, seed 003: 「设立为期半年的"观察期"」).

A ticket closed as rectified is watched for the observation period of its campaign
(``campaign.observation_months``; six months when the campaign sets none, or for a ticket without one),
counted from the local day it was closed to the end of the same day that many months later.

- Inside the period a 回头看 (look-back campaign) that finds the problem again reopens it, and the reopen
  event carries ``relapse: true``: a 反弹 charged to the unit that led it (``workflow/counters``).
  A reopen inside the period without a look-back is allowed and is not a relapse.
- After the period the ticket is final: a reopen is refused with the date the period ended, and the
  message says to file a new problem instead (a new ticket, new number, new deadline — the old record
  stays as it was closed).
- A voided ticket is never reopened; an ongoing one (持续整改) has no observation period — it was not
  rectified — and is reopened by hand or by its review date.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.campaigns.models import Campaign
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.deadlines.policies import add_months
from workflow.errors import InvalidInput
from workflow.tickets.models import Ticket

DEFAULT_OBSERVATION_MONTHS = 6
LOOK_BACK = "look_back"


def observation_end(session: Session, ticket: Ticket) -> datetime | None:
    """When the ticket's 观察期 ends, or None when it has none (not closed as rectified)."""
    if ticket.state != "closed" or ticket.resolution != "rectified" or ticket.closed_at is None:
        return None
    campaign = session.get(Campaign, ticket.campaign_id) if ticket.campaign_id else None
    months = campaign.observation_months if campaign and campaign.observation_months else DEFAULT_OBSERVATION_MONTHS
    return end_of_local_day(add_months(local_date(ticket.closed_at), months))


def reopen_facts(session: Session, ticket: Ticket, look_back: Campaign | None, now: datetime) -> dict:
    """What a reopen adds to its event (``relapse``), or why it is refused. Checked before anything changes."""
    if ticket.resolution == "void":
        raise InvalidInput("该问题已作废，不能重新整改", detail={"field": "trigger"})
    ends = observation_end(session, ticket)
    if ends is None:
        return {}
    if now > ends:
        raise InvalidInput(
            f"该问题的观察期已于{local_date(ends):%Y年%m月%d日}结束，问题已终结，不能重新整改；"
            "如再次发现，请登记为新问题", detail={"field": "trigger", "observation_ended_at": ends.isoformat()})
    if look_back is not None and look_back.kind == LOOK_BACK:
        return {"relapse": True, "observation_until": ends.isoformat()}
    return {}


__all__ = ["DEFAULT_OBSERVATION_MONTHS", "observation_end", "reopen_facts"]
