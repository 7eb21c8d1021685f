"""The problem-list import page: pick a campaign, upload the filled template, read the result or
the error report (row, column, what is wrong) in Chinese. Same service as the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import page_actor, render
from workflow.actor import Actor
from workflow.campaigns.service import list_campaigns
from workflow.errors import InvalidInput, PermissionDenied
from workflow.imports.columns import COLUMNS
from workflow.imports.problem_list import IMPORTERS, MAX_FILE_BYTES, import_problem_list

router = APIRouter()
TEMPLATE = "imports/problem_list.html"


def _importer(request: Request, session) -> Actor:
    actor = page_actor(request, session)
    if not actor.has_any(*IMPORTERS):
        raise PermissionDenied("只有督查员或领导小组办公室可以导入问题清单")
    return actor


def _page(request: Request, session, actor: Actor, status: int = 200, **context):
    context = {"campaigns": list_campaigns(session, actor), "columns": COLUMNS, "result": None, "error": None,
               "errors": [], "total": 0, "campaign_id": None} | context
    return render(request, TEMPLATE, context, actor=actor, status=status)


@router.get("/imports/problem-list")
def import_form(request: Request, session: DbSession):
    return _page(request, session, _importer(request, session))


@router.post("/imports/problem-list", dependencies=[CsrfChecked])
def import_upload(request: Request, session: DbSession, clock: ClockDep,
                  campaign_id: Annotated[int, Form()], file: Annotated[UploadFile, File()]):
    actor = _importer(request, session)
    try:
        result = import_problem_list(session, actor=actor, campaign_id=campaign_id, filename=file.filename or "",
                                     content=file.file.read(MAX_FILE_BYTES + 1), now=clock.now())
    except InvalidInput as exc:
        return _page(request, session, actor, 422, campaign_id=campaign_id, **forms.import_refusal(session, exc))
    return _page(request, session, actor, result=result, campaign_id=campaign_id)
