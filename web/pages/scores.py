"""The campaign score page (督导评估得分): towns and units ranked, area subtotals, bonus points proposed and decided.

Everyone who sees the campaign sees the rows of the units they may see (a town: its own); the office
decides bonus entries here; towns, villages and inspectors propose them with one evidence file.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.campaigns.queries import walk_places
from workflow.errors import DomainError, InvalidInput
from workflow.orgs.models import OrgUnit
from workflow.scoring import bonus
from workflow.scoring.models import BONUS_CATEGORIES
from workflow.scoring.schemas import BonusDecision, BonusIn
from workflow.scoring.scores import campaign_scores

router = APIRouter()
BONUS_FIELDS = ("unit_id", "category", "articles", "awarded_on", "description")


def _context(session: Session, actor: Actor, campaign_id: int, typed: dict | None = None) -> dict:
    scores = campaign_scores(session, actor, campaign_id)
    entries = bonus.list_bonuses(session, actor, campaign_id)
    names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)
                                 .where(OrgUnit.id.in_({b.unit_id for b in entries}))).all())
    may_propose = actor.has_any(*bonus.PROPOSERS)
    return {"campaign": scores.campaign, "scores": scores, "bonuses": entries, "unit_names": names,
            "categories": BONUS_CATEGORIES, "may_decide": actor.has_any(*bonus.DECIDERS),
            "bonus_units": walk_places(session, actor, scores.campaign) if may_propose else [],
            "values": typed or {"category": "municipal", "articles": "1"}}


@router.get("/campaigns/{campaign_id:int}/scores")
def scores_page(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession):
    return render(request, "campaigns/scores.html", _context(session, actor, campaign_id), actor=actor)


@router.post("/campaigns/{campaign_id:int}/bonuses", dependencies=[CsrfChecked])
def propose_bonus(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                  store: StoreDep, form: Form):
    typed = forms.values(form, BONUS_FIELDS)
    try:
        files = forms.uploads(form, "evidence")
        bonus.propose_bonus(session, actor=actor, campaign_id=campaign_id, data=_bonus_input(form),
                            evidence=files[0] if files else None, now=clock.now(), store=store)
    except DomainError as exc:
        return form_failure(request, session, exc, "campaigns/scores.html",
                            lambda: _context(session, actor, campaign_id, typed), actor=actor)
    return done(request, f"/campaigns/{campaign_id}/scores#bonuses", message="加分已申报，待领导小组办公室审核")


@router.post("/campaigns/{campaign_id:int}/bonuses/{bonus_id:int}/decision", dependencies=[CsrfChecked])
def decide_bonus(campaign_id: RowId, bonus_id: RowId, request: Request, actor: PageActor, session: DbSession,
                 clock: ClockDep, form: Form):
    data = BonusDecision(approve=form.get("approve") == "1", note=str(form.get("note") or "")[:1000])
    try:
        entry = bonus.decide_bonus(session, actor=actor, campaign_id=campaign_id, bonus_id=bonus_id, data=data,
                                   now=clock.now())
    except DomainError as exc:
        return form_failure(request, session, exc, "campaigns/scores.html",
                            lambda: _context(session, actor, campaign_id), actor=actor)
    return done(request, f"/campaigns/{campaign_id}/scores#bonuses", message=f"加分{entry.status_label}")


def _bonus_input(form) -> BonusIn:
    if forms.optional_int(form, "unit_id") is None:
        raise InvalidInput("请选择加分单位", detail={"field": "unit_id"})
    if forms.optional_date(form, "awarded_on") is None:
        raise InvalidInput("请填写加分事项的日期", detail={"field": "awarded_on"})
    try:
        return BonusIn(unit_id=forms.optional_int(form, "unit_id"), category=str(form.get("category") or ""),
                       articles=forms.optional_int(form, "articles") or 1,
                       awarded_on=forms.optional_date(form, "awarded_on"),
                       description=str(form.get("description") or ""))
    except ValidationError as exc:
        name = str(exc.errors()[0]["loc"][0])
        labels = {"unit_id": "加分单位", "category": "加分类别", "articles": "篇数（1–100）",
                  "awarded_on": "日期", "description": "事由"}
        raise InvalidInput(f"{labels.get(name, name)}填写有误", detail={"field": name}) from exc
