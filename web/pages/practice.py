"""The page side of issue 13: 催办, the ruling on a 退回, 督办函 and their replies from the ticket page; the
office's 退回仲裁 list and the urgings nobody confirmed. Each route calls one service (the same as the API)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from sqlalchemy import select

from web.api.downloads import DOCX, attachment, stored_upload
from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, SettingsDep, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from web.pages.tickets import ticket_context
from workflow.acknowledgements import service as acks
from workflow.bounds import RowId
from workflow.calendar.reader import WorkingCalendar
from workflow.clock import to_local
from workflow.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from workflow.letters.document import letter_docx
from workflow.letters.service import LetterInput, get_visible_letter, issue_letter, reply_letter
from workflow.returns.arbitration import Ruling, pending_return, rule_on_return
from workflow.returns.counts import return_counts
from workflow.returns.reasons import RETURN_REASONS
from workflow.tickets.models import Ticket
from workflow.tickets.queries import visible_tickets
from workflow.urging.service import urge

router = APIRouter()


def _again(request, session, actor, ticket_id, exc, typed=None):
    return form_failure(request, session, exc, "tickets/detail.html",
                        lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)


@router.post("/tickets/{ticket_id:int}/urgings", dependencies=[CsrfChecked])
def urge_ticket(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                settings: SettingsDep, form: Form):
    try:
        urge(session, actor=actor, ticket_id=ticket_id, note=str(form.get("note") or ""), now=clock.now(),
             cap=settings.urge_cap_per_day)
    except DomainError as exc:
        return _again(request, session, actor, ticket_id, exc)
    return done(request, f"/tickets/{ticket_id}#practice", message="已催办")


@router.post("/tickets/{ticket_id:int}/return-ruling", dependencies=[CsrfChecked])
def rule_ticket_return(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                       form: Form):
    try:
        version = forms.optional_int(form, "version")
        if version is None:
            raise InvalidInput("缺少版本号，请刷新页面后重试", detail={"field": "version"})
        ruling = str(form.get("ruling") or "")
        data = Ruling(ruling=ruling, version=version, comment=str(form.get("comment") or "").strip(),
                      lead_unit_id=forms.optional_int(form, "lead_unit_id") if ruling == "upheld" else None)
        rule_on_return(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())
    except DomainError as exc:
        return _again(request, session, actor, ticket_id, exc)
    return done(request, f"/tickets/{ticket_id}", message="已裁定并交办")


@router.post("/tickets/{ticket_id:int}/supervision-letters", dependencies=[CsrfChecked])
def issue_ticket_letter(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                        settings: SettingsDep, form: Form):
    try:
        data = LetterInput(requirement=str(form.get("requirement") or ""), reply_due_on=_day(form.get("reply_due_on")))
        issue_letter(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now(),
                     min_overdue=settings.letter_min_overdue_working_days)
    except DomainError as exc:
        return _again(request, session, actor, ticket_id, exc)
    return done(request, f"/tickets/{ticket_id}#letters", message="已发督办函")


@router.get("/supervision-letters/{letter_id:int}/docx")
def letter_download(letter_id: RowId, actor: PageActor, session: DbSession):
    letter = get_visible_letter(session, actor, letter_id)
    return attachment(letter_docx(session, letter), f"{letter.number}.docx", DOCX)


@router.post("/supervision-letters/{letter_id:int}/reply", dependencies=[CsrfChecked])
def reply_to_letter(letter_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                    store: StoreDep, form: Form):
    letter = get_visible_letter(session, actor, letter_id)
    try:
        files = forms.uploads(form, "file")
        reply_letter(session, actor=actor, letter_id=letter_id, text=str(form.get("text") or ""),
                     upload=files[0] if files else None, now=clock.now(), store=store)
    except DomainError as exc:
        return _again(request, session, actor, letter.ticket_id, exc)
    return done(request, f"/tickets/{letter.ticket_id}#letters", message="已回复督办函")


@router.get("/supervision-letters/{letter_id:int}/reply-file")
def letter_reply_file(letter_id: RowId, actor: PageActor, session: DbSession, store: StoreDep):
    letter = get_visible_letter(session, actor, letter_id)
    if not letter.reply_sha256:
        raise NotFound("该回复没有附件")
    return stored_upload(store, letter.reply_sha256, letter.reply_content_type, letter.reply_filename)


@router.get("/returns")
def returns_page(request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    """退回仲裁: returns waiting for the office's ruling, and each unit's returns this year."""
    if not actor.has_any("office", "leader"):
        raise PermissionDenied("只有领导小组办公室和领导可以查看退回仲裁")
    candidates = session.scalars(visible_tickets(actor).where(Ticket.state == "found", Ticket.return_count > 0)
                                 .order_by(Ticket.id))
    pending = [(t, e) for t in candidates if (e := pending_return(session, t)) is not None]
    year = to_local(clock.now()).year
    return render(request, "practice/returns.html", {
        "pending": pending, "counts": return_counts(session, actor, year=year), "year": year,
        "reasons": RETURN_REASONS}, actor=actor)


@router.get("/acknowledgements/unread")
def unread_page(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, settings: SettingsDep):
    rows = acks.unread_urgings(session, actor, now=clock.now(), hours=settings.ack_unread_working_hours,
                               calendar=WorkingCalendar(session))
    tickets = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_([a.ticket_id for a in rows])))}
    return render(request, "practice/unread.html", {"rows": rows, "tickets": tickets,
                                                    "hours": settings.ack_unread_working_hours}, actor=actor)


@router.post("/acknowledgements/{ack_id:int}/resend", dependencies=[CsrfChecked])
def resend_urging(ack_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    acks.resend(session, actor, ack_id, now=clock.now())
    return done(request, "/acknowledgements/unread", message="已重新发送")


def _day(value) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput("回复期限格式不正确", detail={"field": "reply_due_on"}) from exc
