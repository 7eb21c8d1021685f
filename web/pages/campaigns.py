"""Campaign pages: the list, one campaign with its progress and walks, and the create/edit form.

The form posts plainly (no script needed); the scope and team lists get a type-ahead filter from
``/static/filter.js``. Parsing turns the posted strings into ``CampaignCreate``, the API's own input.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import MAX_DB_INT, RowId
from workflow.campaigns import queries, service
from workflow.campaigns.models import CAMPAIGN_KINDS, Campaign
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import list_campaigns
from workflow.checklists.queries import get_checklist, list_checklists
from workflow.errors import DomainError, InvalidInput
from workflow.inspections.queries import inspections_of
from workflow.inspections.service import ensure_walker, start_inspection

router = APIRouter()

FIELDS = ("name", "kind", "starts_on", "ends_on", "checklist_id", "description", "deadline_kind", "deadline_days",
          "due_on", "verifier_photo_areas")
LABELS = {"name": "活动名称", "kind": "督查类型", "starts_on": "开始日期", "ends_on": "结束日期",
          "checklist_id": "督导细则", "deadline": "默认整改时限", "scope_unit_ids": "督查范围",
          "team_person_ids": "检查组成员", "description": "说明"}
# A campaign's default: relative limits count from each ticket's 交办; a timetable belongs to one ticket.
DEADLINE_KINDS = [("none", "不设默认"), ("working_days", "限定工作日"), ("calendar_days", "限定天数（自然日）"),
                  ("immediate", "立行立改"), ("fixed_date", "指定日期")]


@router.get("/campaigns")
def campaigns(request: Request, actor: PageActor, session: DbSession):
    return render(request, "campaigns/list.html", {"campaigns": list_campaigns(session, actor)}, actor=actor)


@router.get("/campaigns/{campaign_id:int}")
def campaign(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    found = service.get_campaign(session, actor, campaign_id)
    return render(request, "campaigns/detail.html", {
        "campaign": found, "progress": service.campaign_progress(session, actor, found.id, now=clock.now()),
        "checklist": get_checklist(session, found.checklist_id), "walks": inspections_of(session, actor, found.id),
        "places": _walk_places(session, actor, found), "may_edit": _may(service.ensure_editor, session, actor, found),
    }, actor=actor)


@router.get("/campaigns/new")
def new_campaign(request: Request, actor: PageActor, session: DbSession):
    service.ensure_manager(actor)
    typed = dict.fromkeys(FIELDS, "") | {"kind": "open_check", "deadline_kind": "none"}
    return render(request, "campaigns/form.html", _context(session, actor, typed, [], [], None), actor=actor)


@router.post("/campaigns/new", dependencies=[CsrfChecked])
def create_campaign(request: Request, actor: PageActor, session: DbSession, form: Form):
    service.ensure_manager(actor)
    try:
        created = service.create_campaign(session, actor=actor, data=_campaign_input(form))
    except DomainError as exc:
        return _failure(request, session, actor, form, exc, None)
    return done(request, f"/campaigns/{created.id}", message="督查活动已创建")


@router.get("/campaigns/{campaign_id:int}/edit")
def edit_campaign(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession):
    found = service.get_campaign(session, actor, campaign_id)
    service.ensure_editor(session, actor, found)
    return render(request, "campaigns/form.html", _context(session, actor, _typed_of(found), found.scope_unit_ids,
                                                           found.team_person_ids, found), actor=actor)


@router.post("/campaigns/{campaign_id:int}/edit", dependencies=[CsrfChecked])
def update_campaign(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, form: Form):
    try:
        service.update_campaign(session, actor=actor, campaign_id=campaign_id, data=_campaign_input(form))
    except InvalidInput as exc:
        return _failure(request, session, actor, form, exc, service.get_campaign(session, actor, campaign_id))
    return done(request, f"/campaigns/{campaign_id}", message="督查活动已保存")


@router.post("/campaigns/{campaign_id:int}/walks", dependencies=[CsrfChecked])
def start_walk(campaign_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
               form: Form):
    """逐项检查: open (or resume) the walk at the chosen village."""
    place_id = forms.optional_int(form, "place_id")
    if place_id is None or not 0 < place_id <= MAX_DB_INT:
        raise InvalidInput("请选择检查的村（社区）", detail={"field": "place_id"})
    inspection = start_inspection(session, actor=actor, campaign_id=campaign_id, place_id=place_id, now=clock.now())
    return done(request, f"/inspections/{inspection.id}", message="已开始逐项检查")


def _may(check, session: Session, actor: Actor, campaign: Campaign) -> bool:
    try:
        check(session, actor, campaign)
    except DomainError:
        return False
    return True


def _walk_places(session: Session, actor: Actor, campaign: Campaign) -> list:
    """Where this actor may start a walk; empty when they may not walk this campaign at all."""
    try:
        ensure_walker(actor, campaign)
    except DomainError:
        return []
    return queries.walk_places(session, actor, campaign) if campaign.checklist_id else []


def _context(session: Session, actor: Actor, typed: dict, scope: list[int], team: list[int],
             campaign: Campaign | None) -> dict:
    return {"values": typed, "scope": set(scope), "team": set(team), "campaign": campaign,
            "kinds": CAMPAIGN_KINDS, "deadline_kinds": DEADLINE_KINDS, "checklists": list_checklists(session),
            "units": queries.scope_candidates(session, actor), "people": queries.team_candidates(session, actor)}


def _failure(request: Request, session: Session, actor: Actor, form: FormData, exc: DomainError,
             campaign: Campaign | None):
    typed = forms.values(form, FIELDS)
    scope, team = _ids(form, "scope_unit_ids"), _ids(form, "team_person_ids")
    return form_failure(request, session, exc, "campaigns/form.html",
                        lambda: _context(session, actor, typed, scope, team, campaign), actor=actor)


def _typed_of(c: Campaign) -> dict:
    rule = c.deadline_rule or {}
    return {"name": c.name, "kind": c.kind, "starts_on": c.starts_on.isoformat(), "ends_on": c.ends_on.isoformat(),
            "checklist_id": c.checklist_id or "", "description": c.description or "",
            "deadline_kind": rule.get("kind", "none"), "deadline_days": str(rule.get("days") or ""),
            "due_on": rule.get("due_on", ""), "verifier_photo_areas": "、".join(c.verifier_photo_areas or [])}


def _ids(form: FormData, name: str) -> list[int]:
    return [int(v) for v in form.getlist(name) if str(v).isdigit() and 0 < int(v) <= MAX_DB_INT]


def _campaign_input(form: FormData) -> CampaignCreate:
    for name in ("starts_on", "ends_on"):
        if forms.optional_date(form, name) is None:
            raise InvalidInput(f"请填写{LABELS[name]}", detail={"field": name})
    try:
        return CampaignCreate(
            name=str(form.get("name") or ""), kind=str(form.get("kind") or ""),
            starts_on=forms.optional_date(form, "starts_on"), ends_on=forms.optional_date(form, "ends_on"),
            checklist_id=str(form.get("checklist_id") or "") or None,
            scope_unit_ids=_ids(form, "scope_unit_ids"), team_person_ids=_ids(form, "team_person_ids"),
            deadline=_deadline(form), description=str(form.get("description") or "").strip() or None,
            verifier_photo_areas=_areas(str(form.get("verifier_photo_areas") or "")))
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err.get("loc") else ""
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "string_too_short":
            message = f"请填写{LABELS.get(name, name)}"
        raise InvalidInput(message, detail={"field": name}) from exc


def _areas(text: str) -> list[str]:
    """验收须附验收人照片的领域, separated by 、，, or spaces; “全部” or * for every area (issue 16)."""
    parts = [p.strip() for p in re.split(r"[、，,;；\s]+", text) if p.strip()]
    return ["*" if p in ("全部", "*") else p for p in parts]


def _deadline(form: FormData) -> dict | None:
    """The ticket form's policy picker, without a timetable: ``none`` means tickets get no default."""
    kind = str(form.get("deadline_kind") or "none")
    if kind == "none":
        return None
    if kind == "timetable":
        raise InvalidInput("督查活动的默认时限不能是整改时间表", detail={"field": "deadline"})
    fields = forms.deadline_fields(form)
    if kind == "fixed_date":
        if fields["due_on"] is None:
            raise InvalidInput("请填写指定的整改期限", detail={"field": "due_on"})
        return {"kind": "fixed_date", "due_on": fields["due_on"]}
    return fields["deadline"]
