"""Campaign samples (抽样, rule 18): draw (office), list the draws, verify a draw from its seed."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.sampling import service
from workflow.sampling.schemas import SampleDraw, SampleRead, SampleVerification

router = APIRouter(prefix="/campaigns", tags=["samples"])


@router.post("/{campaign_id}/samples", response_model=SampleRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def draw_sample(campaign_id: RowId, body: SampleDraw, actor: CurrentActor, session: DbSession, clock: ClockDep):
    """Without ``seed`` a fresh one is chosen and recorded; with it the draw is repeated exactly."""
    sample = service.draw_sample(session, actor=actor, campaign_id=campaign_id, data=body, now=clock.now())
    return service.read_sample(session, sample)


@router.get("/{campaign_id}/samples", response_model=list[SampleRead],
            responses=error_responses(NotAuthenticated, NotFound, PermissionDenied))
def list_samples(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    """Newest first: the first is the campaign's current sample."""
    return service.read_samples(session, actor, campaign_id)


@router.get("/{campaign_id}/samples/{sample_id}/verify", response_model=SampleVerification,
            responses=error_responses(NotAuthenticated, NotFound, PermissionDenied))
def verify_sample(campaign_id: RowId, sample_id: RowId, actor: CurrentActor, session: DbSession):
    return service.verify_sample(session, actor=actor, campaign_id=campaign_id, sample_id=sample_id)
