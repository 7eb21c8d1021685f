"""Reading cell values as Excel hands them over: text that may be a number, dates in the usual forms.

Excel gives a date as a date cell (openpyxl: ``datetime``), as a serial number when the cell lost its
format, or as text typed by hand ("2026-11-20", "2026/11/20", "2026.11.20", "2026年11月20日",
"20261120"). Each is accepted; anything else is an error naming the value.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Serial numbers for 1990-01-01 .. 2100-01-01; outside that a number is not a plausible date.
_SERIAL_RANGE = (32874, 73051)


def text_of(value: object) -> str:
    """A cell as trimmed text; whole floats (Excel stores 12 as 12.0) lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def is_blank(value: object) -> bool:
    return text_of(value) == ""


class NotADate(ValueError):
    pass


def date_of(value: object) -> date | None:
    """None for a blank cell; raises ``NotADate`` with a Chinese message for anything unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise NotADate(f"无法识别的日期：{value}")
    if isinstance(value, int | float):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return from_excel(value).date()
        text = text_of(value)
    else:
        text = str(value).strip()
    match = _DATE_TEXT.match(text) or _COMPACT.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError as exc:
            raise NotADate(f"日期不存在：{text}") from exc
    raise NotADate(f"无法识别的日期：{text}（请写成 2026-11-20 或 2026年11月20日）")
