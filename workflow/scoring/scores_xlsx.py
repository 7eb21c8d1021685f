"""The campaign's scores as .xlsx (openpyxl, print layout of ``ledger/xlsx_sheets.py``): units with their
area subtotals, towns ranked, and the bonus entries — what the reader may see, as ``campaign_scores`` gives it."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from workflow.ledger.xlsx_sheets import finish_sheet, start_sheet
from workflow.scoring.models import BonusEntry
from workflow.scoring.scores import CampaignScores

UNIT_SHEET, TOWN_SHEET, BONUS_SHEET = "单位得分", "乡镇排名", "加分明细"


def scores_xlsx(scores: CampaignScores, bonuses: list[BonusEntry], unit_names: dict[int, str]) -> bytes:
    workbook = Workbook(write_only=True)
    area_columns = [(f"{name}（{points:g}分）", 14) for _code, name, points in scores.areas]
    units_columns = [("名次", 8), ("乡镇", 14), ("单位", 16), ("抽样", 8), *area_columns, ("扣分合计", 10),
                     ("加分", 8), (f"得分（满分{scores.total_points:g}）", 14), ("已检查条目", 12)]
    sheet = start_sheet(workbook, UNIT_SHEET, units_columns, freeze="D2")
    for u in scores.units:
        sheet.append([u.rank, u.town_name, u.name, "是" if u.sampled else "", *[a.subtotal for a in u.areas],
                      u.deducted, u.bonus, u.score, f"{u.marked}/{u.items}"])
    finish_sheet(sheet, len(units_columns), len(scores.units) + 1)

    town_columns = [("名次", 8), ("乡镇", 16), ("已检查村数", 12), ("村平均分", 12), ("乡镇加分", 10), ("得分", 10)]
    sheet = start_sheet(workbook, TOWN_SHEET, town_columns, freeze="C2")
    for t in scores.towns:
        sheet.append([t.rank, t.name, t.villages, t.village_mean, t.bonus, t.score])
    finish_sheet(sheet, len(town_columns), len(scores.towns) + 1)

    bonus_columns = [("单位", 16), ("类别", 14), ("篇数", 8), ("分值", 8), ("日期", 12), ("事由", 40),
                     ("状态", 10), ("审核意见", 30)]
    sheet = start_sheet(workbook, BONUS_SHEET, bonus_columns, freeze="B2")
    for b in bonuses:
        sheet.append([unit_names.get(b.unit_id, ""), b.category_label, b.articles, b.points,
                      b.awarded_on.isoformat(), b.description, b.status_label, b.decision_note])
    finish_sheet(sheet, len(bonus_columns), len(bonuses) + 1)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
