"""Reading a roster-style spreadsheet (组织架构, 人员名单) with the problem list's rules: headers found by
name in the first rows (``columns.normalise_header``, aliases, any order), Excel's row numbers kept,
blank rows skipped, every problem reported by row and column (``report.Report``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from workflow.imports.cells import is_blank, text_of
from workflow.imports.columns import HEADER_SCAN_ROWS, Column, normalise_header
from workflow.imports.reading import open_sheet
from workflow.imports.report import Report

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Sheet:
    """A template's columns; ``anchor`` is the column whose header marks the header row."""

    name: str
    what: str
    columns: tuple[Column, ...]
    anchor: str

    def column_for(self, header: object) -> Column | None:
        wanted = normalise_header(header)
        return next((c for c in self.columns if wanted in {normalise_header(n) for n in (c.header, *c.aliases)}),
                    None)

    @property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}


class Row:
    """One data row's cells by column key; errors go to the report under the column's template header."""

    def __init__(self, number: int, values: tuple, positions: dict[str, int], sheet: Sheet, report: Report):
        self.number, self.values, self.positions, self.sheet, self.report = number, values, positions, sheet, report
        self.failed = False

    def text(self, key: str) -> str:
        position = self.positions.get(key)
        return text_of(self.values[position]) if position is not None and position < len(self.values) else ""

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.report.add(self.number, self.sheet.by_key[key].header, message)


def read(content: bytes, sheet: Sheet, report: Report) -> Iterator[Row]:
    """The data rows; header problems (missing required columns) are reported and yield nothing."""
    workbook, worksheet = open_sheet(content, sheet.name)
    try:
        rows = list(worksheet.iter_rows(values_only=True, max_row=MAX_ROWS + HEADER_SCAN_ROWS))
    finally:
        workbook.close()
    positions, header_row = _layout(rows, sheet, report)
    if positions is None:
        return
    found = False
    for index, values in enumerate(rows[header_row:], start=header_row + 1):
        if all(is_blank(v) for v in values):
            continue
        found = True
        yield Row(index, values, positions, sheet, report)
    if not found:
        report.add(header_row + 1, sheet.by_key[sheet.anchor].header, "表头下方没有填写任何内容")


def _layout(rows: list[tuple], sheet: Sheet, report: Report) -> tuple[dict[str, int] | None, int]:
    anchor = sheet.by_key[sheet.anchor]
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(sheet.column_for(v) is anchor for v in row):
            continue
        positions: dict[str, int] = {}
        for position, value in enumerate(row):
            column = sheet.column_for(value)
            if column is None:
                continue
            if column.key in positions:
                report.add(index + 1, column.header, f"列“{column.header}”出现了不止一次，请只保留一列")
                continue
            positions[column.key] = position
        for column in sheet.columns:
            if column.required and column.key not in positions:
                report.add(index + 1, column.header, f"缺少必填列“{column.header}”（请使用下载的模板）")
        return positions, index + 1
    report.add(1, anchor.header, f"前 {HEADER_SCAN_ROWS} 行中找不到表头“{anchor.header}”（请使用下载的模板）")
    return None, 0
