"""督办函 in and out of the API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class LetterCreate(BaseModel):
    requirement: str = Field(min_length=1, max_length=4000)
    reply_due_on: date | None = None


class LetterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    ticket_id: int
    unit_id: int
    problem: str
    requirement: str
    reply_due_on: date
    issued_by_id: int | None
    issued_at: datetime
    status: str
    reply_text: str
    reply_filename: str | None
    replied_by_id: int | None
    replied_at: datetime | None
