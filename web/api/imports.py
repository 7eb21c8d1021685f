"""Problem-list import: download the template, upload a filled .xlsx (multipart)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile

from web.api.downloads import XLSX, attachment
from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.imports.problem_list import MAX_FILE_BYTES, import_problem_list
from workflow.imports.schemas import ImportResultRead
from workflow.imports.template import problem_list_template
from workflow.imports.template_example import example_row

router = APIRouter(prefix="/imports", tags=["imports"])


@router.get("/problem-list/template", responses=error_responses(NotAuthenticated),
            response_class=Response, summary="下载问题清单模板 (.xlsx)")
def download_template(actor: CurrentActor, session: DbSession):
    """The second row is an example in the downloader's own names, which imports as it is."""
    return attachment(problem_list_template(example_row(session, actor)), "问题清单导入模板.xlsx", XLSX)


@router.post("/problem-list", response_model=ImportResultRead, status_code=201,
             responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput))
def upload_problem_list(
    actor: CurrentActor, session: DbSession, clock: ClockDep, response: Response,
    campaign_id: Annotated[int, Form()], file: Annotated[UploadFile, File()],
):
    """All rows or none: a bad file answers 422 with detail.errors = [{row, column, message}]."""
    result = import_problem_list(session, actor=actor, campaign_id=campaign_id, filename=file.filename or "",
                                 content=file.file.read(MAX_FILE_BYTES + 1), now=clock.now())
    if result.already_imported:
        response.status_code = 200
    return result
