"""Attaching evidence: files go to the store, metadata and an event go to the database together.

Three sets, as practice asks (问题发现 / 整改后 / 验收时): who may add each, and when, is checked here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import InvalidInput, PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.provenance.recording import record_photo
from workflow.provenance.rules import EvidenceRules
from workflow.tickets import events, queries
from workflow.tickets.models import EVIDENCE_STAGES, Evidence, Ticket
from workflow.tickets.storage import EvidenceStore
from workflow.uploads.checks import MAX_FILE_BYTES, Upload, check_uploads

__all__ = ["MAX_FILE_BYTES", "EvidenceRules", "Upload", "allowed_stages", "attach_evidence"]


def attach_evidence(
    session: Session,
    *,
    actor: Actor,
    ticket_id: int,
    stage: str,
    uploads: list[Upload],
    comment: str,
    now: datetime,
    store: EvidenceStore,
    rules: EvidenceRules = EvidenceRules(),
) -> list[Evidence]:
    """Photos also get their provenance and flags (workflow/provenance), compared with every earlier photo."""
    ticket = queries.get_visible(session, actor, ticket_id)
    _check_stage(session, actor, ticket, stage)
    checked = check_uploads(uploads, has_thumbnail=store.has_thumbnail_of)
    event = events.record(
        session, ticket, trigger="attach_evidence", actor=actor, at=now, from_state=ticket.state,
        to_state=ticket.state, comment=comment,
        payload={"stage": stage, "files": [c.filename for c in checked], "round": ticket.round},
    )
    rows = [
        Evidence(
            ticket_id=ticket.id, event_id=event.id, stage=stage, round=ticket.round,
            sha256=store.put(c.content, thumbnail=c.thumbnail), filename=c.filename, content_type=c.content_type,
            size=len(c.content), uploaded_by_id=actor.person_id, uploaded_at=now,
        )
        for c in checked
    ]
    session.add_all(rows)
    session.flush()
    for row, c in zip(rows, checked, strict=True):
        if c.kind.is_photo:
            record_photo(session, evidence=row, ticket=ticket, content=c.content,
                         thumbnail=store.thumbnail_path(row.sha256).read_bytes(), rules=rules)
    return rows


def allowed_stages(session: Session, actor: Actor, ticket: Ticket) -> list[str]:
    """The evidence sets this actor may add to now: the ticket page offers an upload form for these."""
    allowed = []
    for stage in EVIDENCE_STAGES:
        try:
            _check_stage(session, actor, ticket, stage)
        except (InvalidInput, PermissionDenied):
            continue
        allowed.append(stage)
    return allowed


def _check_stage(session: Session, actor: Actor, ticket: Ticket, stage: str) -> None:
    if stage not in EVIDENCE_STAGES:
        raise InvalidInput(f"材料类别必须是：{'、'.join(EVIDENCE_STAGES)}", detail={"field": "stage"})
    if stage == "rectified":
        lead = session.get(OrgUnit, ticket.lead_unit_id) if ticket.lead_unit_id else None
        if not (actor.has_any("operator") and lead is not None and actor.covers(lead.path)):
            raise PermissionDenied("只有牵头责任单位的专干可以上传整改材料")
        if ticket.state != "rectifying" or ticket.awaiting_verification:
            raise InvalidInput("只有整改中且未提交验收的问题可以上传整改材料")
    elif not actor.has_any("inspector", "office"):
        raise PermissionDenied("只有督查员或领导小组办公室可以上传此类材料")

