"""The 进度统计表 sheet: one row per town from ``stats.town_progress``, a total row, and the 红黑榜 mark.

Counts come from the same query as the ledger page's statistics, with the same filters, so the
sheet and the page cannot disagree. The rate's definition is printed under the table.
"""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from workflow.actor import Actor
from workflow.clock import to_local
from workflow.ledger.ranking import RedBlackThresholds, rank_units
from workflow.ledger.stats import UnitProgress, total_of, town_progress
from workflow.ledger.xlsx_sheets import finish_sheet, start_sheet
from workflow.tickets.queries import TicketFilters

COLUMNS = [("序号", 6), ("乡镇（街道）", 14), ("问题总数", 9), ("待交办", 8),
           ("已交办", 8), ("整改中", 8), ("已验收", 8), ("已销号", 8),
           ("逾期未整改", 10), ("按期整改率", 10), ("红黑榜", 8)]
RATE_NOTE = "按期整改率 = 按期验收（含销号）数 ÷（已验收、已销号数 + 逾期未整改数）；尚无可评价问题的乡镇不计。"


def write_progress(workbook: Workbook, session, *, actor: Actor, filters: TicketFilters, now: datetime,
                   thresholds: RedBlackThresholds | None = None) -> int:
    sheet = start_sheet(workbook, "进度统计表", COLUMNS, freeze="A2")
    progress = town_progress(session, actor, now=now, filters=filters)
    marks = {r.progress.unit_id: r.list_label for r in rank_units(progress, thresholds).ranked}
    for index, town in enumerate(progress, start=1):
        sheet.append([index, town.name, *_counts(town), _rate(sheet, town.on_time_rate), marks.get(town.unit_id, "")])
    finish_sheet(sheet, len(COLUMNS), len(progress) + 1)
    total = total_of(progress)
    bold = Font(bold=True)
    cells = [WriteOnlyCell(sheet, v) for v in ("", "合计", *_counts(total))]
    for cell in cells:
        cell.font = bold
    sheet.append([*cells, _rate(sheet, total.on_time_rate)])
    sheet.append([])
    sheet.append([f"统计时间：{to_local(now):%Y-%m-%d %H:%M}"])
    sheet.append([RATE_NOTE])
    return len(progress)


def _counts(p: UnitProgress) -> list[int]:
    waiting = p.found - p.assigned - p.rectifying - p.verified - p.closed
    return [p.found, waiting, p.assigned, p.rectifying, p.verified, p.closed, p.overdue]


def _rate(sheet, rate: float | None):
    if rate is None:
        return "—"
    cell = WriteOnlyCell(sheet, rate)
    cell.number_format = "0.0%"
    return cell
