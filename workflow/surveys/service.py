"""Survey verbs: set up the questionnaire, take one household's answers (once per key).

``submit_response`` is what the phone posts, maybe several times for the same visit (a lost signal, a
retry after reload): the first post with a key counts, every later one answers the same response with
``created=False`` and changes nothing. A refusal (bad village, unknown choice) is a 422 that the phone
shows and does not resend.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.adminlog import service as adminlog
from workflow.campaigns.access import campaign_for_editing, campaign_for_entry, in_scope
from workflow.db import insert_ignoring_conflict
from workflow.errors import InvalidInput
from workflow.orgs.service import get_visible_unit
from workflow.surveys.models import RESPONDENT_TYPES, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySetting
from workflow.surveys.questionnaire import DEFAULT_QUESTIONS, ensure_questions
from workflow.surveys.schemas import ResponseIn, SurveySetup


def set_up_survey(session: Session, *, actor: Actor, campaign_id: int, data: SurveySetup,
                  now: datetime) -> list[SurveyQuestion]:
    """The office sets the target and the questions; questions cannot change once households answered."""
    campaign = campaign_for_editing(session, actor, campaign_id)
    setting = session.get(SurveySetting, campaign.id) or SurveySetting(campaign_id=campaign.id)
    setting.target = data.target
    session.add(setting)
    answered = session.scalar(select(SurveyResponse.id).where(SurveyResponse.campaign_id == campaign.id).limit(1))
    if data.questions is not None:
        if answered is not None:
            raise InvalidInput("已有农户作答，问卷题目不能再修改（可修改满意度目标）", detail={"field": "questions"})
        for q in data.questions:
            if bad := [c for c in q.satisfied_choices if c not in q.choices]:
                raise InvalidInput(f"“{q.text}”的满意选项不在选项中：{'、'.join(bad)}", detail={"field": "questions"})
        session.execute(delete(SurveyQuestion).where(SurveyQuestion.campaign_id == campaign.id))
        for i, q in enumerate(data.questions, start=1):
            session.add(SurveyQuestion(campaign_id=campaign.id, position=i, text=q.text.strip(),
                                       choices=[c.strip() for c in q.choices],
                                       satisfied_choices=[c.strip() for c in q.satisfied_choices]))
        session.flush()
    questions = ensure_questions(session, campaign)
    adminlog.record(session, actor=actor, at=now, entity_kind="campaign", entity_id=campaign.id, action="update",
                    after={"survey_target": data.target, "questions": len(questions)},
                    summary=f"设置满意度调查：目标{data.target:.0%}，{len(questions)}题"
                            + ("（默认问卷）" if data.questions is None and answered is None else ""))
    return questions


def submit_response(session: Session, *, actor: Actor, campaign_id: int, data: ResponseIn,
                    now: datetime) -> tuple[SurveyResponse, bool]:
    campaign = campaign_for_entry(session, actor, campaign_id)
    existing = _by_key(session, data.key)
    if existing is not None:
        return _same_visit(existing, campaign.id), False
    village = get_visible_unit(session, actor, data.village_id, what="受访村")
    if village.kind != "village":
        raise InvalidInput("受访地点必须是村（社区）", detail={"field": "village_id"})
    if not in_scope(session, campaign, village):
        raise InvalidInput(f"{village.name}不在本次督查的范围内", detail={"field": "village_id"})
    if data.respondent_type not in RESPONDENT_TYPES:
        raise InvalidInput(f"未知的受访对象类型：{data.respondent_type}", detail={"field": "respondent_type"})
    questions = {q.position: q for q in ensure_questions(session, campaign)}
    for position, choice in data.answers.items():
        question = questions.get(position)
        if question is None:
            raise InvalidInput(f"问卷没有第{position}题", detail={"field": "answers"})
        if choice not in question.choices:
            raise InvalidInput(f"第{position}题没有“{choice}”这个选项", detail={"field": "answers"})
    household = (data.household or "").strip() or None
    if not insert_ignoring_conflict(session, SurveyResponse, idempotency_key=data.key, campaign_id=campaign.id,
                                    village_id=village.id, respondent_type=data.respondent_type,
                                    household=household, entered_by=actor.person_id, received_at=now):
        return _same_visit(_by_key(session, data.key), campaign.id), False  # the same key, a moment ago
    response = _by_key(session, data.key)
    for position, choice in sorted(data.answers.items()):
        question = questions[position]
        session.add(SurveyAnswer(response_id=response.id, question_id=question.id, choice=choice,
                                 satisfied=(choice in question.satisfied_choices) if question.counts else None))
    session.flush()
    return response, True


def _by_key(session: Session, key: str) -> SurveyResponse | None:
    return session.scalar(select(SurveyResponse).where(SurveyResponse.idempotency_key == key))


def _same_visit(response: SurveyResponse, campaign_id: int) -> SurveyResponse:
    if response.campaign_id != campaign_id:
        raise InvalidInput("该问卷编号已用于其他督查活动，请重新填写", detail={"field": "key"})
    return response


__all__ = ["DEFAULT_QUESTIONS", "set_up_survey", "submit_response"]
