"""Indicators of a campaign: define targets, record or import actuals, read the board with history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.imports.problem_list import MAX_FILE_BYTES
from workflow.indicators import service
from workflow.indicators.importing import import_actuals
from workflow.indicators.results import indicator_board
from workflow.indicators.schemas import ActualIn, ActualRead, IndicatorIn, IndicatorRead

router = APIRouter(tags=["indicators"])


class StandingRead(BaseModel):
    indicator_id: int
    unit_id: int
    unit_name: str
    value: float
    met: bool
    history: list[ActualRead]


class BoardRead(BaseModel):
    indicators: list[IndicatorRead]
    standings: list[StandingRead]


class ImportedRead(BaseModel):
    imported: int


@router.get("/campaigns/{campaign_id}/indicators", response_model=BoardRead,
            responses=error_responses(NotAuthenticated, NotFound))
def board(campaign_id: RowId, actor: CurrentActor, session: DbSession):
    found = indicator_board(session, actor, campaign_id)
    return BoardRead(
        indicators=[IndicatorRead.model_validate(i) for i in found.indicators],
        standings=[StandingRead(indicator_id=s.indicator.id, unit_id=s.unit.id, unit_name=s.unit.name,
                                value=s.latest.value, met=s.met,
                                history=[ActualRead.model_validate(a) for a in s.history]) for s in found.standings])


@router.post("/campaigns/{campaign_id}/indicators", response_model=IndicatorRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def define(campaign_id: RowId, body: IndicatorIn, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return service.define_indicator(session, actor=actor, campaign_id=campaign_id, data=body, now=clock.now())


@router.post("/indicators/{indicator_id}/actuals", response_model=ActualRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def record(indicator_id: RowId, body: ActualIn, actor: CurrentActor, session: DbSession, clock: ClockDep):
    """A new row every time: the history is kept and the latest counts."""
    return service.record_actual(session, actor=actor, indicator_id=indicator_id, data=body, now=clock.now())


@router.post("/campaigns/{campaign_id}/indicators/import", response_model=ImportedRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def import_xlsx(campaign_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep,
                file: Annotated[UploadFile, File()]):
    """All rows or none: a bad file answers 422 with detail.errors = [{row, column, message}]."""
    result = import_actuals(session, actor=actor, campaign_id=campaign_id,
                            content=file.file.read(MAX_FILE_BYTES + 1), now=clock.now())
    return ImportedRead(imported=result.imported)
