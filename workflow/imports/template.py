"""The downloadable problem-list template: the 问题清单 sheet to fill, and a 填写说明 sheet.

Headers are exactly those ``columns.py`` looks for; required columns are red and bold. Drop-downs
offer the allowed 问题来源 and 严重程度 values, date columns are formatted as dates. Downloaded by a signed-in
user, the sheet's second row is an example in that user's own names (``template_example.py``), titled 【示例】,
that imports as it is; without a user, the 填写说明 sheet's examples are named after the demo data
(``zhenggai seed-demo``), so that copied as one row they import as they are (tests do both).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from workflow.imports.columns import COLUMNS
from workflow.imports.reading import SHEET_NAME
from workflow.imports.rows import SOURCE_OF_CAMPAIGN_KIND
from workflow.tickets.models import SEVERITIES, SOURCES

TEMPLATE_ROWS = 500
THIN = Side(style="thin", color="999999")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def problem_list_template(example: dict[str, str] | None = None) -> bytes:
    """``example``: column key → value of an example row to put in the sheet (see template_example.py)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = HEADER_FILL
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key in ("found_on", "due_on"):
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        choices = {"source": [*SOURCES.values(), *(k for k in SOURCE_OF_CAMPAIGN_KIND if k not in SOURCES.values())],
                   "severity": list(SEVERITIES.values())}.get(column.key)
        if choices:
            rule = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True,
                                  error="请从下拉列表中选择", errorTitle="取值有误", showErrorMessage=True)
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(rule)
    if example:
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=2, column=index, value=example.get(column.key) or None)
            cell.font = Font(italic=True, color="7F7F7F")
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    _instructions(workbook.create_sheet("填写说明"), example)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, example: dict[str, str] | None) -> None:
    sheet.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in COLUMNS:
        shown = (example.get(column.key) if example else None) or column.example
        sheet.append([column.header, "必填" if column.required else "选填", column.note, shown])
    sheet.append([])
    for line in (
        "1. 请在“问题清单”工作表中逐行填写，一行一个问题；列的顺序可以调整，多出的列会被忽略。",
        "2. 整个文件任何一行有错，系统将整体拒绝导入并列出每处错误（行号、列名、原因），修改后重新上传即可。",
        "3. 同一文件重复上传不会重复建立问题；本次督查中已有的同一地点、同一标题的问题会被跳过。",
        "4. 地点按名称在本次督查范围内匹配；村（社区）重名时请同时填写乡镇（街道）。",
        *(["5. “问题清单”第 2 行是用本单位名称填写的示例（标题以【示例】开头），可原样导入试用；"
           "正式导入前请改写或删除该行。"] if example else []),
    ):
        sheet.append([line])
    for letter, width in zip("ABCD", (14, 10, 70, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
