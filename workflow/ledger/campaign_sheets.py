"""Two sheets of a campaign's ledger export (issue 17): 满意度调查 (per village and town, against the target)
and 指标完成情况 (each unit's latest actual per indicator, 达标/未达标, with how many times it was reported)."""

from __future__ import annotations

from openpyxl import Workbook
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import NotFound
from workflow.indicators.results import indicator_board
from workflow.ledger.xlsx_sheets import finish_sheet, start_sheet
from workflow.surveys.results import survey_results

SURVEY = "满意度调查"
INDICATORS = "指标完成情况"
SURVEY_COLUMNS = [("序号", 6), ("乡镇（街道）", 12), ("村（社区）", 12), ("作答数", 8), ("满意数", 8), ("满意度", 9),
                  ("目标", 8), ("是否达标", 9)]
INDICATOR_COLUMNS = [("序号", 6), ("指标", 18), ("单位", 14), ("实际值", 10), ("计量单位", 8), ("目标", 24),
                     ("是否达标", 9), ("填报次数", 8)]


def write_campaign_results(workbook: Workbook, session: Session, *, actor: Actor, campaign_id: int) -> None:
    """Nothing for a campaign the reader cannot see: the ledger's own sheets are then empty as well."""
    try:
        survey = survey_results(session, actor, campaign_id)
    except NotFound:
        return
    sheet = start_sheet(workbook, SURVEY, SURVEY_COLUMNS, freeze="D2")
    rows = [(t.name, "（全镇）", t) for t in survey.towns] + [(v.town, v.name, v) for v in survey.villages]
    for index, (town, village, r) in enumerate(rows, start=1):
        sheet.append([index, town, village, r.answered, r.satisfied, round(r.rate, 4), survey.target,
                      "未达标" if r.below_target else "达标"])
    finish_sheet(sheet, len(SURVEY_COLUMNS), len(rows) + 1)
    board = indicator_board(session, actor, campaign_id)
    sheet = start_sheet(workbook, INDICATORS, INDICATOR_COLUMNS, freeze="C2")
    for index, s in enumerate(board.standings, start=1):
        sheet.append([index, s.indicator.name, s.unit.name, s.latest.value, s.indicator.unit, s.indicator.target_label,
                      "达标" if s.met else "未达标", len(s.history)])
    finish_sheet(sheet, len(INDICATOR_COLUMNS), len(board.standings) + 1)


__all__ = ["INDICATORS", "SURVEY", "write_campaign_results"]
