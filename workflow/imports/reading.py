"""Opening an uploaded .xlsx in read-only (streaming) mode and finding the problem-list header.

The sheet named 问题清单 is used when there is one, else the first sheet. The header is the first
of the top ten rows that names the 问题标题 column, so a title row above it ("xx督查问题清单") is fine.
Fully empty rows are skipped; row numbers stay Excel's, so the report points at the right line.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from workflow.errors import InvalidInput
from workflow.imports.cells import is_blank
from workflow.imports.columns import BY_KEY, COLUMNS, HEADER_SCAN_ROWS, column_for
from workflow.imports.report import Report
from workflow.uploads import kinds

SHEET_NAME = "问题清单"
MAX_DATA_ROWS = 100_000
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx），请用下载的模板填写后另存为 .xlsx 再上传"
# A 30 MB workbook of 100,000 rows unzips to well under this; a zip bomb claims far more (sizes in the
# zip directory are binding: zipfile stops at the declared size and fails the CRC check beyond it).
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024


@dataclass
class Layout:
    header_row: int
    positions: dict[str, int]  # column key → 0-based index in the row


def open_sheet(content: bytes, sheet_name: str = SHEET_NAME):
    check_workbook(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(NOT_XLSX, detail={"field": "file"}) from exc
    sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
    return workbook, sheet


def check_workbook(content: bytes) -> None:
    """By content, before openpyxl sees it: a zip holding a workbook, not too large once unzipped."""
    if kinds.sniff(content[:16]) is not kinds.XLSX:
        raise InvalidInput(NOT_XLSX, detail={"field": "file"})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(NOT_XLSX, detail={"field": "file"}) from exc
    if not any(e.filename == "xl/workbook.xml" for e in entries):
        raise InvalidInput(NOT_XLSX, detail={"field": "file"})
    if sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise InvalidInput(f"工作簿解压后超过 {MAX_UNZIPPED_BYTES // 1024 // 1024}MB，请删除多余的工作表、图片或空行，"
                           "或拆分后分批导入", detail={"field": "file"})


def find_layout(rows: list[tuple], report: Report) -> Layout | None:
    """Locate the header among the first rows; report missing, duplicated or insufficient columns."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(column_for(v) is BY_KEY["title"] for v in row):
            continue
        header_row = index + 1
        positions: dict[str, int] = {}
        for position, value in enumerate(row):
            column = column_for(value)
            if column is None:
                continue
            if column.key in positions:
                report.add(header_row, column.header, f"列“{column.header}”出现了不止一次，请只保留一列")
                continue
            positions[column.key] = position
        if "town" not in positions and "village" not in positions:
            report.add(header_row, "乡镇（街道）", "缺少列“乡镇（街道）”或“村（社区）”，至少需要其中一列")
        return Layout(header_row, positions)
    required = "、".join(f"“{c.header}”" for c in COLUMNS if c.required)
    report.add(1, BY_KEY["title"].header,
               f"前 {HEADER_SCAN_ROWS} 行中找不到表头：缺少必填列{required}（请使用下载的模板）")
    return None


def data_rows(sheet, report: Report) -> tuple[Layout | None, Iterator[tuple[int, tuple]]]:
    """The layout and an iterator of (Excel row number, values) for the non-empty rows below it."""
    stream = sheet.iter_rows(values_only=True)
    head: list[tuple] = []
    for row in stream:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    layout = find_layout(head, report)
    if layout is None:
        return None, iter(())

    def rows() -> Iterator[tuple[int, tuple]]:
        number = layout.header_row
        count = 0
        for row in _chain(head[layout.header_row:], stream):
            number += 1
            if all(is_blank(v) for v in row):
                continue
            count += 1
            if count > MAX_DATA_ROWS:
                raise InvalidInput(f"文件超过 {MAX_DATA_ROWS} 行问题，请拆分后分批导入", detail={"field": "file"})
            yield number, row

    return layout, rows()


def _chain(first: list[tuple], rest) -> Iterator[tuple]:
    yield from first
    yield from rest
