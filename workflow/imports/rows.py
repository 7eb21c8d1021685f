"""Checking one spreadsheet row and turning it into what a ticket needs.

Every cell of every row is checked and every error reported (row, column, what is wrong), so the
user fixes the file once; the caller writes nothing unless the whole file is clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from workflow.campaigns.models import CAMPAIGN_KINDS
from workflow.clock import LOCAL_TZ
from workflow.deadlines.local_time import end_of_local_day, local_date
from workflow.imports.cells import NotADate, date_of, text_of
from workflow.imports.columns import BY_KEY
from workflow.imports.matching import Directory, NoMatch, Unit, clean_name
from workflow.imports.report import Report
from workflow.tickets.models import SEVERITIES, SOURCES

MAX_TITLE = 300
MAX_DESCRIPTION = 20000
# Teams write the kind of inspection that found a problem (回头看, 明查, 部门督查 … the campaign kinds of the
# glossary) as its 问题来源: each is a 督查 except 暗访 and 自查, which have their own source.
SOURCE_OF_CAMPAIGN_KIND = {label: {"covert_check": "covert", "self_check": "self_check"}.get(kind, "inspection")
                           for kind, label in CAMPAIGN_KINDS.items()}
SOURCE_BY_LABEL = ({label: key for key, label in SOURCES.items()} | SOURCE_OF_CAMPAIGN_KIND
                   | {"督导": "inspection", "检查": "inspection", "小组抽查": "inspection", "考核评估": "inspection"}
                   | {key: key for key in SOURCES})
SEVERITY_BY_LABEL = {label: key for key, label in SEVERITIES.items()} | {key: key for key in SEVERITIES}
LIST_SEPARATORS = re.compile(r"[、,，;；/\n]+")


@dataclass(slots=True)
class ProblemRow:
    row: int
    title: str
    description: str
    place: Unit
    owner_unit_id: int
    prefix: str
    lead_unit_id: int | None
    co_unit_ids: tuple[int, ...]
    responsible_person_id: int | None
    responsible_leader_id: int | None
    source: str
    severity: str
    checklist_item_id: int | None
    found_at: datetime
    due_at: datetime | None

    @property
    def natural_key(self) -> tuple[int, str]:
        return natural_key(self.place.id, self.title)


def natural_key(place_id: int, title: str) -> tuple[int, str]:
    """Same place, same title (ignoring spaces) = the same problem: the duplicate and re-import rule."""
    return place_id, re.sub(r"\s+", "", title)


class RowChecker:
    def __init__(self, directory: Directory, positions: dict[str, int], report: Report, now: datetime):
        self.directory = directory
        self.positions = positions
        self.report = report
        self.now = now
        self.today = local_date(now)

    def check(self, number: int, values: tuple) -> ProblemRow | None:
        cell = _Cells(number, values, self.positions, self.report)
        title = cell.text("title")
        if not title:
            cell.error("title", "问题标题不能为空")
        elif len(title) > MAX_TITLE:
            cell.error("title", f"问题标题超过 {MAX_TITLE} 字（{len(title)} 字）")
        description = cell.text("description")
        if len(description) > MAX_DESCRIPTION:
            cell.error("description", f"问题描述超过 {MAX_DESCRIPTION} 字")
        place = cell.match("village" if cell.text("village") or "town" not in self.positions else "town",
                           lambda: self.directory.place(cell.text("town"), cell.text("village")))
        # Units are checked even when the place is wrong, so a row's every fault is reported at once.
        lead = cell.match("lead_unit", lambda: self.directory.unit(cell.text("lead_unit"), near=place),
                          optional=True)
        co_names = dict.fromkeys(n.strip() for n in LIST_SEPARATORS.split(cell.text("co_units")) if n.strip())
        co_units = [cell.match("co_units", lambda n=name: self.directory.unit(n, near=place)) for name in co_names]
        near = [u for u in (lead, place and self.directory.town_of(place)) if u is not None]
        person = cell.match("responsible_person",
                            lambda: self.directory.person(cell.text("responsible_person"), near=near), optional=True)
        leader = cell.match("responsible_leader",
                            lambda: self.directory.person(cell.text("responsible_leader"), near=near), optional=True)
        source = cell.choice("source", SOURCE_BY_LABEL, default="inspection")
        severity = cell.choice("severity", SEVERITY_BY_LABEL, default="general")
        item = cell.match("checklist_item", lambda: self.directory.item(cell.text("checklist_item")), optional=True)
        found_on, due_on = cell.date("found_on"), cell.date("due_on")
        if found_on and found_on > self.today:
            cell.error("found_on", f"发现日期 {found_on:%Y-%m-%d} 晚于今天")
        if due_on and found_on and due_on < found_on:
            cell.error("due_on", f"整改期限 {due_on:%Y-%m-%d} 早于发现日期")
        elif due_on and not cell.text("found_on") and due_on < self.today:
            cell.error("due_on", f"整改期限 {due_on:%Y-%m-%d} 早于今天（未填发现日期，按今天发现）")
        # An unreadable 发现日期 is reported once, on its own column; the deadline is not compared with it.
        if cell.failed or place is None:
            return None
        owner_unit_id, prefix = self.directory.owner_for(place)
        return ProblemRow(
            row=number, title=title, description=description, place=place, owner_unit_id=owner_unit_id,
            prefix=prefix, lead_unit_id=lead.id if lead else None,
            co_unit_ids=tuple(dict.fromkeys(u.id for u in co_units or [] if u is not None)),
            responsible_person_id=person, responsible_leader_id=leader, source=source, severity=severity,
            checklist_item_id=item, found_at=self._found_at(found_on),
            due_at=end_of_local_day(due_on) if due_on else None,
        )

    def _found_at(self, found_on: date | None) -> datetime:
        """A found date other than today means the start of that local day; none or today means now."""
        if found_on is None or found_on == self.today:
            return self.now
        return datetime.combine(found_on, time(0, 0), tzinfo=LOCAL_TZ)


class _Cells:
    """One row's cells by column key, and its errors under the column's template header."""

    def __init__(self, number: int, values: tuple, positions: dict[str, int], report: Report):
        self.number, self.values, self.positions, self.report = number, values, positions, report
        self.failed = False

    def raw(self, key: str) -> object:
        position = self.positions.get(key)
        return self.values[position] if position is not None and position < len(self.values) else None

    def text(self, key: str) -> str:
        return text_of(self.raw(key))

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.report.add(self.number, BY_KEY[key].header, message)

    def match(self, key: str, find, *, optional: bool = False):
        if optional and not self.text(key):
            return None
        try:
            return find()
        except NoMatch as exc:
            self.error(key, str(exc))
            return None

    def choice(self, key: str, allowed: dict[str, str], *, default: str) -> str:
        value = self.text(key)
        if not value:
            return default
        by_key = _by_clean_name(tuple(allowed.items()))
        if clean_name(value) not in by_key:
            labels = "、".join(label for label in allowed if not label.isascii())
            self.error(key, f"“{value}”不是可选值（可选：{labels}）")
            return default
        return by_key[clean_name(value)]

    def date(self, key: str) -> date | None:
        try:
            return date_of(self.raw(key))
        except NotADate as exc:
            self.error(key, str(exc))
            return None


@lru_cache(maxsize=64)
def _by_clean_name(allowed: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """label → code by comparison key, built once per choice list (not once per cell)."""
    return {clean_name(label): code for label, code in allowed}
