"""Campaign input and output shapes for the API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workflow.bounds import CivilDate, RowId
from workflow.deadlines.light_scheme import LightScheme
from workflow.deadlines.policies import DeadlinePolicy


class CampaignCreate(BaseModel):
    """Also the body of an edit (PUT): the campaign as it should be, scope and team included."""

    name: str = Field(min_length=1, max_length=300)
    kind: str
    starts_on: CivilDate
    ends_on: CivilDate
    checklist_id: str | None = Field(default=None, max_length=80)
    scope_unit_ids: list[RowId] = Field(default_factory=list, max_length=2000)
    team_person_ids: list[RowId] = Field(default_factory=list, max_length=500)
    # The default deadline policy of the tickets the campaign files (a walk's 不符合 items).
    deadline: DeadlinePolicy | None = None
    description: str | None = Field(default=None, max_length=5000)
    # Issue 13: 观察期 after 销号 in months (None: six), the light scheme, the ranking criteria and weights.
    observation_months: int | None = Field(default=None, ge=1, le=60)
    light_scheme: LightScheme | None = None
    ranking_weights: dict[str, float] | None = Field(default=None, max_length=20)
    # Checklist areas whose tickets need the verifier's own photo at 验收; ["*"] for every area (issue 16).
    verifier_photo_areas: list[str] = Field(default_factory=list, max_length=100)
    # 签收 limit in working days after 交办 (issue 13); None: 1 working day.
    accept_within_working_days: int | None = Field(default=None, ge=1, le=30)

    @model_validator(mode="after")
    def _period(self):
        if self.ends_on < self.starts_on:
            raise ValueError("结束日期不能早于开始日期")
        if not self.name.strip():
            raise ValueError("活动名称不能为空")
        self.name = self.name.strip()
        return self


class CampaignRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: str
    kind_label: str
    owner_unit_id: RowId
    starts_on: date
    ends_on: date
    checklist_id: str | None
    description: str | None
    scope_unit_ids: list[RowId] = Field(default_factory=list)
    team_person_ids: list[RowId] = Field(default_factory=list)
    deadline_rule: dict | None = None
    observation_months: int | None = None
    light_scheme: dict | None = None
    ranking_weights: dict | None = None
    verifier_photo_areas: list[str] | None = None
    accept_within_working_days: int | None = None


class TownProgressRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    unit_id: RowId
    name: str
    found: int
    assigned: int
    rectifying: int
    verified: int
    closed: int
    overdue: int
    on_time: int
    finished: int
    on_time_rate: float | None


class CampaignProgress(BaseModel):
    """Tickets by state and by town, overdue, on-time rate (rate rule: workflow/ledger/stats.py)."""

    campaign_id: RowId
    by_state: dict[str, int]
    by_town: list[TownProgressRead]
    total: int
    overdue: int
    on_time_rate: float | None
