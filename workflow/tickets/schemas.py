"""Ticket input and output shapes for the API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from states.ticket import STATE_LABELS
from workflow.bounds import DbInt, RowId
from workflow.deadlines.policies import DeadlinePolicy
from workflow.tickets.models import FINDING_CATEGORIES, SEVERITIES, SOURCES


class TicketCreate(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20000)
    place_id: RowId
    lead_unit_id: RowId | None = None
    co_unit_ids: list[RowId] = Field(default_factory=list)
    responsible_person_id: RowId | None = None
    responsible_leader_id: RowId | None = None
    campaign_id: RowId | None = None
    checklist_item_id: RowId | None = None
    source: str = "inspection"
    severity: str = "general"
    found_at: datetime | None = None
    due_on: date | None = None
    # How the deadline is computed (issue 3); ``due_on`` alone means a fixed date.
    deadline: DeadlinePolicy | None = None
    finding_category: str | None = None
    subject_person_id: RowId | None = None

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("标题不能为空")
        return v.strip()

    @field_validator("source")
    @classmethod
    def _known_source(cls, v: str) -> str:
        if v not in SOURCES:
            raise ValueError(f"问题来源必须是：{'、'.join(SOURCES)}")
        return v

    @field_validator("finding_category")
    @classmethod
    def _known_category(cls, v: str | None) -> str | None:
        if v is not None and v not in FINDING_CATEGORIES:
            raise ValueError(f"问题类别必须是：{'、'.join(FINDING_CATEGORIES)}")
        return v

    @field_validator("severity")
    @classmethod
    def _known_severity(cls, v: str) -> str:
        if v not in SEVERITIES:
            raise ValueError(f"严重程度必须是：{'、'.join(SEVERITIES)}")
        return v


class TransitionRequest(BaseModel):
    trigger: str
    comment: str = ""
    version: DbInt
    plan: str | None = None
    lead_unit_id: RowId | None = None
    responsible_person_id: RowId | None = None
    # 重新整改 only: the new deadline policy and the look-back campaign that found the problem again.
    deadline: DeadlinePolicy | None = None
    campaign_id: RowId | None = None
    # 验收 over flagged photos (issue 16): one line on why they pass; the comment serves when this is empty.
    justification: str | None = Field(default=None, max_length=500)
    # 退回 only (workflow/returns/reasons.py); missing means other, explained by the comment.
    reason_code: str | None = Field(default=None, max_length=40)


class BulkTicketRef(BaseModel):
    id: RowId
    version: DbInt


class BulkTransitionRequest(BaseModel):
    trigger: str
    items: list[BulkTicketRef] = Field(min_length=1, max_length=500)
    comment: str = Field(default="", max_length=2000)
    lead_unit_id: RowId | None = None


class RefusalRead(BaseModel):
    ticket_id: RowId
    code: str
    message: str
    reasons: list[str] = Field(default_factory=list)


class TicketRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    title: str
    description: str
    campaign_id: RowId | None
    checklist_item_id: RowId | None
    place_id: RowId
    lead_unit_id: RowId | None
    co_unit_ids: list[RowId]
    responsible_person_id: RowId | None
    responsible_leader_id: RowId | None
    source: str
    severity: str
    found_at: datetime
    found_by_id: RowId | None
    assigned_at: datetime | None
    accept_due_at: datetime | None = None  # 签收 limit (workflow/acceptance/limits.py)
    accept_overdue: bool = False  # 待签收超时: still not 签收 past that limit (computed live, like ``light``)
    due_at: datetime | None
    original_due_at: datetime | None
    state: str
    awaiting_verification: bool
    round: int
    rework_count: int
    return_count: int
    plan: str
    resolution: str | None
    review_on: date | None = None  # 持续整改: when the sweep brings it back (workflow/outcomes)
    on_the_spot: bool = False  # 立行立改: found and closed in one step
    verified_at: datetime | None
    closed_at: datetime | None
    version: int
    deadline_rule: dict | None = None
    # 红黄灯, computed at read time (workflow/deadlines/lights.py); None when there is no deadline.
    light: str | None = None
    deadline_warning: str | None = None
    finding_category: str | None = None
    subject_person_id: RowId | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


class TicketPage(BaseModel):
    """``total`` is counted up to 10,000; past it ``total`` is 10000 and ``total_capped`` true (an exact count of
    everything visible cost more than the page, issue 15). ``next_after``: pass it as ``after`` for the next page
    (keyset, as fast deep as on page 1); null on the last page."""

    items: list[TicketRead]
    total: int
    page: int
    per_page: int
    total_capped: bool = False
    next_after: int | None = None


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: RowId
    at: datetime
    actor_id: RowId | None
    trigger: str
    from_state: str | None
    to_state: str | None
    comment: str
    payload: dict


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: RowId
    event_id: RowId
    stage: str
    round: int
    sha256: str
    filename: str
    content_type: str
    size: int
    uploaded_by_id: RowId | None
    uploaded_at: datetime
    # Issue 16: what the photo says about itself, and what looks wrong (workflow/provenance/flags.py).
    photo: PhotoRead | None = None
    flags: list[FlagRead] = Field(default_factory=list)


class PhotoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    width: int
    height: int
    has_exif: bool
    captured_at: datetime | None
    latitude: float | None
    longitude: float | None
    device: str | None
    software: str | None
    phash: str
    dhash: str


class FlagRead(BaseModel):
    kind: str
    label: str
    reason: str
    evidence_id: int | None = None  # the matching photo, for a look-alike
    ticket_id: int | None = None
    ticket_number: str | None = None
    distance: int | None = None
    distance_km: float | None = None
    url: str | None = None  # the matching photo's content


class BulkTransitionResult(BaseModel):
    moved: list[TicketRead]
    refused: list[RefusalRead]
