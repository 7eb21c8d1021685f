"""The ticket page's 办结方式 forms (持续整改/挂账, 作废): the same service as ``POST /api/v1/tickets/{id}/outcome``."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure
from web.pages.tickets import ticket_context
from workflow.bounds import RowId
from workflow.errors import DomainError, InvalidInput
from workflow.outcomes.schemas import OutcomeRequest
from workflow.outcomes.service import close_with_outcome

router = APIRouter()

OUTCOME_FIELDS = ("resolution", "comment", "review_on")
DONE = {"ongoing": "已转为持续整改（挂账）", "void": "已作废", "rectified": "已销号"}


@router.post("/tickets/{ticket_id:int}/outcome", dependencies=[CsrfChecked])
def close_with(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    typed = forms.values(form, OUTCOME_FIELDS)
    try:
        data = _outcome(typed, forms.optional_int(form, "version"))
        close_with_outcome(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())
    except DomainError as exc:
        return form_failure(request, session, exc, "tickets/detail.html",
                            lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)
    return done(request, f"/tickets/{ticket_id}", message=DONE.get(data.resolution))


def _outcome(typed: dict[str, str], version: int | None) -> OutcomeRequest:
    if version is None:
        raise InvalidInput("缺少版本号，请刷新页面后重试", detail={"field": "version"})
    if typed["resolution"] not in DONE:
        raise InvalidInput("请选择办结方式", detail={"field": "resolution"})
    try:
        review_on = date.fromisoformat(typed["review_on"]) if typed["review_on"].strip() else None
    except ValueError as exc:
        raise InvalidInput("复查日期格式有误", detail={"field": "review_on"}) from exc
    return OutcomeRequest(resolution=typed["resolution"], comment=typed["comment"].strip(), version=version,
                          review_on=review_on)
