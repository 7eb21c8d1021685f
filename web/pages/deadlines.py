"""Deadline forms on the ticket page: 申请延期, the office's (or, for a second one, the leader's) decision,
a timetable node marked done with its evidence, and a node added. Same services as web/api/deadlines.py;
a refusal shows the ticket page again with the reason and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from pydantic import ValidationError

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession, StoreDep
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure
from web.pages.tickets import ticket_context
from workflow.bounds import RowId
from workflow.deadlines import extensions, milestones
from workflow.deadlines.extensions import ExtensionCreate, ExtensionDecision
from workflow.deadlines.milestones import MilestoneCreate
from workflow.errors import DomainError, InvalidInput

router = APIRouter()

FIELDS = ("reason", "progress", "ext_due_on", "milestone_id", "decision", "decision_comment", "decision_due_on",
          "node_comment", "node_id", "node_title", "node_due_on")
TEMPLATE = "tickets/detail.html"


def _submit(request: Request, session, actor, ticket_id: RowId, typed: dict[str, str], work: Callable[[], object],
            message: str):
    """Run one deadline form: done → back to the ticket's deadline card; refused → the ticket page again
    with the reason and what was typed."""
    try:
        work()
    except DomainError as exc:
        return form_failure(request, session, exc, TEMPLATE,
                            lambda: ticket_context(request, session, actor, ticket_id, typed), actor=actor)
    return done(request, f"/tickets/{ticket_id}#deadlines", message=message)


def _checked(build):
    try:
        return build()
    except ValidationError as exc:
        raise forms.invalid(exc) from exc


@router.post("/tickets/{ticket_id:int}/extensions", dependencies=[CsrfChecked])
def request_extension(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                      form: Form):
    typed = forms.values(form, FIELDS)

    def work():
        due_on = forms.optional_date(form, "ext_due_on")
        if due_on is None:
            raise InvalidInput("请填写申请延期至的日期", detail={"field": "ext_due_on"})
        data = _checked(lambda: ExtensionCreate(reason=typed["reason"], progress=typed["progress"], due_on=due_on,
                                                milestone_id=forms.optional_int(form, "milestone_id")))
        extensions.request_extension(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())

    return _submit(request, session, actor, ticket_id, typed, work, "已提交延期申请，等待审批")


@router.post("/extensions/{extension_id:int}/decision", dependencies=[CsrfChecked])
def decide_extension(extension_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                     form: Form):
    ticket_id = extensions.get_visible_extension(session, actor, extension_id).ticket_id  # 404 outside scope
    typed = forms.values(form, FIELDS)

    def work():
        data = _checked(lambda: ExtensionDecision(comment=typed["decision_comment"],
                                                  due_on=forms.optional_date(form, "decision_due_on")))
        extensions.decide_extension(session, actor=actor, extension_id=extension_id,
                                    approve=typed["decision"] == "approve", data=data, now=clock.now())

    verdict = "已批准延期" if typed["decision"] == "approve" else "已不予批准延期"
    return _submit(request, session, actor, ticket_id, typed, work, verdict)


@router.post("/tickets/{ticket_id:int}/milestones/{milestone_id:int}/done", dependencies=[CsrfChecked])
def complete_milestone(ticket_id: RowId, milestone_id: RowId, request: Request, actor: PageActor, session: DbSession,
                       clock: ClockDep, store: StoreDep, form: Form):
    typed = forms.values(form, FIELDS) | {"node_id": str(milestone_id)}
    return _submit(request, session, actor, ticket_id, typed, lambda: milestones.complete_milestone(
        session, actor=actor, ticket_id=ticket_id, milestone_id=milestone_id, uploads=forms.uploads(form, "files"),
        comment=typed["node_comment"], now=clock.now(), store=store), "节点已标记完成")


@router.post("/tickets/{ticket_id:int}/milestones", dependencies=[CsrfChecked])
def add_milestone(ticket_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                  form: Form):
    typed = forms.values(form, FIELDS)

    def work():
        due_on = forms.optional_date(form, "node_due_on")
        if due_on is None or not typed["node_title"].strip():
            raise InvalidInput("请填写节点内容和完成日期", detail={"field": "node_title"})
        data = _checked(lambda: MilestoneCreate(title=typed["node_title"], due_on=due_on))
        milestones.add_milestone(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())

    return _submit(request, session, actor, ticket_id, typed, work, "已增加整改节点")
