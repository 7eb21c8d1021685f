"""Satisfaction surveys of a campaign: the questionnaire, one household's answers (idempotent), results."""

from __future__ import annotations

from fastapi import APIRouter, Response

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.campaigns.service import get_campaign
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.surveys import service
from workflow.surveys.questionnaire import questions_of
from workflow.surveys.results import survey_results
from workflow.surveys.schemas import QuestionRead, ResponseIn, ResponseRead, SurveyResultsRead, SurveySetup

router = APIRouter(prefix="/campaigns/{campaign_id}/survey", tags=["surveys"])


@router.get("/questions", response_model=list[QuestionRead], responses=error_responses(NotAuthenticated, NotFound))
def questions(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    """The saved questionnaire, or seed 004's default until the office sets one up."""
    return questions_of(session, get_campaign(session, actor, campaign_id))


@router.put("", response_model=list[QuestionRead],
            responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def set_up(campaign_id: RowId, body: SurveySetup, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return service.set_up_survey(session, actor=actor, campaign_id=campaign_id, data=body, now=clock.now())


@router.post("/responses", response_model=ResponseRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def submit(campaign_id: RowId, body: ResponseIn, actor: CurrentActor, session: DbSession, clock: ClockDep,
           response: Response):
    """201 the first time a key arrives; 200 with ``created: false`` for a resend, which counts nothing."""
    saved, created = service.submit_response(session, actor=actor, campaign_id=campaign_id, data=body,
                                             now=clock.now())
    if not created:
        response.status_code = 200
    return ResponseRead(id=saved.id, key=saved.idempotency_key, village_id=saved.village_id,
                        respondent_type=saved.respondent_type, received_at=saved.received_at, created=created)


@router.get("/results", response_model=SurveyResultsRead, responses=error_responses(NotAuthenticated, NotFound))
def results(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    """Per village and town over the units the reader may see; ``below_target`` is shown red."""
    return survey_results(session, actor, campaign_id).as_dict()
