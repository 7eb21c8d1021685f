"""Score, deduction and bonus shapes for the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workflow.bounds import CivilDate, RowId

BonusCategory = Literal["national", "provincial", "municipal", "central_media", "provincial_media"]


class BonusIn(BaseModel):
    unit_id: RowId
    category: BonusCategory
    articles: int = Field(default=1, ge=1, le=100)
    awarded_on: CivilDate
    description: str = Field(default="", max_length=1000)


class BonusDecision(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=1000)


class BonusRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    campaign_id: int
    unit_id: int
    category: str
    category_label: str
    articles: int
    points: float
    awarded_on: date
    description: str
    evidence_filename: str
    evidence_content_type: str
    evidence_size: int
    status: str
    status_label: str
    proposed_by_id: int | None
    proposed_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    decision_note: str


class AreaScoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    points: float
    deducted: float
    subtotal: float


class UnitScoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rank: int | None
    unit_id: int
    name: str
    kind: str
    town_id: int | None
    town_name: str
    inspection_id: int
    total_points: float
    deducted: float
    bonus: float
    score: float
    marked: int
    items: int
    sampled: bool
    areas: list[AreaScoreRead]


class TownScoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rank: int | None
    unit_id: int
    name: str
    villages: int
    village_mean: float | None
    bonus: float
    score: float | None


class CampaignScoresRead(BaseModel):
    campaign_id: int
    total_points: float
    town_rule: str = "乡镇得分 = 本次督查已检查的所辖村（已抽样的，只计抽中村）得分的平均分 + 乡镇本级经认定的加分"
    units: list[UnitScoreRead]
    towns: list[TownScoreRead]

    @classmethod
    def of(cls, scores) -> CampaignScoresRead:
        return cls(campaign_id=scores.campaign.id, total_points=scores.total_points,
                   units=[UnitScoreRead.model_validate(u) for u in scores.units],
                   towns=[TownScoreRead.model_validate(t) for t in scores.towns])
