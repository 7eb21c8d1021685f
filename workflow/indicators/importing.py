"""Importing indicator actuals from .xlsx: every row checked, nothing imported if any row is bad.

The sheet (named 指标实际值, else the first) has a header row within the top ten rows naming
单位 (a town or village by name, or 乡镇/村 written as 龙江镇东风村 or 龙江镇/东风村), 指标 (the
indicator's name in this campaign) and 实际值 (a number; "0.3%" is read as 0.3), and optionally 备注.
Problems are listed by Excel row and column in Chinese, as for the problem list (``workflow/imports``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.access import campaign_for_entry, in_scope
from workflow.imports.cells import is_blank, text_of
from workflow.imports.reading import open_sheet
from workflow.imports.report import Report
from workflow.indicators.models import Indicator, IndicatorActual
from workflow.indicators.service import UNIT_KINDS
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units

SHEET = "指标实际值"
HEADERS = {"unit": ("单位", "乡镇", "村（社区）", "填报单位"), "indicator": ("指标", "指标名称"),
           "value": ("实际值", "完成值", "实际"), "note": ("备注",)}
REQUIRED = {"unit": "单位", "indicator": "指标", "value": "实际值"}
MAX_ROWS = 20_000


@dataclass
class ImportResult:
    imported: int


def import_actuals(session: Session, *, actor: Actor, campaign_id: int, content: bytes,
                   now: datetime) -> ImportResult:
    campaign = campaign_for_entry(session, actor, campaign_id)
    report = Report(what="指标实际值表")
    workbook, sheet = open_sheet(content, SHEET)
    try:
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 10))
    finally:
        workbook.close()
    header_row, positions = _header(rows, report)
    indicators = {i.name: i for i in session.scalars(select(Indicator).where(Indicator.campaign_id == campaign.id))}
    units = _unit_names(session, actor)
    found: list[IndicatorActual] = []
    for number, row in enumerate(rows[header_row:], start=header_row + 1) if positions else ():
        if all(is_blank(v) for v in row):
            continue
        cell = _cells(row, positions)
        unit = _unit(text_of(cell("unit")), units, number, report)
        if unit is not None and not in_scope(session, campaign, unit):
            report.add(number, "单位", f"{unit.name}不在本次督查的范围内")
            unit = None
        indicator = indicators.get(text_of(cell("indicator")))
        if indicator is None:
            name = text_of(cell("indicator"))
            report.add(number, "指标", f"本次督查没有指标“{name}”" if name else "指标不能为空")
        value = _number(cell("value"), number, report)
        if unit is not None and indicator is not None and value is not None:
            found.append(IndicatorActual(indicator_id=indicator.id, org_unit_id=unit.id, value=value,
                                         recorded_at=now, recorded_by=actor.person_id, source="import",
                                         note=text_of(cell("note"))[:300] or None))
    if not found and not report:
        report.add(header_row + 1, "实际值", "表中没有数据行")
    report.raise_if_any()
    session.add_all(found)
    session.flush()
    return ImportResult(imported=len(found))


def _cells(row: tuple, positions: dict[str, int]):
    return lambda key: row[positions[key]] if key in positions and positions[key] < len(row) else None


def _header(rows: list[tuple], report: Report) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:10]):
        texts = [text_of(v) for v in row]
        positions = {key: texts.index(h) for key, names in HEADERS.items() for h in names if h in texts}
        if "indicator" in positions:
            for key, label in REQUIRED.items():
                if key not in positions:
                    report.add(index + 1, label, f"缺少列“{label}”（请使用下载的模板）")
            return index + 1, positions if not report else {}
    report.add(1, "指标", "前 10 行中找不到表头：须有“单位”“指标”“实际值”三列")
    return 1, {}


def _unit_names(session: Session, actor: Actor) -> dict[str, list[OrgUnit]]:
    """Each visible town or village by its name and by town+village, so 东风村 and 龙江镇东风村 both work."""
    units = list(session.scalars(visible_units(actor).where(OrgUnit.kind.in_(UNIT_KINDS), OrgUnit.is_active)))
    by_id = {u.id: u for u in units}
    names: dict[str, list[OrgUnit]] = {}
    for u in units:
        names.setdefault(u.name, []).append(u)
        parent = by_id.get(u.parent_id)
        if parent is not None:
            for joined in (f"{parent.name}{u.name}", f"{parent.name}/{u.name}"):
                names.setdefault(joined, []).append(u)
    return names


def _unit(name: str, units: dict[str, list[OrgUnit]], row: int, report: Report) -> OrgUnit | None:
    if not name:
        report.add(row, "单位", "单位不能为空")
        return None
    matches = units.get(name, [])
    if len(matches) > 1:
        report.add(row, "单位", f"“{name}”有重名，请写成“乡镇+村”，如 龙江镇东风村")
        return None
    if not matches:
        report.add(row, "单位", f"找不到乡镇或村（社区）“{name}”，或不在您的管辖范围内")
        return None
    return matches[0]


def _number(value: object, row: int, report: Report) -> float | None:
    if isinstance(value, bool):
        value = None
    text = text_of(value).replace("％", "%").removesuffix("%").strip()
    if not text:
        report.add(row, "实际值", "实际值不能为空")
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > 1e9:
        report.add(row, "实际值", f"实际值须为数字：“{text_of(value)}”")
        return None
    return number


__all__ = ["ImportResult", "import_actuals"]
