"""A campaign's questionnaire, and the households' answers as the phone sent them.

A response is one household visit: its ``idempotency_key`` is made by the phone before the first try,
so a resend after a lost signal finds the same key and inserts nothing (rule 19 counts each visit once).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime

RESPONDENT_TYPES = {
    "lifted_household": "脱贫户",
    "monitored_household": "监测对象",
    "ordinary_household": "一般农户",
    "village_cadre": "村干部",
}


class SurveySetting(Base):
    """The campaign's satisfaction target (seed 004: 「确保群众满意度达到90%以上」), as a share."""

    __tablename__ = "survey_setting"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    target: Mapped[float] = mapped_column(default=0.9)


class SurveyQuestion(Base):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("campaign_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(300))
    choices: Mapped[list] = mapped_column(JSON)
    # The choices that count as satisfied; an empty list: the question is asked but not in the rate.
    satisfied_choices: Mapped[list] = mapped_column(JSON)

    @property
    def counts(self) -> bool:
        return bool(self.satisfied_choices)


class SurveyResponse(Base):
    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    respondent_type: Mapped[str] = mapped_column(String(30))
    household: Mapped[str | None] = mapped_column(String(100))
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def respondent_label(self) -> str:
        return RESPONDENT_TYPES.get(self.respondent_type, self.respondent_type)


class SurveyAnswer(Base):
    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    choice: Mapped[str] = mapped_column(String(100))
    # Decided when answered (the question's satisfied choices then); None: a question not in the rate.
    satisfied: Mapped[bool | None]
