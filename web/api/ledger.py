"""Ledger outputs: the .xlsx ledger (same filters as GET /tickets), the ranking, the bulletin and a
town's rectification report. Everything is read through the actor's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from web.api.downloads import DOCX, XLSX, attachment, file_response, temp_path
from web.api.filters import TicketFiltersDep
from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep
from workflow.bounds import RowId
from workflow.clock import to_local
from workflow.counters.ranking import weighted_ranking, weights_for
from workflow.counters.weights import RankingWeights
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.ledger.bulletin_docx import bulletin_docx
from workflow.ledger.ledger_xlsx import write_ledger
from workflow.ledger.periods import half_year
from workflow.ledger.ranking import RedBlackThresholds
from workflow.ledger.stats import UnitProgress, town_progress
from workflow.ledger.town_report_docx import town_report_docx

router = APIRouter(prefix="/ledger", tags=["ledger"])


class RankedTown(BaseModel):
    rank: int | None
    unit_id: RowId
    name: str
    on_time_rate: float | None
    overdue: int
    listed: str | None
    returns: int = 0
    reworks: int = 0
    overdue_episodes: int = 0
    on_time_rate_original: float | None = None
    ongoing: int = 0
    voided: int = 0
    on_the_spot: int = 0
    score: float | None = None


class RankingRead(BaseModel):
    red_min_rate: float
    black_below_rate: float
    towns: list[RankedTown]
    weights: dict[str, float] = {}


@router.get("/export.xlsx", response_class=Response, responses=error_responses(NotAuthenticated),
            summary="导出整改台账 (.xlsx)：问题清单、措施清单、责任清单、进度统计表")
def export_ledger(actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
                  filters: TicketFiltersDep):
    now = clock.now()
    with temp_path(".xlsx") as path:
        write_ledger(session, actor=actor, filters=filters, now=now, target=path,
                     thresholds=RedBlackThresholds.from_settings(settings))
        return file_response(path, f"整改台账-{to_local(now):%Y%m%d}.xlsx", XLSX)


@router.get("/ranking", response_model=RankingRead, responses=error_responses(NotAuthenticated, InvalidInput),
            summary="排名及红黑榜：按期整改率，或加权的多项指标（weights=on_time_rate:1,urges:2，见 counters）")
def ranking(actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
            filters: TicketFiltersDep, weights: Annotated[str | None, Query(max_length=500)] = None,
            year: Annotated[int | None, Query(ge=2000, le=2099)] = None):
    thresholds = RedBlackThresholds.from_settings(settings)
    chosen = weights_for(session, requested=RankingWeights.parse(weights), campaign_id=filters.campaign_id)
    result = weighted_ranking(session, actor, town_progress(session, actor, now=clock.now(), filters=filters),
                              now=clock.now(), thresholds=thresholds, weights=chosen, year=year,
                              campaign_id=filters.campaign_id)
    towns = [_ranked(r.progress, rank=r.rank, listed=r.listed, score=r.score) for r in result.ranked]
    towns += [_ranked(p, rank=None, listed=None) for p in result.unrated]
    return RankingRead(red_min_rate=thresholds.red_min_rate, black_below_rate=thresholds.black_below_rate,
                       towns=towns, weights=chosen.weights)


def _ranked(p: UnitProgress, *, rank: int | None, listed: str | None, score: float | None = None) -> RankedTown:
    return RankedTown(rank=rank, unit_id=p.unit_id, name=p.name, listed=listed, on_time_rate=p.on_time_rate,
                      overdue=p.overdue, returns=p.returns, reworks=p.reworks, overdue_episodes=p.overdue_episodes,
                      on_time_rate_original=p.on_time_rate_original, ongoing=p.ongoing, voided=p.voided,
                      on_the_spot=p.on_the_spot, score=score)


@router.get("/bulletin.docx", response_class=Response,
            responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput),
            summary="生成通报草稿 (.docx)：按督查活动（campaign_id）或半年度（half=2026H1）；不计入通报次数")
def bulletin(actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
             campaign_id: RowId | None = None, half: str | None = None, issuer: str | None = None):
    return _bulletin(actor, session, clock, settings, campaign_id, half, issuer, issue=False)


@router.post("/bulletins", response_class=Response,
             responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput),
             summary="印发通报 (.docx)：办公室印发，被通报的单位计入通报次数")
def issue_bulletin(actor: CurrentActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
                   campaign_id: RowId | None = None, half: str | None = None, issuer: str | None = None):
    return _bulletin(actor, session, clock, settings, campaign_id, half, issuer, issue=True)


def _bulletin(actor, session, clock, settings, campaign_id, half, issuer, *, issue: bool) -> Response:
    content = bulletin_docx(
        session, actor=actor, now=clock.now(), campaign_id=campaign_id, period=half_year(half) if half else None,
        issuer=issuer, thresholds=RedBlackThresholds.from_settings(settings), issue=issue)
    return attachment(content, f"整改情况通报-{to_local(clock.now()):%Y%m%d}.docx", DOCX)


@router.get("/town-report.docx", response_class=Response,
            responses=error_responses(NotAuthenticated, NotFound, InvalidInput),
            summary="生成乡镇整改报告 (.docx)")
def town_report(town_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep,
                campaign_id: RowId | None = None, half: str | None = None):
    content = town_report_docx(session, actor=actor, town_id=town_id, now=clock.now(), campaign_id=campaign_id,
                               period=half_year(half) if half else None)
    return attachment(content, f"整改报告-{to_local(clock.now()):%Y%m%d}.docx", DOCX)
