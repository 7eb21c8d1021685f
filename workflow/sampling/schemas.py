"""Sampling input and output shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from workflow.bounds import RowId

MAX_SEED = 2**53


class SampleDraw(BaseModel):
    """The seed's default: 4 towns, in each 1 脱贫村 and 1 非脱贫村 (8 villages, 4 + 4)."""

    towns: int = Field(default=4, ge=1, le=200)
    poverty_villages_per_town: int = Field(default=1, ge=0, le=100)
    other_villages_per_town: int = Field(default=1, ge=0, le=100)
    exclude_last_campaigns: int = Field(default=0, ge=0, le=50)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)
    from_unit_id: RowId | None = None


class SampledUnitRead(BaseModel):
    org_unit_id: int
    name: str
    stratum: str
    stratum_label: str
    town_name: str


class SampleRead(BaseModel):
    id: int
    campaign_id: int
    seed: int
    params: dict
    drawn_by_id: int | None
    drawn_at: datetime
    units: list[SampledUnitRead]


class SampleVerification(BaseModel):
    sample_id: int
    seed: int
    matches: bool
    recorded: list[int]
    recomputed: list[int]
    message: str
