"""Building spreadsheets for import tests, the way users' files look: headers in any order, dates in
Excel's forms, title rows and blank lines."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from workflow.accounts.service import actor_for
from workflow.campaigns.schemas import CampaignCreate
from workflow.campaigns.service import create_campaign
from workflow.db import transaction

HEADERS = ["问题标题", "问题描述", "乡镇（街道）", "村（社区）", "牵头单位", "整改期限"]


def workbook_bytes(rows: list[list], *, headers: list[str] | None = HEADERS, title_row: str | None = None,
                   sheet_name: str = "问题清单") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    if title_row:
        sheet.append([title_row])
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problem(title: str, village: str = "东风村", town: str = "龙江镇", lead: str = "东风村",
            due=date(2026, 12, 20), description: str = "") -> list:
    return [title, description, town, village, lead, due]


def make_campaign(sessions, world, *, scope: tuple[str, ...] = ("longjiang", "boao"), checklist_id=None) -> int:
    with transaction(sessions) as s:
        office = actor_for(s, world.people["office"])
        campaign = create_campaign(s, actor=office, data=CampaignCreate(
            name="2026年下半年乡村振兴督导", kind="open_check", starts_on=date(2026, 11, 1),
            ends_on=date(2026, 11, 30), checklist_id=checklist_id,
            scope_unit_ids=[world.units[k] for k in scope],
        ))
        return campaign.id
