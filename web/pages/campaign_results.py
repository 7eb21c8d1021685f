"""Campaign pages for the survey (phone form + results) and the indicators (board, entry, xlsx import).

The survey form works without script (a plain post with the key the page was rendered with, so a
double submit counts once); ``/static/survey.js`` keeps answers in the phone when the signal is lost and
sends them through the API when it is back. A refusal raises the domain error, which the error page
shows in Chinese with its 4xx status, after the request's transaction rolled back.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.campaigns.access import campaign_for_entry, in_scope
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import ensure_editor, get_campaign
from workflow.errors import DomainError, InvalidInput
from workflow.imports.problem_list import MAX_FILE_BYTES
from workflow.indicators import service as indicators
from workflow.indicators.importing import import_actuals
from workflow.indicators.models import Indicator
from workflow.indicators.results import indicator_board
from workflow.indicators.schemas import ActualIn, IndicatorIn
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units
from workflow.surveys.models import RESPONDENT_TYPES
from workflow.surveys.questionnaire import questions_of
from workflow.surveys.results import survey_results
from workflow.surveys.schemas import ResponseIn, SurveySetup
from workflow.surveys.service import set_up_survey, submit_response

router = APIRouter()


def _may(check) -> bool:
    try:
        check()
    except DomainError:
        return False
    return True


def _units(session: Session, actor: Actor, campaign: Campaign, kinds: tuple[str, ...]) -> list[OrgUnit]:
    query = visible_units(actor).where(OrgUnit.kind.in_(kinds), OrgUnit.is_active).order_by(OrgUnit.path)
    return [u for u in session.scalars(query) if in_scope(session, campaign, u)]


@router.get("/campaigns/{campaign_id:int}/survey")
def survey_page(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession):
    campaign = get_campaign(session, actor, campaign_id)
    may_enter = _may(lambda: campaign_for_entry(session, actor, campaign.id))
    return render(request, "campaigns/survey.html", {
        "campaign": campaign, "questions": questions_of(session, campaign), "results": survey_results(
            session, actor, campaign.id), "may_enter": may_enter, "respondent_types": RESPONDENT_TYPES,
        "villages": _units(session, actor, campaign, ("village",)) if may_enter else [],
        "key": f"form-{secrets.token_hex(12)}",
        "may_edit": _may(lambda: ensure_editor(session, actor, campaign)),
    }, actor=actor)


@router.post("/campaigns/{campaign_id:int}/survey", dependencies=[CsrfChecked])
def survey_post(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                form: Form):
    """The form without script: one household; the rendered key makes a double submit count once."""
    answers = {int(k.removeprefix("q-")): str(v) for k, v in form.multi_items() if k.startswith("q-")
               and k.removeprefix("q-").isdigit() and v}
    if not answers:
        raise InvalidInput("请至少回答一题", detail={"field": "answers"})
    try:
        data = ResponseIn(key=str(form.get("key") or ""), village_id=forms.optional_int(form, "village_id") or 0,
                          respondent_type=str(form.get("respondent_type") or ""),
                          household=str(form.get("household") or "") or None, answers=answers)
    except ValidationError as exc:
        raise InvalidInput("问卷填写不完整：请选择受访村和受访对象", detail={"field": "village_id"}) from exc
    _, created = submit_response(session, actor=actor, campaign_id=campaign_id, data=data, now=clock.now())
    message = "问卷已提交" if created else "该问卷已提交过，未重复计入"
    return done(request, f"/campaigns/{campaign_id}/survey", message=message)


@router.post("/campaigns/{campaign_id:int}/survey/target", dependencies=[CsrfChecked])
def survey_target(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                  form: Form):
    try:
        target = float(str(form.get("target") or "").strip()) / 100
        data = SurveySetup(target=target)
    except (ValueError, ValidationError) as exc:
        raise InvalidInput("满意度目标须为 1–100 之间的数字（%）", detail={"field": "target"}) from exc
    set_up_survey(session, actor=actor, campaign_id=campaign_id, data=data, now=clock.now())
    return done(request, f"/campaigns/{campaign_id}/survey", message=f"满意度目标已设为{target:.0%}")


@router.get("/campaigns/{campaign_id:int}/indicators")
def indicators_page(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession):
    return render(request, "campaigns/indicators.html", _indicators_context(session, actor, campaign_id), actor=actor)


def _indicators_context(session: Session, actor: Actor, campaign_id: int) -> dict:
    campaign = get_campaign(session, actor, campaign_id)
    may_enter = _may(lambda: campaign_for_entry(session, actor, campaign.id))
    return {"campaign": campaign, "board": indicator_board(session, actor, campaign.id), "may_enter": may_enter,
            "may_edit": _may(lambda: ensure_editor(session, actor, campaign)),
            "units": _units(session, actor, campaign, ("town", "village")) if may_enter else []}


@router.post("/campaigns/{campaign_id:int}/indicators", dependencies=[CsrfChecked])
def define_indicator(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                     form: Form):
    try:
        data = IndicatorIn(name=str(form.get("name") or ""), unit=str(form.get("unit") or "%"),
                           comparison=str(form.get("comparison") or ""), target=float(str(form.get("target") or "")),
                           due_on=forms.optional_date(form, "due_on"))
    except (ValueError, ValidationError) as exc:
        raise InvalidInput("请填写指标名称、比较方式（低于/不低于）和目标值（数字）", detail={"field": "name"}) from exc
    indicator = indicators.define_indicator(session, actor=actor, campaign_id=campaign_id, data=data, now=clock.now())
    return done(request, f"/campaigns/{campaign_id}/indicators", message=f"已新增指标：{indicator.name}")


@router.post("/campaigns/{campaign_id:int}/indicators/rule-19", dependencies=[CsrfChecked])
def define_rule_19(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                   form: Form):
    """The four indicators of rule 19 at once (those already there are left as they are)."""
    campaign = get_campaign(session, actor, campaign_id)
    have = set(session.scalars(select(Indicator.name).where(Indicator.campaign_id == campaign.id)))
    added = 0
    for data in indicators.rule_19(forms.optional_date(form, "due_on")):
        if data.name not in have:
            indicators.define_indicator(session, actor=actor, campaign_id=campaign.id, data=data, now=clock.now())
            added += 1
    return done(request, f"/campaigns/{campaign_id}/indicators", message=f"已新增{added}项指标")


@router.post("/campaigns/{campaign_id:int}/indicators/actuals", dependencies=[CsrfChecked])
def record_actual(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                  form: Form):
    indicator_id = forms.optional_int(form, "indicator_id")
    try:
        data = ActualIn(org_unit_id=forms.optional_int(form, "org_unit_id") or 0,
                        value=float(str(form.get("value") or "").replace("%", "")),
                        note=str(form.get("note") or "") or None)
    except (ValueError, ValidationError) as exc:
        raise InvalidInput("请选择单位并填写实际值（数字）", detail={"field": "value"}) from exc
    indicator = indicators.get_indicator(session, actor, indicator_id or 0)
    if indicator.campaign_id != campaign_id:
        raise InvalidInput("指标不属于本次督查", detail={"field": "indicator_id"})
    indicators.record_actual(session, actor=actor, indicator_id=indicator.id, data=data, now=clock.now())
    return done(request, f"/campaigns/{campaign_id}/indicators", message=f"已填报：{indicator.name}")


@router.post("/campaigns/{campaign_id:int}/indicators/import", dependencies=[CsrfChecked])
def import_page(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                file: Annotated[UploadFile, File()]):
    """A refused file shows the page again with every row's problem; nothing was imported."""
    try:
        result = import_actuals(session, actor=actor, campaign_id=campaign_id,
                                content=file.file.read(MAX_FILE_BYTES + 1), now=clock.now())
    except InvalidInput as exc:
        session.rollback()
        errors = exc.detail.get("errors", []) if isinstance(exc.detail, dict) else []
        context = _indicators_context(session, actor, campaign_id) | {"error": exc.message, "import_errors": errors}
        return render(request, "campaigns/indicators.html", context, actor=actor, status=422)
    return done(request, f"/campaigns/{campaign_id}/indicators", message=f"已导入{result.imported}条实际值")
