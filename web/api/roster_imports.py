"""Org tree and roster imports (.xlsx, all rows or none) and their templates, as the CLI's import-org and
import-people. A bad file answers 422 with detail.errors = [{row, column, message}]."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile

from web.api.downloads import XLSX, attachment
from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.errors import InvalidInput, NotAuthenticated, PermissionDenied
from workflow.imports import org_units, people
from workflow.orgs.admin import require_manager

router = APIRouter(prefix="/imports", tags=["imports"])
ERRORS = error_responses(NotAuthenticated, PermissionDenied, InvalidInput)


@router.get("/org-units/template", response_class=Response, responses=ERRORS, summary="下载组织架构模板 (.xlsx)")
def org_template(actor: CurrentActor):
    require_manager(actor)
    return attachment(org_units.template(), "组织架构导入模板.xlsx", XLSX)


@router.get("/people/template", response_class=Response, responses=ERRORS, summary="下载人员名单模板 (.xlsx)")
def people_template(actor: CurrentActor):
    require_manager(actor)
    return attachment(people.template(), "人员名单导入模板.xlsx", XLSX)


@router.post("/org-units", responses=ERRORS)
def import_org(actor: CurrentActor, session: DbSession, clock: ClockDep, file: Annotated[UploadFile, File()]):
    content = file.file.read(org_units.MAX_FILE_BYTES + 1)
    return asdict(org_units.import_org_units(session, actor=actor, content=content, now=clock.now()))


@router.post("/people", responses=ERRORS)
def import_people(actor: CurrentActor, session: DbSession, clock: ClockDep, file: Annotated[UploadFile, File()]):
    content = file.file.read(people.MAX_FILE_BYTES + 1)
    return asdict(people.import_people(session, actor=actor, content=content, now=clock.now()))
