"""Importing a problem list (问题清单, rule 4): all rows or none, and never the same problem twice.

1. Who: inspectors and the office, into a campaign they can see (else 403 / 404).
2. Same file again (same bytes, same campaign) → the earlier batch is answered, nothing is written.
3. Every row is checked; any error rejects the whole file with the full report (``report.py``).
4. Rows whose place + title already exist in the campaign are skipped, not duplicated, so a
   re-saved or extended file only adds its new rows.
5. The rest become tickets in state ``found`` in the caller's single transaction (``bulk.py``).

The campaign row is locked first (SELECT … FOR UPDATE on PostgreSQL; SQLite has one writer at a
time anyway), so two imports into one campaign run one after the other and step 2 and 4 hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import get_campaign
from workflow.errors import InvalidInput, PermissionDenied
from workflow.imports.bulk import write_tickets
from workflow.imports.matching import Directory
from workflow.imports.models import ImportBatch
from workflow.imports.reading import data_rows, open_sheet
from workflow.imports.report import Report
from workflow.imports.rows import ProblemRow, RowChecker, natural_key
from workflow.tickets.models import Ticket

IMPORTERS = ("office", "inspector")
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_LISTED_SKIPS = 1000


@dataclass
class ImportResult:
    batch_id: int
    campaign_id: int
    filename: str
    rows: int
    created: int
    skipped: int
    already_imported: bool = False
    first_number: str | None = None
    last_number: str | None = None
    skipped_rows: list[int] = field(default_factory=list)


def import_problem_list(session: Session, *, actor: Actor, campaign_id: int, filename: str, content: bytes,
                        now: datetime) -> ImportResult:
    if not actor.has_any(*IMPORTERS):
        raise PermissionDenied("只有督查员或领导小组办公室可以导入问题清单")
    campaign = get_campaign(session, actor, campaign_id)
    if not content:
        raise InvalidInput("上传的文件是空的", detail={"field": "file"})
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput("文件超过 30MB，请拆分后分批导入", detail={"field": "file"})
    session.execute(select(Campaign.id).where(Campaign.id == campaign.id).with_for_update())
    digest = hashlib.sha256(content).hexdigest()
    previous = session.scalar(
        select(ImportBatch).where(ImportBatch.campaign_id == campaign.id, ImportBatch.sha256 == digest)
    )
    if previous is not None:
        return ImportResult(previous.id, campaign.id, previous.filename, previous.rows, 0, previous.rows,
                            already_imported=True)
    rows = checked_rows(session, actor, campaign, content, now)
    existing = existing_keys(session, campaign.id)
    new = [r for r in rows if r.natural_key not in existing]
    skipped = [r.row for r in rows if r.natural_key in existing]
    batch = ImportBatch(campaign_id=campaign.id, sha256=digest, filename=(filename or "问题清单.xlsx")[:300],
                        rows=len(rows), created=len(new), skipped=len(skipped), imported_by_id=actor.person_id,
                        imported_at=now)
    session.add(batch)
    session.flush()
    numbers = write_tickets(session, actor=actor, campaign_id=campaign.id, batch_id=batch.id, rows=new, now=now)
    return ImportResult(batch.id, campaign.id, batch.filename, len(rows), len(new), len(skipped),
                        first_number=numbers[0] if numbers else None, last_number=numbers[-1] if numbers else None,
                        skipped_rows=skipped[:MAX_LISTED_SKIPS])


def checked_rows(session: Session, actor: Actor, campaign: Campaign, content: bytes,
                 now: datetime) -> list[ProblemRow]:
    """Every row checked; raises ``InvalidInput`` with the whole report if anything is wrong."""
    report = Report()
    workbook, sheet = open_sheet(content)
    try:
        layout, raw_rows = data_rows(sheet, report)
        report.raise_if_any()
        checker = RowChecker(Directory(session, actor, campaign), layout.positions, report, now)
        rows: list[ProblemRow] = []
        first_row_of: dict[tuple[int, str], int] = {}
        for number, values in raw_rows:
            row = checker.check(number, values)
            if row is None:
                continue
            earlier = first_row_of.setdefault(row.natural_key, number)
            if earlier != number:
                report.add(number, "问题标题", f"与第 {earlier} 行重复（同一地点、同一问题标题）")
                continue
            rows.append(row)
    finally:
        workbook.close()
    if not rows and not report:
        report.add(layout.header_row + 1, "问题标题", "表头下方没有填写任何问题")
    report.raise_if_any()
    return rows


def existing_keys(session: Session, campaign_id: int) -> set[tuple[int, str]]:
    query = select(Ticket.place_id, Ticket.title).where(Ticket.campaign_id == campaign_id)
    return {natural_key(place_id, title) for place_id, title in session.execute(query)}
