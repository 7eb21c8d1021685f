"""The org tree admin page (admin, office): the tree, one unit's edit/move/merge/deactivate forms, a new
unit form and the 组织架构 import. The services are workflow/orgs/admin.py's, as the API's; other roles get
403, another town's unit 404; a refused form shows the Chinese message and what was typed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import ValidationError
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.errors import DomainError, InvalidInput
from workflow.imports import org_units as org_import
from workflow.imports.matching import clean_name
from workflow.orgs import admin
from workflow.orgs.models import UNIT_KINDS
from workflow.orgs.schemas import OrgUnitCreate, OrgUnitUpdate
from workflow.orgs.service import list_visible_units

router = APIRouter()
TEMPLATE = "orgs/tree.html"
NEW_FIELDS = ("kind", "name", "parent_id", "serves_unit_id", "poverty_alleviated", "relocation_site")


def _context(session: Session, actor: Actor, unit_id: RowId | None, q: str = "", **extra) -> dict:
    selected = admin.managed_unit(session, actor, unit_id) if unit_id else None  # 404 before 403
    admin.require_manager(actor)
    units = list_visible_units(session, actor, include_inactive=True)
    root_depth = min((u.path.count("/") for u in units), default=2)
    shown = [u for u in units if clean_name(q) in clean_name(u.name)] if q.strip() else units
    return {"units": shown, "active": [u for u in units if u.is_active], "selected": selected, "q": q,
            "depth": {u.id: u.path.count("/") - root_depth for u in units}, "names": {u.id: u.name for u in units},
            "parent_kinds": admin.PARENT_KINDS, "creatable": {k: UNIT_KINDS[k] for k in admin.PARENT_KINDS},
            "values": {"kind": "village"}, "result": None, "errors": [], "total": 0, **extra}


def _page(request, session, actor, unit_id=None, status=200, **extra):
    return render(request, TEMPLATE, _context(session, actor, unit_id, **extra), actor=actor, status=status)


def _failure(request, session, exc, actor, unit_id=None, **extra):
    return form_failure(request, session, exc, TEMPLATE, lambda: _context(session, actor, unit_id, **extra),
                        actor=actor)


def _flag(form, name: str) -> bool:
    return str(form.get(name) or "") == "1"


@router.get("/org-units")
def tree_page(request: Request, actor: PageActor, session: DbSession, unit_id: str = "", q: str = ""):
    return _page(request, session, actor, forms.optional_int_or_none(unit_id), q=q)


@router.post("/org-units/new", dependencies=[CsrfChecked])
def create_unit(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    typed = forms.values(form, NEW_FIELDS)
    try:
        try:
            data = OrgUnitCreate(name=typed["name"], kind=typed["kind"],
                                 parent_id=forms.optional_int(form, "parent_id") or 0,
                                 serves_unit_id=forms.optional_int(form, "serves_unit_id"),
                                 poverty_alleviated=_flag(form, "poverty_alleviated"),
                                 relocation_site=_flag(form, "relocation_site"))
        except ValidationError as exc:
            raise InvalidInput("请填写单位名称", detail={"field": "name"}) from exc
        unit = admin.create(session, actor=actor, data=data, now=clock.now())
    except DomainError as exc:
        return _failure(request, session, exc, actor, values=typed)
    return done(request, f"/org-units?unit_id={unit.id}", message="单位已添加")


@router.post("/org-units/{unit_id:int}/edit", dependencies=[CsrfChecked])
def edit_unit(unit_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    try:
        try:
            data = OrgUnitUpdate(name=str(form.get("name") or ""),
                                 poverty_alleviated=_flag(form, "poverty_alleviated"),
                                 relocation_site=_flag(form, "relocation_site"),
                                 **({"serves_unit_id": forms.optional_int(form, "serves_unit_id")}
                                    if "serves_unit_id" in form else {}), **_coordinates(form))
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0]) if exc.errors()[0].get("loc") else "name"
            if field in COORDINATES:
                raise InvalidInput(f"{COORDINATES[field]}超出范围", detail={"field": field}) from exc
            raise InvalidInput("单位名称不能为空", detail={"field": "name"}) from exc
        admin.update_unit(session, actor=actor, unit_id=unit_id, data=data, now=clock.now())
    except DomainError as exc:
        return _failure(request, session, exc, actor, unit_id)
    return done(request, f"/org-units?unit_id={unit_id}", message="单位已保存")


COORDINATES = {"latitude": "纬度", "longitude": "经度"}


def _coordinates(form) -> dict[str, float]:
    """A village's 纬度/经度 in decimal degrees (issue 16: where its photos should be taken); blank keeps them."""
    values = {}
    for key, label in COORDINATES.items():
        raw = str(form.get(key) or "").strip()
        if not raw:
            continue
        try:
            values[key] = float(raw)
        except ValueError as exc:
            raise InvalidInput(f"{label}应为十进制度数，如 19.2075", detail={"field": key}) from exc
    return values


@router.post("/org-units/{unit_id:int}/move", dependencies=[CsrfChecked])
def move_unit(unit_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    try:
        admin.move_unit(session, actor=actor, unit_id=unit_id, parent_id=forms.optional_int(form, "parent_id") or 0,
                        now=clock.now())
    except DomainError as exc:
        return _failure(request, session, exc, actor, unit_id)
    return done(request, f"/org-units?unit_id={unit_id}", message="单位已移动")


@router.post("/org-units/{unit_id:int}/merge", dependencies=[CsrfChecked])
def merge_unit(unit_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    try:
        survivor = admin.merge_units(session, actor=actor, unit_id=unit_id,
                                     into_id=forms.optional_int(form, "into_id") or 0, now=clock.now())
    except DomainError as exc:
        return _failure(request, session, exc, actor, unit_id)
    return done(request, f"/org-units?unit_id={survivor.id}", message=f"已并入{survivor.name}")


@router.post("/org-units/{unit_id:int}/active", dependencies=[CsrfChecked])
def set_active(unit_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    change = admin.activate_unit if str(form.get("active")) == "1" else admin.deactivate_unit
    try:
        change(session, actor=actor, unit_id=unit_id, now=clock.now())
    except DomainError as exc:
        return _failure(request, session, exc, actor, unit_id)
    return done(request, f"/org-units?unit_id={unit_id}", message="单位已启用" if change is admin.activate_unit
                else "单位已停用")


@router.post("/org-units/import", dependencies=[CsrfChecked])
def import_units(request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                 file: Annotated[UploadFile, File()]):
    try:
        result = org_import.import_org_units(session, actor=actor, now=clock.now(),
                                             content=file.file.read(org_import.MAX_FILE_BYTES + 1))
    except InvalidInput as exc:
        return _page(request, session, actor, status=422, **forms.import_refusal(session, exc))
    return _page(request, session, actor, result=result)
