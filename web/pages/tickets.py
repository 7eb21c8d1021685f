"""The ticket page: details, evidence by set, the timeline, and a form for every move the actor may make.

Moves and uploads call the same services as the API (moves.apply_trigger, evidence.attach_evidence);
a refusal shows the page again with the reason and what the user typed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from web.api.downloads import display_image, stored_upload
from web.csrf import FIELD, CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.deadline_panel import deadline_panel
from web.pages.practice_panel import practice_panel
from web.pages.render import Form, PageActor, done, form_failure, local_path, render
from web.pages.stale_move import stale_move
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.campaigns.service import list_campaigns
from workflow.errors import ConcurrentChange, DomainError, InvalidInput
from workflow.orgs.service import list_visible_units
from workflow.provenance.display import display_copy
from workflow.returns.reasons import RETURN_REASONS
from workflow.tickets import queries
from workflow.tickets.drafts import draft_for
from workflow.tickets.evidence import EvidenceRules, attach_evidence
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.views import ticket_view

router = APIRouter()

# What the page says after a move (web/pages/flash.py): the user sees that the tap took effect.
MOVE_DONE = {"assign": "已交办", "accept": "已签收", "return": "已退回", "submit": "已提交验收", "reject": "已返工",
             "verify": "已验收", "close": "已销号", "reopen": "已重新整改"}

# Moves that cannot be taken back lightly ask once more on a page of their own (no script needed).
CONFIRM = {"close": ("确认销号？", "销号后问题移出整改中的清单，只能通过“重新整改”再次打开。", "确认销号"),
           "reopen": ("确认重新整改？", "问题将回到整改中，开始新一轮整改并重新计算整改期限。", "确认重新整改")}
# Offered behind their own disclosure, after the main move: 退回 is the exception, 签收 the rule.
SECONDARY_MOVES = {"return": "不属于本单位职责？退回"}
MOVE_FIELDS = ("trigger", "comment", "plan", "lead_unit_id", "stage", "evidence_comment", "campaign_id",
               "deadline_kind", "deadline_days", "due_on", "justification", "reason_code")
# 重新整改's deadline picker: the default (the look-back campaign's, else the ticket's own relative rule) or a new one.
REOPEN_KINDS = [("default", "按回头看活动默认期限"), ("working_days", "限定工作日"),
                ("calendar_days", "限定天数（自然日）"), ("fixed_date", "指定日期")]


def ticket_context(request: Request, session: Session, actor: Actor, ticket_id: RowId,
                   typed: dict | None = None) -> dict:
    """Everything the ticket page shows; also used to show it again after a refused form (web/pages/deadlines.py)."""
    now = request.app.state.clock.now()
    view = ticket_view(session, actor, ticket_id, now=now,
                       within=request.app.state.settings.yellow_within_working_days)
    assign = any(t == "assign" for t, _ in view.moves)
    reopen = any(t == "reopen" and not blocked for t, blocked in view.moves)
    draft = draft_for(session, actor, view.ticket) if typed is None else None  # kept from a stale move
    offered = {t for t, blocked in view.moves if not blocked}
    return {"view": view, "t": view.ticket, "now": now, "values": typed or draft or {},
            "stale_typed": draft if draft and draft.get("trigger") not in offered else None,
            "moves": sorted(view.moves, key=lambda move: move[0] in SECONDARY_MOVES),
            "secondary_moves": SECONDARY_MOVES,
            "lead_units": list_visible_units(session, actor) if assign else [],
            "reopen_campaigns": list_campaigns(session, actor) if reopen else [], "reopen_kinds": REOPEN_KINDS,
            "deadlines": deadline_panel(session, actor, view.ticket, now=now),
            "practice": practice_panel(session, actor, view.ticket, now=now, settings=request.app.state.settings),
            "return_reasons": RETURN_REASONS}


@router.get("/tickets/{ticket_id:int}")
def ticket_page(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    return render(request, "tickets/detail.html", ticket_context(request, session, actor, ticket_id), actor=actor)


@router.post("/tickets/{ticket_id:int}/move", dependencies=[CsrfChecked])
def move_ticket(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                form: Form):
    typed = forms.values(form, MOVE_FIELDS)
    try:
        data = _move_input(form, typed)
        if _asks_confirmation(session, actor, ticket_id, data, form, now=clock.now()):
            return _confirmation(request, session, actor, ticket_id, form)
        apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())
    except ConcurrentChange:
        return stale_move(request, session, actor=actor, ticket_id=ticket_id, typed=typed, now=clock.now(),
                          seen_version=forms.optional_int_or_none(str(form.get("version") or "")),
                          done_labels=MOVE_DONE)
    except DomainError as exc:
        return form_failure(request, session, exc, "tickets/detail.html",
                            lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)
    return done(request, local_path(str(form.get("next") or ""), f"/tickets/{ticket_id}"),
                message=MOVE_DONE.get(data.trigger))


@router.post("/tickets/{ticket_id:int}/evidence", dependencies=[CsrfChecked])
def upload_evidence(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                    store: StoreDep, form: Form):
    typed = forms.values(form, MOVE_FIELDS)
    try:
        typed["stage"] = typed["stage"] or "rectified"
        rows = attach_evidence(session, actor=actor, ticket_id=ticket_id, stage=typed["stage"],
                               uploads=forms.uploads(form, "files"), comment=typed["evidence_comment"].strip(),
                               now=clock.now(), store=store,
                               rules=EvidenceRules.from_settings(request.app.state.settings))
    except DomainError as exc:
        return form_failure(request, session, exc, "tickets/detail.html",
                            lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)
    if typed["stage"] == "rectified":  # the next step is 提交验收: land on its form, not below it
        return done(request, f"/tickets/{ticket_id}?uploaded={len(rows)}#submit", message=f"已上传 {len(rows)} 张")
    return done(request, f"/tickets/{ticket_id}#evidence", message=f"已上传 {len(rows)} 个材料")


def _move_input(form, typed: dict[str, str]) -> MoveInput:
    version = forms.optional_int(form, "version")
    if version is None:
        raise InvalidInput("缺少版本号，请刷新页面后重试", detail={"field": "version"})
    return MoveInput(trigger=typed["trigger"], version=version, comment=typed["comment"].strip(),
                     plan=typed["plan"].strip() or None, lead_unit_id=forms.optional_int(form, "lead_unit_id"),
                     justification=typed["justification"].strip() or None, reason_code=typed["reason_code"] or None,
                     **(forms.reopen_fields(form) if typed["trigger"] == "reopen" else {}))


def _asks_confirmation(session: Session, actor: Actor, ticket_id: RowId, data: MoveInput, form, *,
                       now) -> bool:
    """Only a move that would go through is confirmed: it is tried in a savepoint and undone, so a refusal
    (wrong role, no new deadline for 重新整改, a stale version) is said at once, before the extra step."""
    if data.trigger not in CONFIRM or form.get("confirmed") == "1":
        return False
    savepoint = session.begin_nested()
    try:
        apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=now)
    except DomainError:
        return False  # the real attempt below refuses with the same reason
    finally:
        savepoint.rollback()
        session.expire_all()  # what the trial loaded (the moved ticket) is read again from the database
    return True


def _confirmation(request: Request, session: Session, actor: Actor, ticket_id: RowId, form) -> Response:
    """销号 / 重新整改 asked once more: the same fields posted again with confirmed=1, or 取消 back to the ticket."""
    trigger = str(form.get("trigger"))
    title, warning, button = CONFIRM[trigger]
    carried = [(k, str(v)) for k, v in form.multi_items() if k not in ("confirmed", FIELD) and isinstance(v, str)]
    ticket = queries.get_visible(session, actor, ticket_id)  # 404 outside scope, as for the move itself
    return render(request, "tickets/confirm.html", {"t": ticket, "title": title, "warning": warning,
                                                    "button": button, "carried": carried}, actor=actor)


@router.get("/evidence/{evidence_id:int}/thumb")
def evidence_thumbnail(evidence_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    """The thumbnail made at upload; never decoded here. Files without one (PDFs) get a file icon."""
    evidence = queries.get_visible_evidence(session, actor, evidence_id)
    path = store.thumbnail_path(evidence.sha256)
    if not path.exists():
        return Response(_FILE_ICON, media_type="image/svg+xml", headers=_PRIVATE_CACHE)
    return FileResponse(path, media_type="image/jpeg", headers=_PRIVATE_CACHE)


@router.get("/evidence/{evidence_id:int}/file")
def evidence_file(evidence_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    evidence = queries.get_visible_evidence(session, actor, evidence_id)
    return stored_upload(store, evidence.sha256, evidence.content_type, evidence.filename)


@router.get("/evidence/{evidence_id:int}/display")
def evidence_display(evidence_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    """The watermarked display copy (ticket, place, time) for exports and bulletins; /file is the original."""
    return display_image(display_copy(session, actor=actor, evidence_id=evidence_id, store=store))


_PRIVATE_CACHE = {"Cache-Control": "private, max-age=86400"}
_FILE_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 24 24" fill="none" '
    'stroke="#667085" stroke-width="1.5"><path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/>'
    '<path d="M14 2v6h6"/></svg>'
)
