"""Checklist walks (督导细则逐项检查): read one, mark an item, add photos to it, finish.

``PUT …/marks/{item_id}`` is idempotent: the phone resends a mark it has no answer for, and the
same item is updated, never filed twice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, StoreDep
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, TransitionRefused
from workflow.inspections import service
from workflow.inspections.models import Inspection
from workflow.inspections.queries import read_inspection, read_mark
from workflow.inspections.schemas import InspectionRead, MarkIn, MarkRead, PhotoRead
from workflow.scoring.scores import inspection_score
from workflow.tickets.evidence import MAX_FILE_BYTES, Upload

router = APIRouter(prefix="/inspections", tags=["inspections"])


@router.get("/{inspection_id}", response_model=InspectionRead, responses=error_responses(NotAuthenticated, NotFound))
def get_inspection(inspection_id: RowId, actor: CurrentActor, session: DbSession):
    return read_inspection(session, actor, inspection_id)


@router.put("/{inspection_id}/marks/{item_id}", response_model=MarkRead,
            responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput, TransitionRefused))
def mark_item(inspection_id: RowId, item_id: RowId, body: MarkIn, actor: CurrentActor, session: DbSession,
              clock: ClockDep, store: StoreDep):
    mark = service.mark_item(session, actor=actor, inspection_id=inspection_id, item_id=item_id, data=body,
                             now=clock.now(), store=store)
    place_score = inspection_score(session, session.get(Inspection, inspection_id))
    return read_mark(session, mark).model_copy(update={"unit_score": place_score})


@router.post("/{inspection_id}/marks/{item_id}/photos", response_model=list[PhotoRead], status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def add_photos(inspection_id: RowId, item_id: RowId, files: Annotated[list[UploadFile], File()], actor: CurrentActor,
               session: DbSession, clock: ClockDep, store: StoreDep):
    uploads = [Upload(f.filename or "photo", f.content_type or "application/octet-stream",
                      f.file.read(MAX_FILE_BYTES + 1)) for f in files]
    return service.add_photos(session, actor=actor, inspection_id=inspection_id, item_id=item_id, uploads=uploads,
                              now=clock.now(), store=store)


@router.post("/{inspection_id}/finish", response_model=InspectionRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied))
def finish(inspection_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    service.finish_inspection(session, actor=actor, inspection_id=inspection_id, now=clock.now())
    return read_inspection(session, actor, inspection_id)
