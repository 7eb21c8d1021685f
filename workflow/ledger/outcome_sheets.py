"""Two sheets of the ledger export for issue 13: 持续整改 (ongoing tickets, listed apart from the overdue
ones) and 问责计数 (each accountable unit's consequence counters for the year, ``workflow/counters``)."""

from __future__ import annotations

from openpyxl import Workbook
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.counters.queries import COUNTER_LABELS, accountable_counters
from workflow.ledger.names import Names
from workflow.ledger.xlsx_sheets import finish_sheet, start_sheet
from workflow.outcomes.ongoing import ongoing_rows
from workflow.tickets.queries import TicketFilters

ONGOING = "持续整改"
COUNTERS = "问责计数"
ONGOING_COLUMNS = [("序号", 6), ("问题编号", 15), ("问题标题", 30), ("乡镇（街道）", 11), ("村（社区）", 11),
                   ("牵头单位", 18), ("节点完成", 8), ("下一节点", 30), ("复查日期", 11)]


def write_ongoing(workbook: Workbook, session: Session, *, actor: Actor, filters: TicketFilters) -> int:
    sheet = start_sheet(workbook, ONGOING, ONGOING_COLUMNS, freeze="C2")
    rows = ongoing_rows(session, actor, filters)
    for index, r in enumerate(rows, start=1):
        sheet.append([index, r.number, r.title, r.town, r.village, r.lead_unit, f"{r.milestones_done}/{r.milestones}",
                      r.next_milestone, r.review_on])
    finish_sheet(sheet, len(ONGOING_COLUMNS), len(rows) + 1)
    return len(rows)


def write_counters(workbook: Workbook, session: Session, *, actor: Actor, year: int) -> int:
    columns = [("序号", 6), ("责任单位", 16), ("年度", 7), *((label, 9) for label in COUNTER_LABELS.values())]
    sheet = start_sheet(workbook, COUNTERS, columns, freeze="C2")
    found = accountable_counters(session, actor, year)
    names = Names(session)
    ordered = sorted(found.items(), key=lambda item: names.unit(item[0]))
    for index, (unit_id, counters) in enumerate(ordered, start=1):
        sheet.append([index, names.unit(unit_id), year, *counters.as_dict().values()])
    finish_sheet(sheet, len(columns), len(ordered) + 1)
    return len(ordered)
