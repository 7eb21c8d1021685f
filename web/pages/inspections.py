"""The checklist walk page (督导细则逐项检查) on the phone.

The page lists the campaign's items grouped by area with the marks saved so far; ``/static/walk.js``
saves each mark on its own through the API (``PUT /api/v1/inspections/{id}/marks/{item}``), keeps
unsent marks in localStorage and resends them, so the walk survives lost signal and a reload.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages.render import PageActor, done, render
from workflow.bounds import RowId
from workflow.errors import DomainError
from workflow.inspections.models import MARKS
from workflow.inspections.queries import walk
from workflow.inspections.service import default_title, ensure_walker, finish_inspection

router = APIRouter()


@router.get("/inspections/{inspection_id:int}")
def walk_page(inspection_id: RowId, request: Request, actor: PageActor, session: DbSession):
    found = walk(session, actor, inspection_id)
    try:
        ensure_walker(actor, found.campaign)
        may_mark = found.inspection.finished_at is None
    except DomainError:
        may_mark = False
    return render(request, "inspections/walk.html", {"walk": found, "marks": MARKS, "may_mark": may_mark,
                                                     "default_title": default_title}, actor=actor)


@router.post("/inspections/{inspection_id:int}/finish", dependencies=[CsrfChecked])
def finish(inspection_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    finish_inspection(session, actor=actor, inspection_id=inspection_id, now=clock.now())
    return done(request, f"/inspections/{inspection_id}", message="本次检查已完成")
