"""Downloads started from the pages (生成通报, 导出台账): a file, or a Chinese error page — never JSON.

The ledger page used to link to the API routes, whose refusals are JSON that a phone's in-app browser
shows raw. These routes call the same services with the cookie's actor; a refusal (no campaign or
half-year chosen, a bad half-year) is answered by web/errors.py with the HTML error page, as on every page.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from web.api.downloads import DOCX, XLSX, attachment, file_response, temp_path
from web.deps import ClockDep, DbSession, SettingsDep
from web.pages.ledger import LedgerFilters
from web.pages.render import Form, PageActor
from workflow.clock import to_local
from workflow.errors import InvalidInput
from workflow.ledger.bulletin_docx import bulletin_docx
from workflow.ledger.ledger_xlsx import write_ledger
from workflow.ledger.periods import half_year
from workflow.ledger.ranking import RedBlackThresholds

router = APIRouter()


@router.get("/ledger/bulletin.docx")
def bulletin_download(actor: PageActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
                      scope: str = ""):
    """A draft. ``scope`` is the ledger's 通报范围 choice: ``campaign:12`` or ``half:2026H2``."""
    return _bulletin(actor, session, clock, settings, scope, issue=False)


@router.post("/ledger/bulletin.docx")
def bulletin_issue(actor: PageActor, session: DbSession, clock: ClockDep, settings: SettingsDep, form: Form):
    """印发: the office's issued bulletin; the units it names are counted (workflow/counters/mentions.py)."""
    return _bulletin(actor, session, clock, settings, str(form.get("scope") or ""), issue=True)


def _bulletin(actor, session, clock, settings, scope: str, *, issue: bool) -> Response:
    thresholds = RedBlackThresholds.from_settings(settings)
    content = bulletin_docx(session, actor=actor, now=clock.now(), thresholds=thresholds, issue=issue,
                            **bulletin_scope(scope))
    return attachment(content, f"整改情况通报-{to_local(clock.now()):%Y%m%d}.docx", DOCX)


@router.get("/ledger/export.xlsx")
def ledger_download(actor: PageActor, session: DbSession, clock: ClockDep, settings: SettingsDep,
                    filters: LedgerFilters):
    now = clock.now()
    with temp_path(".xlsx") as path:
        write_ledger(session, actor=actor, filters=filters, now=now, target=path,
                     thresholds=RedBlackThresholds.from_settings(settings))
        return file_response(path, f"整改台账-{to_local(now):%Y%m%d}.xlsx", XLSX)


def bulletin_scope(scope: str) -> dict:
    kind, _, value = scope.strip().partition(":")
    if kind == "campaign" and value.isdigit():
        return {"campaign_id": int(value)}
    if kind == "half":
        return {"period": half_year(value)}
    raise InvalidInput("请选择通报范围：一次督查活动或一个半年度", detail={"field": "scope"})
