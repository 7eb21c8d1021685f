"""The ticket page: details, evidence by set, the timeline, and a form for every move the actor may make.

Moves and uploads call the same services as the API (moves.apply_trigger, evidence.attach_evidence);
a refusal shows the page again with the reason and what the user typed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.deadline_panel import deadline_panel
from web.pages.render import Form, PageActor, done, form_failure, local_path, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.errors import DomainError, InvalidInput
from workflow.orgs.service import list_visible_units
from workflow.tickets import queries
from workflow.tickets.evidence import attach_evidence
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.thumbnails import thumbnail
from workflow.tickets.views import ticket_view

router = APIRouter()

MOVE_FIELDS = ("trigger", "comment", "plan", "lead_unit_id", "stage", "evidence_comment")


def ticket_context(request: Request, session: Session, actor: Actor, ticket_id: RowId,
                   typed: dict | None = None) -> dict:
    """Everything the ticket page shows; also used to show it again after a refused form (web/pages/deadlines.py)."""
    now = request.app.state.clock.now()
    view = ticket_view(session, actor, ticket_id, now=now,
                       within=request.app.state.settings.yellow_within_working_days)
    assign = any(t == "assign" for t, _ in view.moves)
    return {"view": view, "t": view.ticket, "now": now, "values": typed or {},
            "lead_units": list_visible_units(session, actor) if assign else [],
            "deadlines": deadline_panel(session, actor, view.ticket, now=now)}


@router.get("/tickets/{ticket_id:int}")
def ticket_page(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    return render(request, "tickets/detail.html", ticket_context(request, session, actor, ticket_id), actor=actor)


@router.post("/tickets/{ticket_id:int}/move", dependencies=[CsrfChecked])
def move_ticket(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                form: Form):
    typed = forms.values(form, MOVE_FIELDS)
    try:
        version = forms.optional_int(form, "version")
        if version is None:
            raise InvalidInput("缺少版本号，请刷新页面后重试", detail={"field": "version"})
        data = MoveInput(trigger=typed["trigger"], version=version, comment=typed["comment"].strip(),
                         plan=typed["plan"].strip() or None, lead_unit_id=forms.optional_int(form, "lead_unit_id"))
        apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())
    except DomainError as exc:
        return form_failure(request, session, exc, "tickets/detail.html",
                            lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)
    return done(request, local_path(str(form.get("next") or ""), f"/tickets/{ticket_id}"))


@router.post("/tickets/{ticket_id:int}/evidence", dependencies=[CsrfChecked])
def upload_evidence(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                    store: StoreDep, form: Form):
    typed = forms.values(form, MOVE_FIELDS)
    try:
        attach_evidence(session, actor=actor, ticket_id=ticket_id, stage=typed["stage"] or "rectified",
                        uploads=forms.uploads(form, "files"), comment=typed["evidence_comment"].strip(),
                        now=clock.now(), store=store)
    except DomainError as exc:
        return form_failure(request, session, exc, "tickets/detail.html",
                            lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)
    return done(request, f"/tickets/{ticket_id}#evidence")


@router.get("/evidence/{evidence_id:int}/thumb")
def evidence_thumbnail(evidence_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    evidence = queries.get_visible_evidence(session, actor, evidence_id)
    path = thumbnail(store, evidence.sha256) if evidence.content_type.startswith("image/") else None
    if path is None:
        return Response(_FILE_ICON, media_type="image/svg+xml", headers=_PRIVATE_CACHE)
    return FileResponse(path, media_type="image/jpeg", headers=_PRIVATE_CACHE)


@router.get("/evidence/{evidence_id:int}/file")
def evidence_file(evidence_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    evidence = queries.get_visible_evidence(session, actor, evidence_id)
    return FileResponse(store.path_for(evidence.sha256), media_type=evidence.content_type,
                        filename=evidence.filename, content_disposition_type="inline", headers=_PRIVATE_CACHE)


_PRIVATE_CACHE = {"Cache-Control": "private, max-age=86400"}
_FILE_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 24 24" fill="none" '
    'stroke="#667085" stroke-width="1.5"><path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/>'
    '<path d="M14 2v6h6"/></svg>'
)
