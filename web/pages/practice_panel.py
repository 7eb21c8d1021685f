"""What the ticket page shows of issue 13: the 签收 light, 催办 (count, button), the 确认收到 list, a pending
退回 waiting for the office's ruling, and the 督办函 with their replies. Reads only; the posts are in
``web/pages/practice.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.acceptance.limits import acceptance_overdue
from workflow.acknowledgements.models import Acknowledgement
from workflow.actor import Actor
from workflow.calendar.reader import WorkingCalendar
from workflow.deadlines.targets import CHASED_STATES
from workflow.errors import CalendarNotCovered
from workflow.letters.models import SupervisionLetter
from workflow.letters.service import overdue_working_days
from workflow.orgs.models import OrgUnit
from workflow.orgs.service import list_visible_units
from workflow.returns.arbitration import pending_return
from workflow.returns.reasons import RETURN_REASONS, RULINGS
from workflow.tickets.models import Ticket
from workflow.urging.service import URGERS, urge_counts, urged_on


def practice_panel(session: Session, actor: Actor, ticket: Ticket, *, now: datetime, settings) -> dict:
    returned = pending_return(session, ticket)
    letters = list(session.scalars(select(SupervisionLetter).where(SupervisionLetter.ticket_id == ticket.id)
                                   .order_by(SupervisionLetter.id)))
    return {
        "accept_late": acceptance_overdue(ticket, now),
        "urge_total": urge_counts(session, [ticket.id]).get(ticket.id, 0),
        "urged_today": urged_on(session, ticket.id, now),
        "urge_cap": settings.urge_cap_per_day,
        "may_urge": actor.has_any(*URGERS) and ticket.state in CHASED_STATES and not ticket.awaiting_verification,
        "acks": list(session.scalars(select(Acknowledgement).where(Acknowledgement.ticket_id == ticket.id)
                                     .order_by(Acknowledgement.id))),
        "returned": returned,
        "return_reasons": RETURN_REASONS,
        "rulings": RULINGS,
        "may_rule": returned is not None and actor.has_any("office"),
        "rule_units": list_visible_units(session, actor) if returned is not None and actor.has_any("office") else [],
        "letters": letters,
        "may_issue_letter": actor.has_any("office") and _seriously_overdue(session, ticket, now, settings),
        "reply_ids": {letter.id for letter in letters if letter.status == "open" and _replier(session, actor, letter)},
    }


def _replier(session: Session, actor: Actor, letter: SupervisionLetter) -> bool:
    unit = session.get(OrgUnit, letter.unit_id)
    return actor.has_any("operator") and unit is not None and actor.covers(unit.path)


def _seriously_overdue(session: Session, ticket: Ticket, now: datetime, settings) -> bool:
    try:
        late = overdue_working_days(ticket, WorkingCalendar(session), now)
    except CalendarNotCovered:
        return False
    return late >= settings.letter_min_overdue_working_days
