"""The campaign sample page (抽样): draw (office), see the current sample and earlier draws, verify a draw."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.campaigns.events import events_of
from workflow.campaigns.service import ensure_editor, get_campaign
from workflow.errors import DomainError, InvalidInput
from workflow.sampling import service
from workflow.sampling.schemas import SampleDraw

router = APIRouter()
FIELDS = ("towns", "poverty_villages_per_town", "other_villages_per_town", "exclude_last_campaigns", "seed")
DEFAULTS = {"towns": "4", "poverty_villages_per_town": "1", "other_villages_per_town": "1",
            "exclude_last_campaigns": "0", "seed": ""}


def _context(session: Session, actor: Actor, campaign_id: int, typed: dict | None = None,
             verification=None) -> dict:
    campaign = get_campaign(session, actor, campaign_id)
    samples = service.read_samples(session, actor, campaign_id)
    try:
        ensure_editor(session, actor, campaign)
        may_draw = True
    except DomainError:
        may_draw = False
    return {"campaign": campaign, "samples": samples, "may_draw": may_draw, "values": typed or DEFAULTS,
            "verification": verification, "events": events_of(session, campaign.id, kinds=("sample_drawn",))}


@router.get("/campaigns/{campaign_id:int}/samples")
def samples_page(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession):
    return render(request, "campaigns/samples.html", _context(session, actor, campaign_id), actor=actor)


@router.get("/campaigns/{campaign_id:int}/samples/{sample_id:int}/verify")
def verify_page(campaign_id: RowId, sample_id: RowId, request: Request, actor: PageActor, session: DbSession):
    result = service.verify_sample(session, actor=actor, campaign_id=campaign_id, sample_id=sample_id)
    return render(request, "campaigns/samples.html", _context(session, actor, campaign_id, verification=result),
                  actor=actor)


@router.post("/campaigns/{campaign_id:int}/samples", dependencies=[CsrfChecked])
def draw(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    typed = forms.values(form, FIELDS)
    try:
        service.draw_sample(session, actor=actor, campaign_id=campaign_id, data=_draw_input(form), now=clock.now())
    except DomainError as exc:
        return form_failure(request, session, exc, "campaigns/samples.html",
                            lambda: _context(session, actor, campaign_id, typed), actor=actor)
    return done(request, f"/campaigns/{campaign_id}/samples", message="已完成随机抽样")


def _draw_input(form) -> SampleDraw:
    values = {}
    for name in FIELDS:
        raw = str(form.get(name) or "").strip()
        if raw:
            if not raw.isdigit():
                raise InvalidInput("抽样参数须为不小于0的整数", detail={"field": name})
            values[name] = int(raw)
    try:
        return SampleDraw(**values)
    except ValidationError as exc:
        name = str(exc.errors()[0]["loc"][0])
        raise InvalidInput("抽样参数超出范围（乡镇数1–200，每镇各类村0–100，排除近期0–50次）",
                           detail={"field": name}) from exc
