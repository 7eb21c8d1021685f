"""约谈与扣分: the 约谈 list with filters, one 约谈 (targets, minutes, attachments; held / cancelled),
the strikes per unit and year with their sanctions. Same services as web/api/interviews.py; what the
actor may not see answers 404, recording by a role that may not answers 403 (the services decide).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session

from web.api.downloads import stored_upload
from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.deadlines.local_time import local_date
from workflow.errors import DomainError
from workflow.escalation import interviews, queries
from workflow.escalation.interviews import KEEPERS, InterviewFilters, InterviewUpdate
from workflow.escalation.models import INTERVIEW_STATUSES
from workflow.orgs.service import list_visible_units
from workflow.tickets.worklists import person_names

router = APIRouter()
FIELDS = ("version", "status", "planned_on", "held_on", "minutes", "cancel_reason")
# What the page says after the form (web/pages/flash.py), by the status posted.
INTERVIEW_DONE = {"held": "已记录约谈", "cancelled": "已取消约谈", "planned": "约谈安排已保存"}


@router.get("/interviews")
def interview_list(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, year: str = "",
                   status: str = "", unit_id: str = ""):
    typed = {"year": year, "status": status, "unit_id": unit_id}
    filters = InterviewFilters(year=forms.optional_int_or_none(year), unit_id=forms.optional_int_or_none(unit_id),
                               status=status if status in INTERVIEW_STATUSES else None)
    units = list_visible_units(session, actor)
    this_year = local_date(clock.now()).year
    return render(request, "interviews/list.html", {
        "interviews": interviews.list_interviews(session, actor, filters), "values": typed, "units": units,
        "unit_names": {u.id: u.name for u in units}, "statuses": INTERVIEW_STATUSES,
        "years": list(range(this_year, this_year - 4, -1)),
        "strikes": queries.strikes_overview(session, actor, filters.year or this_year),
        "strike_year": filters.year or this_year,
    }, actor=actor)


def _detail(session: Session, actor: Actor, interview_id: RowId, typed: dict | None = None) -> dict:
    interview = interviews.get_visible_interview(session, actor, interview_id)
    targets = interviews.targets_of(session, interview.id)
    files = interviews.attachments_of(session, interview.id)
    unit = {u.id: u for u in list_visible_units(session, actor)}.get(interview.unit_id)
    return {"i": interview, "targets": targets, "files": files, "unit": unit, "values": typed or {},
            "may_keep": actor.has_any(*KEEPERS), "statuses": INTERVIEW_STATUSES,
            "names": person_names(session, {interview.conducted_by_person_id, *(f.uploaded_by_id for f in files)})}


@router.get("/interviews/{interview_id:int}")
def interview_page(interview_id: RowId, request: Request, actor: PageActor, session: DbSession):
    return render(request, "interviews/detail.html", _detail(session, actor, interview_id), actor=actor)


@router.post("/interviews/{interview_id:int}", dependencies=[CsrfChecked])
def update_interview(interview_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                     form: Form):
    typed = forms.values(form, FIELDS)
    try:
        try:
            data = InterviewUpdate(
                version=forms.optional_int(form, "version") or 0, status=typed["status"] or None,
                planned_on=forms.optional_date(form, "planned_on"), held_on=forms.optional_date(form, "held_on"),
                minutes=typed["minutes"] if "minutes" in form else None,
                cancel_reason=typed["cancel_reason"] or None)
        except ValidationError as exc:
            raise forms.invalid(exc) from exc
        interviews.update_interview(session, actor=actor, interview_id=interview_id, data=data, now=clock.now())
    except DomainError as exc:
        return form_failure(request, session, exc, "interviews/detail.html",
                            lambda: _detail(session, actor, interview_id, typed), actor=actor)
    return done(request, f"/interviews/{interview_id}", message=INTERVIEW_DONE.get(typed["status"], "约谈已保存"))


@router.post("/interviews/{interview_id:int}/attachments", dependencies=[CsrfChecked])
def upload_attachments(interview_id: RowId, request: Request, actor: PageActor, session: DbSession,
                       clock: ClockDep, store: StoreDep, form: Form):
    try:
        interviews.attach(session, actor=actor, interview_id=interview_id, uploads=forms.uploads(form, "files"),
                          now=clock.now(), store=store)
    except DomainError as exc:
        return form_failure(request, session, exc, "interviews/detail.html",
                            lambda: _detail(session, actor, interview_id), actor=actor)
    return done(request, f"/interviews/{interview_id}#files", message="约谈材料已上传")


@router.get("/interview-attachments/{attachment_id:int}")
def attachment(attachment_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    row = interviews.get_visible_attachment(session, actor, attachment_id)
    return stored_upload(store, row.sha256, row.content_type, row.filename)


@router.get("/units/{unit_id:int}/strikes")
def unit_strikes(unit_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                 year: str = ""):
    chosen = forms.optional_int_or_none(year) or local_date(clock.now()).year
    found = queries.strikes_of_unit(session, actor, unit_id, chosen)
    return render(request, "interviews/unit_strikes.html", {
        "s": found, "year": chosen, "years": list(range(local_date(clock.now()).year, chosen - 4, -1)),
        "names": person_names(session, {p.person_id for p in found.people} | {x.person_id for x in found.sanctions}),
        "sanction_links": queries.sanction_links(session, [x.id for x in found.sanctions]),
        "source_units": queries.unit_names(session, {x.source_unit_id for x in found.sanctions if x.source_unit_id}),
    }, actor=actor)
