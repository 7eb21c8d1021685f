"""The office's ruling on a 退回, and the per-unit counts, in and out of the API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workflow.bounds import DbInt, RowId


class RulingRequest(BaseModel):
    ruling: Literal["upheld", "overruled"]
    version: DbInt
    comment: str = Field(default="", max_length=2000)
    lead_unit_id: RowId | None = None  # upheld: the unit the problem is 改派'd to
    responsible_person_id: RowId | None = None


class RulingResult(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    state: str
    lead_unit_id: int | None
    version: int
    return_count: int


class UnitReturnsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    unit_id: int
    unit_name: str
    returned: int
    upheld: int
    overruled: int
