"""Every model, imported in one place so Alembic and ``create_all`` see the whole schema."""

from workflow.accounts.models import Person, PersonRole
from workflow.campaigns.models import Campaign, CampaignScope
from workflow.checklists.models import Checklist, ChecklistItem
from workflow.db import Base
from workflow.imports.models import ImportBatch
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import OutboxMessage
from workflow.tickets.models import Evidence, Ticket, TicketCoUnit, TicketEvent, TicketNumberCounter

__all__ = [
    "Base",
    "Campaign",
    "CampaignScope",
    "Checklist",
    "ChecklistItem",
    "Evidence",
    "ImportBatch",
    "OrgUnit",
    "OutboxMessage",
    "Person",
    "PersonRole",
    "Ticket",
    "TicketCoUnit",
    "TicketEvent",
    "TicketNumberCounter",
]
