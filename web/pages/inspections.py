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
from workflow.scoring.caps import tree_of
from workflow.scoring.scores import inspection_score

router = APIRouter()


@router.get("/inspections/{inspection_id:int}")
def walk_page(inspection_id: RowId, request: Request, actor: PageActor, session: DbSession):
    found = walk(session, actor, inspection_id)
    try:
        ensure_walker(actor, found.campaign)
        may_mark = found.inspection.finished_at is None
    except DomainError:
        may_mark = False
    tree = tree_of(session, found.campaign.checklist_id) if found.campaign.checklist_id else None
    caps = {wi.item.id: tree.cap_of(wi.item.id) for g in found.groups for wi in g.items} if tree else {}
    return render(request, "inspections/walk.html", {
        "walk": found, "marks": MARKS, "may_mark": may_mark, "default_title": default_title, "caps": caps,
        "score": inspection_score(session, found.inspection) if tree and tree.total_points else None,
        "total_points": tree.total_points if tree else 0}, actor=actor)


@router.post("/inspections/{inspection_id:int}/finish", dependencies=[CsrfChecked])
def finish(inspection_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    finish_inspection(session, actor=actor, inspection_id=inspection_id, now=clock.now())
    return done(request, f"/inspections/{inspection_id}", message="本次检查已完成")
