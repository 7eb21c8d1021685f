"""Every model, imported in one place so Alembic and ``create_all`` see the whole schema."""

from workflow.acceptance.models import AcceptanceReminder
from workflow.accounts.models import Person, PersonPost, PersonRole
from workflow.acknowledgements.models import Acknowledgement
from workflow.adminlog.models import AdminChange
from workflow.audit.models import AuditAnchor
from workflow.cadence.models import CampaignEnd, CampaignMilestone, CampaignPlan
from workflow.calendar.models import CalendarDay, CalendarStamp, CalendarYear
from workflow.campaigns.events import CampaignEvent
from workflow.campaigns.models import Campaign, CampaignMember, CampaignScope
from workflow.channels.models import MessageTemplate, NotifyChannel
from workflow.checklists.models import Checklist, ChecklistItem
from workflow.counters.models import BulletinMention
from workflow.db import Base
from workflow.deadlines.models import ExtensionRequest, Milestone, TicketDeadline
from workflow.escalation.models import (
    EscalationPolicy,
    Interview,
    InterviewAttachment,
    InterviewTarget,
    Sanction,
    SanctionInterview,
)
from workflow.imports.models import ImportBatch
from workflow.indicators.models import Indicator, IndicatorActual
from workflow.inspections.models import Inspection, InspectionMark, InspectionPhoto
from workflow.ledger.summary_models import UnitEventCount, UnitTicketCount
from workflow.letters.models import SupervisionLetter
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import Delivery, DeliveryAttempt, Digest, DigestItem, OutboxMessage, RateSlot
from workflow.provenance.models import EvidencePhoto
from workflow.reminders.models import Reminder
from workflow.sampling.models import CampaignSample, SampledUnit
from workflow.scheduling import SchedulerLease
from workflow.scoring.models import BonusEntry
from workflow.surveys.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySetting
from workflow.tickets.models import (
    Evidence,
    FilingKey,
    MoveDraft,
    Ticket,
    TicketCoUnit,
    TicketEvent,
    TicketNumberCounter,
)
from workflow.urging.models import Urging

__all__ = [
    "AcceptanceReminder",
    "Acknowledgement",
    "AdminChange",
    "AuditAnchor",
    "Base",
    "BonusEntry",
    "BulletinMention",
    "CalendarDay",
    "CalendarStamp",
    "CalendarYear",
    "Campaign",
    "CampaignEnd",
    "CampaignEvent",
    "CampaignMember",
    "CampaignMilestone",
    "CampaignPlan",
    "CampaignSample",
    "CampaignScope",
    "Checklist",
    "ChecklistItem",
    "Delivery",
    "DeliveryAttempt",
    "Digest",
    "DigestItem",
    "EscalationPolicy",
    "Evidence",
    "EvidencePhoto",
    "ExtensionRequest",
    "FilingKey",
    "ImportBatch",
    "Indicator",
    "IndicatorActual",
    "Inspection",
    "InspectionMark",
    "InspectionPhoto",
    "Interview",
    "InterviewAttachment",
    "InterviewTarget",
    "MessageTemplate",
    "Milestone",
    "MoveDraft",
    "NotifyChannel",
    "OrgUnit",
    "OutboxMessage",
    "Person",
    "PersonPost",
    "PersonRole",
    "RateSlot",
    "Reminder",
    "SampledUnit",
    "Sanction",
    "SanctionInterview",
    "SchedulerLease",
    "SupervisionLetter",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveySetting",
    "Ticket",
    "TicketCoUnit",
    "TicketDeadline",
    "TicketEvent",
    "TicketNumberCounter",
    "UnitEventCount",
    "UnitTicketCount",
    "Urging",
]
