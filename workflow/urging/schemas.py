"""催办 in and out of the API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class UrgingCreate(BaseModel):
    note: str = Field(default="", max_length=500)


class UrgingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: int
    unit_id: int
    event_id: int | None
    by_id: int | None
    automatic: bool
    note: str
    day: date
    at: datetime
