"""约谈 records, strikes per unit and year, and the escalation policies (data, edited by admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile

from web.api.downloads import stored_upload
from web.api.responses import error_responses
from web.api.uploads import uploads_from
from web.deps import ClockDep, CurrentActor, DbSession, StoreDep
from workflow.bounds import RowId
from workflow.deadlines.local_time import local_date
from workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from workflow.escalation import interviews, policies, queries
from workflow.escalation.interviews import InterviewFilters, InterviewUpdate
from workflow.escalation.schemas import (
    InterviewAttachmentRead,
    InterviewDetail,
    InterviewRead,
    InterviewTargetRead,
    PolicyRead,
    PolicyUpdate,
    SanctionRead,
    UnitStrikesRead,
)

router = APIRouter(tags=["escalation"])
Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("/interviews", response_model=list[InterviewRead], responses=error_responses(NotAuthenticated))
def list_interviews(actor: CurrentActor, session: DbSession, year: Year = None, unit_id: RowId | None = None,
                    status: str | None = None, ticket_id: RowId | None = None):
    filters = InterviewFilters(year=year, unit_id=unit_id, status=status, ticket_id=ticket_id)
    return interviews.list_interviews(session, actor, filters)


@router.get("/interviews/{interview_id}", response_model=InterviewDetail,
            responses=error_responses(NotAuthenticated, NotFound))
def get_interview(interview_id: RowId, actor: CurrentActor, session: DbSession):
    return _detail(session, interviews.get_visible_interview(session, actor, interview_id))


@router.patch("/interviews/{interview_id}", response_model=InterviewDetail, responses=error_responses(
    NotAuthenticated, NotFound, PermissionDenied, InvalidInput, TransitionRefused, ConcurrentChange))
def update_interview(interview_id: RowId, body: InterviewUpdate, actor: CurrentActor, session: DbSession,
                     clock: ClockDep):
    """Planned → held (date, minutes) or cancelled (reason); a cancelled 约谈 stops counting as a strike."""
    interview = interviews.update_interview(session, actor=actor, interview_id=interview_id, data=body,
                                            now=clock.now())
    return _detail(session, interview)


@router.post("/interviews/{interview_id}/attachments", response_model=list[InterviewAttachmentRead],
             status_code=201, responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def upload_attachment(interview_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep,
                      store: StoreDep, files: Annotated[list[UploadFile], File()]):
    return interviews.attach(session, actor=actor, interview_id=interview_id, uploads=uploads_from(files),
                             now=clock.now(), store=store)


@router.get("/interview-attachments/{attachment_id}/content", responses=error_responses(NotAuthenticated, NotFound))
def attachment_content(attachment_id: RowId, actor: CurrentActor, session: DbSession, store: StoreDep):
    row = interviews.get_visible_attachment(session, actor, attachment_id)
    return stored_upload(store, row.sha256, row.content_type, row.filename)


@router.get("/strikes", response_model=list[UnitStrikesRead], responses=error_responses(NotAuthenticated))
def strikes_overview(actor: CurrentActor, session: DbSession, clock: ClockDep, year: Year = None):
    """Units with 约谈 in the year (default: this year), with their sanctions."""
    found = queries.strikes_overview(session, actor, year or local_date(clock.now()).year)
    return [_strikes(session, s) for s in found]


@router.get("/org-units/{unit_id}/strikes", response_model=UnitStrikesRead,
            responses=error_responses(NotAuthenticated, NotFound))
def unit_strikes(unit_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, year: Year = None):
    return _strikes(session, queries.strikes_of_unit(session, actor, unit_id, year or local_date(clock.now()).year))


@router.get("/escalation-policies", response_model=list[PolicyRead], responses=error_responses(NotAuthenticated))
def list_policies(actor: CurrentActor, session: DbSession):
    return policies.list_policies(session)


@router.patch("/escalation-policies/{policy_id}", response_model=PolicyRead,
              responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def update_policy(policy_id: RowId, body: PolicyUpdate, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return policies.update_policy(session, actor=actor, policy_id=policy_id, now=clock.now(),
                                  changes=body.model_dump(exclude_unset=True))


def _detail(session, interview) -> InterviewDetail:
    return InterviewDetail.model_validate(interview).model_copy(update={
        "targets": [InterviewTargetRead.model_validate(t) for t in interviews.targets_of(session, interview.id)],
        "attachments": [InterviewAttachmentRead.model_validate(a)
                        for a in interviews.attachments_of(session, interview.id)]})


def _strikes(session, found) -> UnitStrikesRead:
    links = queries.sanction_links(session, [s.id for s in found.sanctions])
    read = UnitStrikesRead.model_validate(found)
    return read.model_copy(update={"sanctions": [
        SanctionRead.model_validate(s).model_copy(update={"interview_ids": links[s.id]}) for s in found.sanctions]})
