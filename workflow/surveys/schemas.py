"""Survey input and output shapes for the API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from workflow.bounds import RowId


class ResponseIn(BaseModel):
    """One household visit. ``key`` is made by the phone before the first send; a resend repeats it."""

    key: str = Field(min_length=8, max_length=80, pattern=r"^[A-Za-z0-9_-]+$")
    village_id: RowId
    respondent_type: str = Field(max_length=30)
    household: str | None = Field(default=None, max_length=100)
    answers: dict[int, str] = Field(min_length=1, max_length=50)  # question position → choice


class ResponseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key: str
    village_id: int
    respondent_type: str
    received_at: datetime
    created: bool  # False: this key had arrived before, nothing was counted again


class QuestionIn(BaseModel):
    text: str = Field(min_length=1, max_length=300)
    choices: list[str] = Field(min_length=2, max_length=10)
    satisfied_choices: list[str] = Field(default_factory=list, max_length=10)


class SurveySetup(BaseModel):
    """The questionnaire as it should be (None: seed 004's default) and the target as a share (0.9 = 90%)."""

    target: float = Field(default=0.9, gt=0, le=1)
    questions: list[QuestionIn] | None = Field(default=None, max_length=30)


class QuestionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    text: str
    choices: list[str]
    satisfied_choices: list[str]


class RateRead(BaseModel):
    unit_id: int
    name: str
    town: str | None
    answered: int
    satisfied: int
    rate: float | None
    below_target: bool


class SurveyResultsRead(BaseModel):
    campaign_id: int
    target: float
    total: RateRead
    towns: list[RateRead]
    villages: list[RateRead]
