"""API shapes for deadlines: history, extension requests, milestones, calendar coverage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workflow.bounds import RowId


class DeadlineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: RowId
    milestone_id: RowId | None
    due_at: datetime
    rule: dict
    rule_label: str
    counted_from: date | None
    reason: str
    extension_id: RowId | None
    set_at: datetime
    set_by_id: RowId | None
    superseded_at: datetime | None


class ExtensionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: RowId
    milestone_id: RowId | None
    sequence: int
    status: str
    status_label: str
    reason: str
    progress: str
    requested_due_on: date
    previous_due_at: datetime
    requested_by_id: RowId | None
    requested_at: datetime
    decided_by_id: RowId | None
    decided_at: datetime | None
    decision_comment: str
    approved_due_at: datetime | None


class MilestoneRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: RowId
    position: int
    title: str
    due_at: datetime
    original_due_at: datetime
    done_at: datetime | None
    done_by_id: RowId | None
    done_event_id: RowId | None
    done_late: bool
    note: str


class CoverageRead(BaseModel):
    years: list[int]
    first_year: int | None
    last_year: int | None
    warnings: list[str]


class CalendarDayRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    is_working: bool
    note: str
    source: str


class CalendarDaySet(BaseModel):
    kind: Literal["workday", "holiday"]
    note: str = Field(default="", max_length=100)


class CalendarCorrectionRead(BaseModel):
    changed_days: list[date]
    moved_ticket_ids: list[RowId]
    not_recomputed: dict[int, str]
