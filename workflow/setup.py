"""An empty install becomes a county: the district/city root unit with its ticket-number code, and the
first admin account (issue 12). No demo data; the calendar, the seeds' 约谈 policies and checklist
library are loaded as reference data. Refused when a district already exists, so it cannot run twice
or on top of the demo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.accounts.passwords import hash_password
from workflow.accounts.people import apply, check_username
from workflow.adminlog.service import record, snapshot
from workflow.checklists.loader import load_checklist_dir
from workflow.errors import DomainError, InvalidInput
from workflow.first_login import check_password, issue
from workflow.orgs.models import OrgUnit
from workflow.reference_data import ensure_reference_data
from workflow.seeddata import CHECKLIST_DIR

CODE = re.compile(r"^[A-Z]{2,8}$")
FIRST_ADMIN_ROLES = ["admin", "office"]


class AlreadySetUp(DomainError):
    status = 409
    code = "already_set_up"
    message = "系统已经初始化过，不能再次运行 setup"


@dataclass
class SetupResult:
    district: OrgUnit
    admin: Person
    link_token: str | None  # for /first-login/<token>, when no password was given


def check_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise InvalidInput(f"问题编号代码“{code}”应为 2–8 个英文字母，如 QH（编号形如 QH-2026-0001）",
                           detail={"field": "code"})
    return code


def is_set_up(session: Session) -> OrgUnit | None:
    return session.scalar(select(OrgUnit).where(OrgUnit.kind == "district", OrgUnit.parent_id.is_(None)).limit(1))


def set_up_county(session: Session, *, district_name: str, code: str, admin_username: str,
                  admin_password: str | None, now: datetime, secret: str, admin_name: str = "系统管理员",
                  admin_mobile: str | None = None) -> SetupResult:
    """``admin_password`` None: no password is set; a one-time link token to set it is returned."""
    existing = is_set_up(session)
    if existing is not None:
        raise AlreadySetUp(f"数据库中已有区/市“{existing.name}”，系统已经初始化过；请在“组织架构”页面修改")
    district_name = (district_name or "").strip()
    if not district_name:
        raise InvalidInput("请填写区/市名称", detail={"field": "district_name"})
    code = check_code(code)
    username = check_username(session, admin_username)
    if username is None:
        raise InvalidInput("请填写管理员账号", detail={"field": "admin_username"})
    if admin_password is not None:
        check_password(admin_password, username)
    ensure_reference_data(session, now=now)
    load_checklist_dir(session, CHECKLIST_DIR)
    district = OrgUnit(name=district_name, kind="district", code=code)
    session.add(district)
    session.flush()
    district.path = f"/{district.id}/"
    session.flush()
    record(session, actor=None, at=now, entity_kind="district", entity_id=district.id, action="setup",
           after=snapshot(district), summary=f"初始化：{district_name}（问题编号 {code}-年份-序号）")
    saved = apply(session, actor=None, person=None, now=now, name=admin_name, unit=district, mobile=admin_mobile,
                  posts=["office_staff"], username=None, roles=FIRST_ADMIN_ROLES, is_active=True)
    admin = saved.person
    admin.username = username
    admin.password_hash = hash_password(admin_password) if admin_password is not None else None
    session.flush()
    return SetupResult(district, admin, None if admin_password is not None else issue(secret, admin))
