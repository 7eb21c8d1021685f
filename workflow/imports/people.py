"""Importing the roster of people (人员名单, 花名册): 姓名, 单位, 职务/岗位, 手机号, 账号, 角色 (issue 12).

A row is the same person as an existing one when the 账号 matches, or the 手机号 matches, or the name
matches within the same unit; so a re-import that changes a mobile (same name and unit) or moves a
cadre (same mobile or account) updates them and never duplicates anyone. Blank cells leave what is
recorded unchanged. Units are matched by name like the problem list (spaces and bracket widths
ignored; a village named twice is told apart by the 乡镇（街道） column). All rows or none.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts import people
from workflow.accounts.models import POSTS, ROLES, Person
from workflow.actor import Actor
from workflow.errors import DomainError, InvalidInput
from workflow.imports.columns import Column
from workflow.imports.matching import clean_name, display_name
from workflow.imports.report import Report
from workflow.imports.roster_template import roster_template
from workflow.imports.sheets import Row, Sheet, read
from workflow.orgs.admin import require_manager
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids, visible_units

MAX_FILE_BYTES = 10 * 1024 * 1024
LIST = re.compile(r"[、,，;；/\n]+")
STATUS = {"在职": True, "在岗": True, "启用": True, "停用": False, "离职": False, "调离": False}

SHEET = Sheet("人员名单", "人员名单", (
    Column("name", "姓名", ("人员姓名",), True, 10, "必填。", "符海燕"),
    Column("unit", "单位", ("所在单位", "工作单位", "单位名称"), True, 22,
           "必填，已在组织架构中的单位全称（乡镇、村、部门、后盾单位、工作队）。", "东风村"),
    Column("town", "乡镇（街道）", ("乡镇", "所属乡镇"), False, 12, "选填；村（社区）重名时用来区分。", "龙江镇"),
    Column("posts", "职务/岗位", ("职务", "岗位", "职务岗位"), False, 22,
           "选填，多个用顿号分隔，可选：" + "、".join(POSTS.values()) + "。", "村党组织书记"),
    Column("mobile", "手机号", ("手机", "手机号码", "联系电话"), False, 14, "选填，11 位手机号。", "13800000000"),
    Column("username", "账号", ("登录账号", "用户名"), False, 14,
           "选填；填写则开通登录，新账号的临时密码在导入结果中显示一次。", "fuhaiyan"),
    Column("roles", "角色", ("系统角色", "权限"), False, 16,
           "选填，须同时填写账号，多个用顿号分隔，可选：" + "、".join(ROLES.values()) + "。", "专干"),
    Column("status", "状态", ("在职状态",), False, 8, "选填：在职 或 停用；不填为在职。", "在职"),
), anchor="name")


@dataclass
class PeopleImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (name, username, temporary password)
    to_reassign: list[tuple[str, int]] = field(default_factory=list)  # (name, open tickets) after a move


class _Roster:
    def __init__(self, session: Session, actor: Actor):
        units = list(session.scalars(visible_units(actor).where(OrgUnit.is_active.is_(True))))
        self.units_by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        self.names = {u.id: clean_name(u.name) for u in units}
        for unit in units:
            self.units_by_name[clean_name(unit.name)].append(unit)
        everyone = list(session.scalars(select(Person).where(Person.org_unit_id.in_(visible_unit_ids(actor)))))
        self.by_username = {p.username.lower(): p for p in everyone if p.username}
        self.by_mobile: dict[str, list[Person]] = defaultdict(list)
        self.by_name_unit: dict[tuple[str, int], list[Person]] = defaultdict(list)
        for person in everyone:
            self.remember(person)

    def remember(self, person: Person) -> None:
        if person.mobile and person not in self.by_mobile[person.mobile]:
            self.by_mobile[person.mobile].append(person)
        key = (clean_name(person.name), person.org_unit_id)
        if person not in self.by_name_unit[key]:
            self.by_name_unit[key].append(person)

    def unit(self, row: Row) -> OrgUnit | None:
        name, town = row.text("unit"), clean_name(row.text("town"))
        found = self.units_by_name.get(clean_name(name), [])
        if town:
            found = [u for u in found if u.kind != "village" or self.names.get(u.parent_id) == town] or found
        if not found:
            row.error("unit", f"找不到单位“{name}”（须先在组织架构中建立，或不在您的管辖范围内）")
            return None
        if len(found) > 1:
            row.error("unit", f"有 {len(found)} 个名为“{name}”的单位，请填写乡镇（街道）区分")
            return None
        return found[0]

    def existing(self, row: Row, name: str, unit: OrgUnit, mobile: str | None, username: str | None):
        candidates = set()
        if username and username.lower() in self.by_username:
            candidates.add(self.by_username[username.lower()])
        if mobile:
            candidates.update(self.by_mobile.get(mobile, []))
        if not candidates:
            candidates.update(self.by_name_unit.get((clean_name(name), unit.id), []))
        if len(candidates) > 1:
            names = "、".join(sorted(f"{p.name}（{p.mobile or p.username or p.id}）" for p in candidates))
            row.error("name", f"本行的账号、手机号或姓名对应了多位已登记人员：{names}，请核对")
            return None, False
        return (next(iter(candidates)) if candidates else None), True


def import_people(session: Session, *, actor: Actor, content: bytes, now: datetime) -> PeopleImportResult:
    require_manager(actor)
    if not content:
        raise InvalidInput("上传的文件是空的", detail={"field": "file"})
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput("文件超过 10MB", detail={"field": "file"})
    report, result, roster = Report(what=SHEET.what), PeopleImportResult(), _Roster(session, actor)
    seen: dict[int, int] = {}
    for row in read(content, SHEET, report):
        result.rows += 1
        _apply_row(session, actor, roster, row, result, seen, now)
    report.raise_if_any()
    return result


def _cell(row: Row, key: str, check):
    try:
        return check(row.text(key))
    except DomainError as exc:
        row.error(key, exc.message)
        return None


def _apply_row(session, actor, roster: _Roster, row: Row, result: PeopleImportResult, seen: dict, now) -> None:
    name = display_name(row.text("name"))
    if not name:
        row.error("name", "姓名不能为空")
    unit = roster.unit(row)
    mobile = _cell(row, "mobile", people.check_mobile)
    posts = _cell(row, "posts", lambda v: people.check_posts([p for p in LIST.split(v) if p.strip()]))
    roles_text = [r for r in LIST.split(row.text("roles")) if r.strip()]
    username = row.text("username") or None
    if roles_text and not username:
        row.error("roles", "填写角色时须同时填写账号")
    status = row.text("status")
    if status and status not in STATUS:
        row.error("status", f"“{status}”应填“在职”或“停用”")
    if row.failed or unit is None:
        return
    person, ok = roster.existing(row, name, unit, mobile, username)
    if not ok:
        return
    if person is not None and person.id in seen:
        row.error("name", f"与第 {seen[person.id]} 行是同一人（账号、手机号或同单位同名相同）")
        return
    username = _cell(row, "username", lambda v: people.check_username(session, v,
                                                                       except_id=person.id if person else None))
    roles = _cell(row, "roles", lambda v: people.check_roles(actor, roles_text, person.roles if person else
                                                             frozenset()))
    if row.failed:
        return
    try:
        saved = people.apply(
            session, actor=actor, person=person, now=now, name=name, unit=unit,
            mobile=mobile if mobile else (person.mobile if person else None),
            posts=posts if posts else (list(person.posts) if person else []),
            username=username or (person.username if person else None),
            roles=roles if roles_text else (sorted(person.roles) if person else []),
            is_active=STATUS[status] if status else True,
        )
    except DomainError as exc:
        row.error("name", exc.message)
        return
    seen[saved.person.id] = row.number
    roster.remember(saved.person)
    if saved.temporary_password:
        result.logins.append((saved.person.name, saved.person.username, saved.temporary_password))
    if saved.open_tickets:
        result.to_reassign.append((saved.person.name, len(saved.open_tickets)))
    if person is None:
        result.created += 1
    elif saved.changed:
        result.updated += 1
    else:
        result.unchanged += 1


def template(*, filled: bool = False) -> bytes:
    return roster_template(SHEET, [
        ["王主任", "琼海市", "", "办公室工作人员", "13800000001", "office1", "领导小组办公室", "在职"],
        ["李督查", "琼海市", "", "督查员", "13800000002", "inspector1", "督查员", "在职"],
        ["陈专干", "龙江镇", "", "专干", "13800000011", "longjiang", "专干", "在职"],
        ["吴专干", "东风村", "龙江镇", "专干", "13800000012", "dongfeng", "专干", "在职"],
        ["符海燕", "东风村", "龙江镇", "村党组织书记", "13800000010", "", "", "在职"],
    ], filled=filled, notes=[
        "1. 同一人按账号、手机号或“同单位同姓名”识别；重复导入只更新信息，不会重复建立人员。",
        "2. 空白单元格不修改已登记的信息；调整单位或职务后，其负责的未销号问题会列出，请在人员页面改派。",
        "3. 任何一行有错，整个文件都不导入，并列出每处错误（行号、列名、原因）。",
    ])
