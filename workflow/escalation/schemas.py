"""API shapes for 约谈, strikes and escalation policies."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workflow.bounds import RowId


class InterviewTargetRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    post: str | None
    person_id: RowId | None
    unit_id: RowId | None
    label: str


class InterviewAttachmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    interview_id: RowId
    filename: str
    content_type: str
    size: int
    uploaded_by_id: RowId | None
    uploaded_at: datetime


class InterviewRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    policy_id: RowId
    ticket_id: RowId | None
    milestone_id: RowId | None
    unit_id: RowId
    year: int
    due_at: datetime | None
    reason: str
    conducted_by: str
    conducted_by_person_id: RowId | None
    planned_on: date | None
    waiting_reason: str = ""
    status: str
    status_label: str
    held_on: date | None
    minutes: str
    cancel_reason: str
    created_at: datetime
    updated_at: datetime
    version: int


class InterviewDetail(InterviewRead):
    targets: list[InterviewTargetRead] = Field(default_factory=list)
    attachments: list[InterviewAttachmentRead] = Field(default_factory=list)


class SanctionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    kind_label: str
    unit_id: RowId | None
    person_id: RowId | None
    year: int
    points: float | None
    bearer: str
    bearer_label: str
    label: str
    note: str
    source_unit_id: RowId | None
    status: str
    interview_ids: list[RowId] = Field(default_factory=list)


class PersonStrikesRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    person_id: RowId
    label: str
    count: int


class UnitStrikesRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    unit_id: RowId
    unit_name: str
    year: int
    count: int
    award_disqualified: bool
    points_deducted: float
    interviews: list[InterviewRead]
    sanctions: list[SanctionRead]
    people: list[PersonStrikesRead]


class Consequence(BaseModel):
    """One consequence of reaching the strike threshold and who bears it (see escalation.models.BEARERS)."""

    kind: str
    bearer: str
    points: float | None = Field(default=None, ge=0, le=1000)
    note: str = Field(default="", max_length=200)


class PolicyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    source_rule: str
    enabled: bool
    trigger: str
    grace_working_days: int
    finding_categories: list[str]
    campaign_kinds: list[str]
    unit_concerned: str
    target_posts: list[str]
    target_posts_by_kind: dict[str, list[str]] = Field(default_factory=dict)
    include_subject_person: bool
    conducted_by: str
    plan_within_working_days: int
    strike_threshold: int
    consequences: list[Consequence] = Field(default_factory=list)
    disqualify_unit: bool
    points_deduction: float
    disqualify_subject_person: bool


class PolicyUpdate(BaseModel):
    enabled: bool | None = None
    grace_working_days: int | None = Field(default=None, ge=0, le=60)
    target_posts: list[str] | None = None
    target_posts_by_kind: dict[str, list[str]] | None = None
    consequences: list[Consequence] | None = None
    conducted_by: str | None = Field(default=None, min_length=1, max_length=100)
    plan_within_working_days: int | None = Field(default=None, ge=0, le=60)
    strike_threshold: int | None = Field(default=None, ge=0, le=20)
    disqualify_unit: bool | None = None
    points_deduction: float | None = Field(default=None, ge=0, le=1000)
    disqualify_subject_person: bool | None = None
    finding_categories: list[str] | None = None
    campaign_kinds: list[str] | None = None

    @model_validator(mode="after")
    def _no_explicit_nulls(self):
        """Leaving a field out keeps it; ``null`` cannot clear it, since a rule needs every setting."""
        empty = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if empty:
            raise ValueError(f"不能设为空：{'、'.join(empty)}")
        return self
