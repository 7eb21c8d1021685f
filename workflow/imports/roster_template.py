"""Downloadable templates for the roster imports (组织架构, 人员名单), styled like the problem-list template:
the sheet to fill with its headers (required ones red), and a 填写说明 sheet with every column and examples.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter

from workflow.imports.sheets import Sheet
from workflow.imports.template import HEADER_FILL, THIN


def roster_template(sheet: Sheet, examples: list[list[str]], notes: list[str], *, filled: bool = False) -> bytes:
    """``filled``: the example rows are also in the sheet to import (a trial run, README)."""
    workbook = Workbook()
    main = workbook.active
    main.title = sheet.name
    for index, column in enumerate(sheet.columns, start=1):
        cell = main.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = HEADER_FILL
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        main.column_dimensions[get_column_letter(index)].width = column.width
        for row in range(2, 502):  # mobiles and accounts stay text, never 1.38e10
            main.cell(row=row, column=index).number_format = "@"
    main.freeze_panes = "A2"
    for number, example in enumerate(examples if filled else [], start=2):
        for index, value in enumerate(example, start=1):
            main.cell(row=number, column=index, value=value or None)
    notes_sheet = workbook.create_sheet("填写说明")
    notes_sheet.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in notes_sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in sheet.columns:
        notes_sheet.append([column.header, "必填" if column.required else "选填", column.note, column.example])
    notes_sheet.append([])
    notes_sheet.append(["示例行（请填写在“" + sheet.name + "”工作表中）："])
    notes_sheet.append([c.header for c in sheet.columns])
    for example in examples:
        notes_sheet.append(example)
    notes_sheet.append([])
    for line in notes:
        notes_sheet.append([line])
    for letter, width in zip("ABCD", (16, 10, 60, 24), strict=True):
        notes_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
