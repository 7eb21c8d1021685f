"""The 进度统计表 sheet: one row per responsible unit from ``stats.town_progress`` (a ticket counts for the
unit that leads it), a total row, the 红黑榜 mark, and each unit's returns, reworks and overdue episodes as
counted from the events (charged to the unit that led the ticket at the time).

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

COLUMNS = [("序号", 6), ("责任单位", 14), ("问题总数", 9), ("待交办", 8),
           ("已交办", 8), ("整改中", 8), ("已验收", 8), ("已销号", 8),
           ("逾期未整改", 10), ("按期整改率（原定期限）", 12), ("按期整改率", 10), ("红黑榜", 8),
           ("退回次数", 8), ("返工次数", 8), ("逾期次数", 8),
           ("持续整改", 8), ("作废", 6), ("立行立改", 8)]
RATE_NOTE = ("按期整改率 = 按期验收（含销号）数 ÷（已验收、已销号数 + 逾期未整改数），按延期后的期限计；"
             "按原定期限的整改率以首次确定的期限计，延期不改变是否按期。尚无可评价问题的单位不计。"
             "作废的问题不计入问题总数和整改率；持续整改（挂账）的问题不计逾期，另见“持续整改”表。"
             "问题计入牵头单位（村的问题计入所属乡镇）；退回、返工、逾期次数计入发生时的牵头单位。")


def write_progress(workbook: Workbook, session, *, actor: Actor, filters: TicketFilters, now: datetime,
                   thresholds: RedBlackThresholds | None = None) -> int:
    sheet = start_sheet(workbook, "进度统计表", COLUMNS, freeze="A2")
    progress = town_progress(session, actor, now=now, filters=filters)
    marks = {r.progress.unit_id: r.list_label for r in rank_units(progress, thresholds).ranked}
    for index, town in enumerate(progress, start=1):
        sheet.append([index, town.name, *_counts(town), _rate(sheet, town.on_time_rate_original),
                      _rate(sheet, town.on_time_rate), marks.get(town.unit_id, ""), *_tallies(town)])
    finish_sheet(sheet, len(COLUMNS), len(progress) + 1)
    total = total_of(progress)
    bold = Font(bold=True)
    cells = [WriteOnlyCell(sheet, v) for v in ("", "合计", *_counts(total))]
    for cell in cells:
        cell.font = bold
    sheet.append([*cells, _rate(sheet, total.on_time_rate_original), _rate(sheet, total.on_time_rate), "",
                  *_tallies(total)])
    sheet.append([])
    sheet.append([f"统计时间：{to_local(now):%Y-%m-%d %H:%M}"])
    sheet.append([RATE_NOTE])
    return len(progress)


def _counts(p: UnitProgress) -> list[int]:
    waiting = p.waiting
    return [p.found, waiting, p.assigned, p.rectifying, p.verified, p.closed, p.overdue]


def _tallies(p: UnitProgress) -> list[int]:
    return [p.returns, p.reworks, p.overdue_episodes, p.ongoing, p.voided, p.on_the_spot]


def _rate(sheet, rate: float | None):
    if rate is None:
        return "—"
    cell = WriteOnlyCell(sheet, rate)
    cell.number_format = "0.0%"
    return cell
