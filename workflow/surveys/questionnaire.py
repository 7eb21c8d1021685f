"""The questionnaire of a campaign; the default one is drawn from seed 004's 认可度/满意度 items.

Seed 004 (巩固成效 · 认可度 60分): 「脱贫户、监测对象对帮扶措施满意度达到90%以上」, 「受访农户对乡村振兴
工作队和村两委工作满意度达到90%以上」, and 「提高政策知晓率」. 满意 and 基本满意 count as satisfied, as
the 满意度 surveys count them; the 知晓 question is asked but is not part of the rate.
Questions are addressed by their position, so a phone that went offline before they were saved still
posts answers the server understands.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.campaigns.models import Campaign
from workflow.db import insert_ignoring_conflict
from workflow.surveys.models import SurveyQuestion, SurveySetting

DEFAULT_TARGET = 0.9  # 004: 「确保群众满意度达到90%以上」
SATISFIED = ["满意", "基本满意"]
SCALE = ["满意", "基本满意", "不满意"]

DEFAULT_QUESTIONS = [
    ("您对享受到的帮扶措施满意吗？", SCALE, SATISFIED),
    ("您对乡村振兴工作队和村两委的工作满意吗？", SCALE, SATISFIED),
    ("您对本村巩固脱贫成果的成效认可吗？", ["认可", "基本认可", "不认可"], ["认可", "基本认可"]),
    ("您是否了解教育、医疗、住房、民政等帮扶政策？", ["了解", "部分了解", "不了解"], []),
]


def questions_of(session: Session, campaign: Campaign) -> list[SurveyQuestion]:
    """The saved questions, or (not saved) the default ones, so the form shows something before setup."""
    saved = list(session.scalars(select(SurveyQuestion).where(SurveyQuestion.campaign_id == campaign.id)
                                 .order_by(SurveyQuestion.position)))
    if saved:
        return saved
    return [SurveyQuestion(campaign_id=campaign.id, position=i, text=t, choices=c, satisfied_choices=s)
            for i, (t, c, s) in enumerate(DEFAULT_QUESTIONS, start=1)]


def ensure_questions(session: Session, campaign: Campaign) -> list[SurveyQuestion]:
    """Save the default questions when the campaign has none; two first answers at once save them once."""
    if session.scalar(select(SurveyQuestion.id).where(SurveyQuestion.campaign_id == campaign.id).limit(1)) is None:
        for i, (text, choices, satisfied) in enumerate(DEFAULT_QUESTIONS, start=1):
            insert_ignoring_conflict(session, SurveyQuestion, campaign_id=campaign.id, position=i, text=text,
                                     choices=choices, satisfied_choices=satisfied)
    return questions_of(session, campaign)


def target_of(session: Session, campaign_id: int) -> float:
    setting = session.get(SurveySetting, campaign_id)
    return setting.target if setting else DEFAULT_TARGET


__all__ = ["DEFAULT_QUESTIONS", "DEFAULT_TARGET", "ensure_questions", "questions_of", "target_of"]
