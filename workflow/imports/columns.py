"""The problem-list (问题清单) columns: the template's headers, the names they are also known by, and
how a header cell in someone's spreadsheet is recognised.

Inspection teams keep their own spreadsheets, so columns are found by their Chinese header, in any
order; a few common variants of each header are accepted and extra columns are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool
    width: int
    note: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("title", "问题标题", ("问题", "问题名称", "存在问题", "问题概述"), True, 40,
           "必填，300 字以内。同一地点的问题标题不能重复。", "村内公厕保洁不到位"),
    Column("description", "问题描述", ("具体问题", "问题详情", "问题具体表现", "问题情况"), False, 50,
           "选填，问题的具体表现。", "公厕无人保洁，地面积水，洗手设施损坏。"),
    Column("town", "乡镇（街道）", ("乡镇", "镇", "乡镇街道", "街道", "所属乡镇"), False, 14,
           "与“村（社区）”至少填一项；只填乡镇表示乡镇本级问题。村名重名时必须填写乡镇。", "龙江镇"),
    Column("village", "村（社区）", ("村", "村社区", "行政村", "社区", "村居", "所属村"), False, 14,
           "问题所在的村或社区，须在本次督查范围内；按全称匹配，括号全角半角、空格不计。", "龙江东风村"),
    Column("lead_unit", "牵头单位", ("责任单位", "牵头责任单位", "整改责任单位"), False, 18,
           "选填，负责整改的单位全称（村、乡镇、行业部门、后盾单位等），须在组织督查单位的管辖范围内。", "龙江东风村"),
    Column("co_units", "配合单位", ("协办单位", "配合责任单位"), False, 18,
           "选填，多个单位用顿号“、”分隔。", "龙江镇、琼海市教育局"),
    Column("responsible_person", "责任人", ("整改责任人", "具体责任人"), False, 10,
           "选填，姓名；重名时按牵头单位和问题所在地区分。", "符书记"),
    Column("responsible_leader", "责任领导", ("分管领导", "责任领导姓名"), False, 10,
           "选填，姓名。", "林副书记"),
    Column("source", "问题来源", ("来源",), False, 10,
           "选填：督查、暗访、审计、巡视、媒体舆情、自查、群众反映；也可写督查活动类型（明查、回头看、部门督查、抽查、"
           "后评估、大比拼记为“督查”）；不填为“督查”。", "督查"),
    Column("severity", "严重程度", ("问题等级", "问题性质"), False, 10,
           "选填：一般、较重、严重；不填为“一般”。", "一般"),
    Column("checklist_item", "细则编号", ("指标编号", "督导细则编号", "细则条目编号"), False, 10,
           "选填，本次督查所用督导细则中的条目编号。", "1-2"),
    Column("found_on", "发现日期", ("发现时间", "督查日期", "检查日期"), False, 12,
           "选填，如 2026-11-20、2026/11/20、2026年11月20日；不填为导入当天；不能晚于今天。", "2026-11-20"),
    Column("due_on", "整改期限", ("整改时限", "完成时限", "整改完成时限", "限期"), False, 12,
           "选填，日期写法同上；不能早于发现日期。", "2026-12-20"),
)

BY_KEY = {c.key: c for c in COLUMNS}
HEADER_SCAN_ROWS = 10


def normalise_header(value: object) -> str:
    """'  乡镇(街道) *' → '乡镇（街道）': no spaces or required-marks, full-width brackets."""
    text = re.sub(r"[\s*＊]", "", str(value or ""))
    return text.replace("(", "（").replace(")", "）")


_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _LOOKUP[normalise_header(_name)] = _column


def column_for(header: object) -> Column | None:
    return _LOOKUP.get(normalise_header(header))


def place_columns() -> tuple[Column, Column]:
    return BY_KEY["town"], BY_KEY["village"]
