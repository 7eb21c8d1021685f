"""Every model, imported in one place so Alembic and ``create_all`` see the whole schema."""

from workflow.accounts.models import Person, PersonRole
from workflow.campaigns.models import Campaign, CampaignScope
from workflow.channels.models import MessageTemplate, NotifyChannel
from workflow.checklists.models import Checklist, ChecklistItem
from workflow.db import Base
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import Delivery, DeliveryAttempt, Digest, DigestItem, OutboxMessage, RateSlot
from workflow.tickets.models import Evidence, Ticket, TicketCoUnit, TicketEvent, TicketNumberCounter

__all__ = [
    "Base",
    "Campaign",
    "CampaignScope",
    "Checklist",
    "ChecklistItem",
    "Delivery",
    "DeliveryAttempt",
    "Digest",
    "DigestItem",
    "Evidence",
    "MessageTemplate",
    "NotifyChannel",
    "OrgUnit",
    "OutboxMessage",
    "Person",
    "PersonRole",
    "RateSlot",
    "Ticket",
    "TicketCoUnit",
    "TicketEvent",
    "TicketNumberCounter",
]
