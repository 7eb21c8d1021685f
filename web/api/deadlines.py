"""Deadlines on a ticket: their history, extension requests and decisions, timetable milestones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from web.api.responses import error_responses
from web.api.uploads import uploads_from
from web.deps import ClockDep, CurrentActor, DbSession, StoreDep
from workflow.bounds import RowId
from workflow.deadlines import extensions, milestones
from workflow.deadlines.extensions import ExtensionCreate, ExtensionDecision
from workflow.deadlines.milestones import MilestoneCreate
from workflow.deadlines.schemas import DeadlineRead, ExtensionRead, MilestoneRead
from workflow.deadlines.service import history
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, TransitionRefused
from workflow.tickets import queries

router = APIRouter(tags=["deadlines"])
READ = error_responses(NotAuthenticated, NotFound)
WRITE = error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput)


@router.get("/tickets/{ticket_id}/deadlines", response_model=list[DeadlineRead], responses=READ)
def ticket_deadlines(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    """Every deadline the ticket ever had, with the rule that produced it."""
    queries.get_visible(session, actor, ticket_id)
    return history(session, ticket_id)


@router.get("/tickets/{ticket_id}/extensions", response_model=list[ExtensionRead], responses=READ)
def ticket_extensions(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    return extensions.extensions_of(session, actor, ticket_id)


@router.post("/tickets/{ticket_id}/extensions", response_model=ExtensionRead, status_code=201, responses=WRITE)
def request_extension(ticket_id: RowId, body: ExtensionCreate, actor: CurrentActor, session: DbSession,
                      clock: ClockDep):
    return extensions.request_extension(session, actor=actor, ticket_id=ticket_id, data=body, now=clock.now())


@router.get("/extensions", response_model=list[ExtensionRead], responses=error_responses(NotAuthenticated))
def pending_extensions(actor: CurrentActor, session: DbSession):
    """Requests awaiting a decision, on the tickets this user may see."""
    return extensions.pending_extensions(session, actor)


@router.post("/extensions/{extension_id}/approve", response_model=ExtensionRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput, TransitionRefused))
def approve_extension(extension_id: RowId, body: ExtensionDecision, actor: CurrentActor, session: DbSession,
                      clock: ClockDep):
    return extensions.decide_extension(session, actor=actor, extension_id=extension_id, approve=True, data=body,
                                       now=clock.now())


@router.post("/extensions/{extension_id}/refuse", response_model=ExtensionRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput, TransitionRefused))
def refuse_extension(extension_id: RowId, body: ExtensionDecision, actor: CurrentActor, session: DbSession,
                     clock: ClockDep):
    return extensions.decide_extension(session, actor=actor, extension_id=extension_id, approve=False, data=body,
                                       now=clock.now())


@router.get("/tickets/{ticket_id}/milestones", response_model=list[MilestoneRead], responses=READ)
def ticket_milestones(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    return milestones.list_milestones(session, actor, ticket_id)


@router.post("/tickets/{ticket_id}/milestones", response_model=MilestoneRead, status_code=201, responses=WRITE)
def add_milestone(ticket_id: RowId, body: MilestoneCreate, actor: CurrentActor, session: DbSession,
                  clock: ClockDep):
    return milestones.add_milestone(session, actor=actor, ticket_id=ticket_id, data=body, now=clock.now())


@router.post("/tickets/{ticket_id}/milestones/{milestone_id}/done", response_model=MilestoneRead, responses=WRITE)
def complete_milestone(
    ticket_id: RowId, milestone_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, store: StoreDep,
    files: Annotated[list[UploadFile], File()], comment: Annotated[str, Form()] = "",
):
    return milestones.complete_milestone(session, actor=actor, ticket_id=ticket_id, milestone_id=milestone_id,
                                         uploads=uploads_from(files), comment=comment, now=clock.now(), store=store)
