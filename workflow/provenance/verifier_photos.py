"""The verifier's own photos (验收时): a campaign may require one for tickets of some checklist areas."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from workflow.campaigns.models import Campaign
from workflow.checklists.models import ChecklistItem
from workflow.tickets.models import Evidence, Ticket

EVERY_AREA = "*"


def photo_required(session: Session, ticket: Ticket) -> bool:
    """True when the ticket's campaign names its checklist area (or every area) as needing one."""
    if ticket.campaign_id is None:
        return False
    areas = session.scalar(select(Campaign.verifier_photo_areas).where(Campaign.id == ticket.campaign_id)) or []
    if EVERY_AREA in areas:
        return True
    if ticket.checklist_item_id is None or not areas:
        return False
    area = session.scalar(select(ChecklistItem.area).where(ChecklistItem.id == ticket.checklist_item_id))
    return area in areas


def verifier_photo_missing(session: Session, ticket: Ticket) -> bool:
    if not photo_required(session, ticket):
        return False
    return not session.scalar(select(exists().where(
        Evidence.ticket_id == ticket.id, Evidence.round == ticket.round, Evidence.stage == "verification",
        Evidence.content_type.like("image/%"))))
