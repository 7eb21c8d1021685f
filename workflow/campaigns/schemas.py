"""Campaign input and output shapes for the API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workflow.bounds import RowId


class CampaignCreate(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    kind: str
    starts_on: date
    ends_on: date
    checklist_id: str | None = None
    scope_unit_ids: list[RowId] = Field(default_factory=list)
    description: str | None = None

    @model_validator(mode="after")
    def _period(self):
        if self.ends_on < self.starts_on:
            raise ValueError("结束日期不能早于开始日期")
        return self


class CampaignRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: str
    kind_label: str
    owner_unit_id: int
    starts_on: date
    ends_on: date
    checklist_id: str | None
    description: str | None
