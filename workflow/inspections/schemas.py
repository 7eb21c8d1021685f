"""Inspection input and output shapes for the API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workflow.bounds import RowId


class InspectionStart(BaseModel):
    place_id: RowId


class MarkIn(BaseModel):
    """One item's mark. ``file_ticket`` turns a 不符合 into a ticket (once); ``assign`` also 交办s it to the place."""

    mark: Literal["pass", "fail", "not_applicable"]
    note: str = Field(default="", max_length=2000)
    file_ticket: bool = False
    assign: bool = False
    title: str | None = Field(default=None, max_length=300)
    # 扣分 (rule 17): refused above the item's cap (workflow/scoring/caps.py); None or 0 deducts nothing.
    deduction: float | None = Field(default=None, allow_inf_nan=False)

    @field_validator("title")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v.strip() or None if v is not None else None


class MarkRead(BaseModel):
    checklist_item_id: RowId
    code: str
    mark: str
    mark_label: str
    note: str
    ticket_id: RowId | None
    ticket_number: str | None = None
    ticket_state: str | None = None
    photo_count: int = 0
    deduction: float | None = None
    unit_score: float | None = None  # the place's score after this mark (set by the walk's PUT)
    marked_by_id: RowId | None
    marked_at: datetime


class InspectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    campaign_id: RowId
    place_id: RowId
    inspector_id: RowId | None
    started_at: datetime
    finished_at: datetime | None
    item_count: int = 0
    marks: list[MarkRead] = Field(default_factory=list)


class PhotoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
