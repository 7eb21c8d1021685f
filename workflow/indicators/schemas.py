"""Indicator input and output shapes for the API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from workflow.bounds import CivilDate, RowId


class IndicatorIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    unit: str = Field(default="%", max_length=20)
    comparison: str = Field(pattern=r"^(<|>=)$")
    target: float = Field(ge=-1e9, le=1e9)
    due_on: CivilDate | None = None


class IndicatorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    campaign_id: int
    name: str
    unit: str
    comparison: str
    target: float
    due_on: date | None
    target_label: str


class ActualIn(BaseModel):
    org_unit_id: RowId
    value: float = Field(ge=-1e9, le=1e9)
    note: str | None = Field(default=None, max_length=300)


class ActualRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    indicator_id: int
    org_unit_id: int
    value: float
    recorded_at: datetime
    source: str
    note: str | None
