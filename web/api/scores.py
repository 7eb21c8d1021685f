"""Campaign scores (督导细则得分) and bonus points (加分): read, export, propose, decide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile
from sqlalchemy import select

from web.api.downloads import XLSX, attachment, stored_upload
from web.api.responses import error_responses
from web.api.uploads import uploads_from
from web.deps import ClockDep, CurrentActor, DbSession, StoreDep
from workflow.bounds import CivilDate, RowId
from workflow.clock import to_local
from workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from workflow.orgs.models import OrgUnit
from workflow.scoring import bonus
from workflow.scoring.schemas import BonusCategory, BonusDecision, BonusIn, BonusRead, CampaignScoresRead
from workflow.scoring.scores import campaign_scores
from workflow.scoring.scores_xlsx import scores_xlsx

router = APIRouter(prefix="/campaigns", tags=["scores"])


@router.get("/{campaign_id}/scores", response_model=CampaignScoresRead,
            responses=error_responses(NotAuthenticated, NotFound))
def scores(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    """Units ranked by score (points − deductions + approved bonus), area subtotals, towns by their villages' mean."""
    return CampaignScoresRead.of(campaign_scores(session, actor, campaign_id))


@router.get("/{campaign_id}/scores.xlsx", response_class=Response,
            responses=error_responses(NotAuthenticated, NotFound), summary="导出督导细则得分 (.xlsx)")
def export_scores(campaign_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    found = campaign_scores(session, actor, campaign_id)
    entries = bonus.list_bonuses(session, actor, campaign_id)
    names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)
                                 .where(OrgUnit.id.in_({b.unit_id for b in entries}))).all())
    return attachment(scores_xlsx(found, entries, names), f"督导得分-{to_local(clock.now()):%Y%m%d}.xlsx", XLSX)


@router.get("/{campaign_id}/bonuses", response_model=list[BonusRead],
            responses=error_responses(NotAuthenticated, NotFound))
def list_bonuses(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    return bonus.list_bonuses(session, actor, campaign_id)


@router.post("/{campaign_id}/bonuses", response_model=BonusRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def propose_bonus(campaign_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, store: StoreDep,
                  unit_id: Annotated[RowId, Form()], category: Annotated[BonusCategory, Form()],
                  awarded_on: Annotated[CivilDate, Form()], evidence: Annotated[UploadFile, File()],
                  articles: Annotated[int, Form(ge=1, le=100)] = 1,
                  description: Annotated[str, Form(max_length=1000)] = ""):
    """Multipart: the entry's fields and one evidence file (same limits as ticket evidence)."""
    data = BonusIn(unit_id=unit_id, category=category, articles=articles, awarded_on=awarded_on,
                   description=description)
    return bonus.propose_bonus(session, actor=actor, campaign_id=campaign_id, data=data,
                               evidence=uploads_from([evidence])[0], now=clock.now(), store=store)


@router.post("/{campaign_id}/bonuses/{bonus_id}/decision", response_model=BonusRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput,
                                       TransitionRefused, ConcurrentChange))
def decide_bonus(campaign_id: RowId, bonus_id: RowId, body: BonusDecision, actor: CurrentActor, session: DbSession,
                 clock: ClockDep):
    return bonus.decide_bonus(session, actor=actor, campaign_id=campaign_id, bonus_id=bonus_id, data=body,
                              now=clock.now())


@router.get("/{campaign_id}/bonuses/{bonus_id}/evidence", responses=error_responses(NotAuthenticated, NotFound))
def bonus_evidence(campaign_id: RowId, bonus_id: RowId, actor: CurrentActor, session: DbSession, store: StoreDep):
    entry = bonus.get_bonus(session, actor, campaign_id, bonus_id)
    return stored_upload(store, entry.evidence_sha256, entry.evidence_content_type, entry.evidence_filename)
