"""Importing the org tree from the county's own spreadsheet (组织架构): towns, villages with their flags,
departments, backer units and work teams with the village they serve (issue 12).

One row may describe several units (a village, its backer unit and its work team). Units are matched
by name (``matching.clean_name``: spaces and bracket widths ignored) under the same parent and of the
same kind, so a re-import updates flags and the served village and never duplicates a unit. All rows
or none: rows are applied in the caller's transaction and any error raises the whole report, which
rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import DomainError, InvalidInput, PermissionDenied
from workflow.imports.columns import Column
from workflow.imports.matching import clean_name, display_name
from workflow.imports.report import Report
from workflow.imports.roster_template import roster_template
from workflow.imports.sheets import Row, Sheet, read
from workflow.orgs import admin
from workflow.orgs.models import OrgUnit
from workflow.orgs.schemas import OrgUnitCreate, OrgUnitUpdate
from workflow.orgs.scope import visible_units

MAX_FILE_BYTES = 10 * 1024 * 1024
YES = {"是", "√", "✓", "Y", "y", "yes", "1", "true", "TRUE"}
NO = {"否", "", "×", "N", "n", "no", "0", "false", "FALSE"}

SHEET = Sheet("组织架构", "组织架构表", (
    Column("town", "乡镇（街道）", ("乡镇", "镇", "街道", "乡镇街道"), False, 14,
           "乡镇或街道名称；只填乡镇表示新建或确认一个乡镇。", "龙江镇"),
    Column("village", "村（社区）", ("村", "村社区", "行政村", "社区"), False, 14,
           "村或社区名称，须同时填写所属乡镇（街道）。", "东风村"),
    Column("poverty_alleviated", "脱贫村", ("是否脱贫村",), False, 8, "填“是”或“否”，不填为“否”。", "是"),
    Column("relocation_site", "易地搬迁安置点", ("是否易地搬迁安置点", "安置点"), False, 12,
           "填“是”或“否”，不填为“否”。", "否"),
    Column("latitude", "纬度", ("北纬", "村委会纬度"), False, 10,
           "村（社区）村委会所在地的纬度（十进制度，如 19.2075）；用于核对整改照片的拍摄地点。", "19.2075"),
    Column("longitude", "经度", ("东经", "村委会经度"), False, 10,
           "村（社区）村委会所在地的经度（十进制度，如 110.3960）。", "110.3960"),
    Column("department", "行业部门", ("部门", "牵头部门"), False, 18, "区/市的行业部门全称。", "琼海市教育局"),
    Column("backer_unit", "后盾单位", ("帮扶单位", "派出单位"), False, 18,
           "后盾（帮扶）单位全称；与驻村工作队同行时为工作队的派出单位。", "琼海市农业农村局"),
    Column("work_team", "驻村工作队", ("工作队", "乡村振兴工作队"), False, 22,
           "驻村工作队名称；所驻村默认为本行的村（社区）。", "龙江镇东风村驻村工作队"),
    Column("serves", "所驻村（社区）", ("所驻村", "驻村"), False, 14,
           "驻村工作队所驻的村（社区），不填则为本行的村（社区）；重名时须填写本行乡镇。", "东风村"),
), anchor="town")


@dataclass
class OrgImportResult:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


class _Tree:
    """Active units by (kind, parent id, clean name), updated as rows create units."""

    def __init__(self, session: Session, actor: Actor):
        self.units: dict[tuple[str, int | None, str], OrgUnit] = {}
        self.villages: dict[str, list[OrgUnit]] = {}
        for unit in session.scalars(visible_units(actor).where(OrgUnit.is_active.is_(True))):
            self.add(unit)

    def add(self, unit: OrgUnit) -> None:
        self.units[(unit.kind, unit.parent_id, clean_name(unit.name))] = unit
        if unit.kind == "village":
            self.villages.setdefault(clean_name(unit.name), []).append(unit)

    def get(self, kind: str, parent: OrgUnit, name: str) -> OrgUnit | None:
        return self.units.get((kind, parent.id, clean_name(name)))


def import_org_units(session: Session, *, actor: Actor, content: bytes, now: datetime) -> OrgImportResult:
    root = _root(session, actor)
    if not content:
        raise InvalidInput("上传的文件是空的", detail={"field": "file"})
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput("文件超过 10MB", detail={"field": "file"})
    report, result, tree = Report(what=SHEET.what), OrgImportResult(), _Tree(session, actor)
    for row in read(content, SHEET, report):
        result.rows += 1
        try:
            _apply_row(session, actor, root, tree, row, result, now)
        except DomainError as exc:
            row.error(_field_of(exc), exc.message)
    report.raise_if_any()
    return result


def _root(session: Session, actor: Actor) -> OrgUnit:
    admin.require_manager(actor)
    root = session.scalar(visible_units(actor).where(OrgUnit.kind == "district").order_by(OrgUnit.path).limit(1))
    if root is None:
        raise PermissionDenied("组织架构只能由区/市的管理员或领导小组办公室导入")
    return root


def _field_of(exc: DomainError) -> str:
    field_name = exc.detail.get("field") if isinstance(exc.detail, dict) else None
    return {"serves_unit_id": "serves", "parent_id": "town"}.get(field_name, "town")


def _flag(row: Row, key: str) -> bool | None:
    value = row.text(key)
    if value in YES:
        return True
    if value in NO:
        return False if value else None
    row.error(key, f"“{value}”应填“是”或“否”")
    return None


def _ensure(session, actor, tree: _Tree, result: OrgImportResult, kind: str, parent: OrgUnit, name: str,
            now: datetime, **fields) -> OrgUnit:
    unit = tree.get(kind, parent, name)
    if unit is None:
        unit = admin.create(session, actor=actor, parent=parent, now=now, data=OrgUnitCreate(
            name=display_name(name), kind=kind, parent_id=parent.id,
            **{k: v for k, v in fields.items() if v is not None}))
        tree.add(unit)
        result.created.append(f"{unit.kind_label} {unit.name}")
        return unit
    changes = {k: v for k, v in fields.items() if v is not None and getattr(unit, k) != v}
    if changes:
        admin.update_unit(session, actor=actor, unit_id=unit.id, now=now, data=OrgUnitUpdate(**changes))
        result.updated.append(f"{unit.kind_label} {unit.name}")
    return unit


def _apply_row(session, actor, root, tree, row: Row, result: OrgImportResult, now) -> None:
    town_name, village_name = row.text("town"), row.text("village")
    flags = {"poverty_alleviated": _flag(row, "poverty_alleviated"), "relocation_site": _flag(row, "relocation_site"),
             **_coordinates(row)}
    if village_name and not town_name:
        row.error("town", f"村（社区）“{village_name}”须填写所属乡镇（街道）")
    if any(flags.values()) and not village_name:
        row.error("village", "脱贫村、易地搬迁安置点、经纬度须与村（社区）填在同一行")
    if not any(row.text(c.key) for c in SHEET.columns if c.key not in VILLAGE_FACTS):
        row.error("town", "本行没有填写任何单位")
    if row.failed:
        return
    before = len(result.created) + len(result.updated)
    town = _ensure(session, actor, tree, result, "town", root, town_name, now) if town_name else None
    village = _ensure(session, actor, tree, result, "village", town, village_name, now, **flags) \
        if village_name else None
    if row.text("department"):
        _ensure(session, actor, tree, result, "department", root, row.text("department"), now)
    backer = _ensure(session, actor, tree, result, "backer_unit", root, row.text("backer_unit"), now) \
        if row.text("backer_unit") else None
    if row.text("work_team"):
        served = _served(tree, row, town, village)
        if served is None:
            return
        _ensure(session, actor, tree, result, "work_team", backer or root, row.text("work_team"), now,
                serves_unit_id=served.id)
    elif row.text("serves"):
        row.error("serves", "填写了所驻村（社区）但没有填写驻村工作队")
    if len(result.created) + len(result.updated) == before:
        result.unchanged += 1


VILLAGE_FACTS = ("poverty_alleviated", "relocation_site", "latitude", "longitude")
COORDINATE_RANGES = {"latitude": (-90, 90, "纬度"), "longitude": (-180, 180, "经度")}


def _coordinates(row: Row) -> dict[str, float | None]:
    """纬度/经度 as decimal degrees; both or neither, since one alone locates nothing."""
    values: dict[str, float | None] = {}
    for key, (low, high, label) in COORDINATE_RANGES.items():
        text = row.text(key)
        try:
            value = float(text) if text else None
        except ValueError:
            row.error(key, f"{label}“{text}”应为十进制度数，如 19.2075")
            value = None
        if value is not None and not low <= value <= high:
            row.error(key, f"{label} {value} 超出范围（{low} 至 {high}）")
            value = None
        values[key] = value
    if (values["latitude"] is None) != (values["longitude"] is None) and not row.failed:
        row.error("latitude", "纬度和经度须同时填写")
    return values


def _served(tree: _Tree, row: Row, town: OrgUnit | None, village: OrgUnit | None) -> OrgUnit | None:
    name = row.text("serves")
    if not name:
        if village is None:
            row.error("serves", "请填写驻村工作队所驻的村（社区），或在本行填写村（社区）")
        return village
    found = tree.villages.get(clean_name(name), [])
    if town is not None:
        found = [v for v in found if v.parent_id == town.id]
    if not found:
        row.error("serves", f"找不到村（社区）“{name}”" + (f"（乡镇：{town.name}）" if town else ""))
        return None
    if len(found) > 1:
        row.error("serves", f"有 {len(found)} 个名为“{name}”的村（社区），请在本行填写乡镇（街道）")
        return None
    return found[0]


def template(*, filled: bool = False) -> bytes:
    return roster_template(SHEET, [
        ["龙江镇", "", "", "", "", "", "", "", "", ""],
        ["龙江镇", "东风村", "是", "否", "19.2075", "110.3960", "", "琼海市农业农村局", "龙江镇东风村驻村工作队", ""],
        ["", "", "", "", "", "", "琼海市教育局", "", "", ""],
    ], notes=[
        "1. 一行可以同时填写乡镇、村（社区）、后盾单位和驻村工作队；乡镇和后盾单位不存在时自动新建。",
        "2. 按名称匹配已有单位（忽略空格，半角/全角括号视为相同），重复导入只更新标记，不会重复建立单位。",
        "3. 任何一行有错，整个文件都不导入，并列出每处错误（行号、列名、原因）。",
    ], filled=filled)
