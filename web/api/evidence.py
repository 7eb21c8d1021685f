"""Evidence: multipart upload onto a ticket, listing, and download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from web.api.downloads import display_image, stored_upload
from web.api.responses import error_responses
from web.api.uploads import uploads_from
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep, StoreDep
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.provenance.display import display_copy
from workflow.provenance.report import flag_report
from workflow.provenance.schemas import FlagReportRead
from workflow.provenance.views import with_provenance
from workflow.tickets import queries
from workflow.tickets.evidence import EvidenceRules, attach_evidence
from workflow.tickets.schemas import EvidenceRead

router = APIRouter(tags=["evidence"])


@router.post("/tickets/{ticket_id}/evidence", response_model=list[EvidenceRead], status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, InvalidInput))
def upload_evidence(
    ticket_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, store: StoreDep,
    settings: SettingsDep, files: Annotated[list[UploadFile], File()], stage: Annotated[str, Form()] = "rectified",
    comment: Annotated[str, Form()] = "",
):
    rows = attach_evidence(session, actor=actor, ticket_id=ticket_id, stage=stage, uploads=uploads_from(files),
                           comment=comment, now=clock.now(), store=store, rules=EvidenceRules.from_settings(settings))
    return with_provenance(session, rows)


@router.get("/tickets/{ticket_id}/evidence", response_model=list[EvidenceRead],
            responses=error_responses(NotAuthenticated, NotFound))
def list_evidence(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    """Each item carries its photo facts and ``flags`` (kind, reason in Chinese, the matching photo)."""
    return with_provenance(session, queries.evidence_of(session, actor, ticket_id))


@router.get("/evidence/{evidence_id}/content", responses=error_responses(NotAuthenticated, NotFound))
def evidence_content(evidence_id: RowId, actor: CurrentActor, session: DbSession, store: StoreDep):
    """Inline only for a photo decoded at upload; anything else downloads (web/api/downloads.py)."""
    evidence = queries.get_visible_evidence(session, actor, evidence_id)
    return stored_upload(store, evidence.sha256, evidence.content_type, evidence.filename)


@router.get("/evidence-flags/report", response_model=FlagReportRead,
            responses=error_responses(NotAuthenticated, PermissionDenied, NotFound))
def evidence_flag_report(actor: CurrentActor, session: DbSession, campaign_id: RowId | None = None):
    """Per town: photos, photos flagged, flags overruled at 验收 (by whom, why) and confirmed by 返工."""
    return FlagReportRead.of(flag_report(session, actor=actor, campaign_id=campaign_id))


@router.get("/evidence/{evidence_id}/display", responses=error_responses(NotAuthenticated, NotFound))
def evidence_display(evidence_id: RowId, actor: CurrentActor, session: DbSession, store: StoreDep):
    """A display copy for exports and bulletins, watermarked with ticket, place and time; the original
    stays untouched at ``/content``."""
    return display_image(display_copy(session, actor=actor, evidence_id=evidence_id, store=store))
