"""Roster pages (admin, office): people by unit, one person's form (unit, posts, mobile, login, roles,
active) with their open tickets to hand on after a move, the 人员名单 import, the posts the 约谈 policies
need with their vacancies, and (admin only) the admin audit log. Same services as the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.accounts import people
from workflow.accounts.models import POSTS, ROLES, Person
from workflow.actor import Actor
from workflow.adminlog.service import changed_fields, list_changes
from workflow.bounds import RowId
from workflow.errors import DomainError, InvalidInput
from workflow.escalation.vacancies import post_holders
from workflow.imports import people as people_import
from workflow.orgs.admin import require_manager
from workflow.orgs.service import list_visible_units

router = APIRouter()
PERSON_FIELDS = ("name", "unit_id", "mobile", "username")


def _form_person(form) -> dict:
    return {"name": str(form.get("name") or "").strip(), "unit_id": forms.optional_int_or_none(form.get("unit_id")),
            "mobile": str(form.get("mobile") or ""), "username": str(form.get("username") or "").strip() or None,
            "posts": [str(p) for p in form.getlist("posts")], "roles": [str(r) for r in form.getlist("roles")],
            "is_active": str(form.get("is_active") or "1") == "1"}


def _list_context(session: Session, actor: Actor, unit_id: RowId | None, q: str, **extra) -> dict:
    found = people.list_people(session, actor=actor, unit_id=unit_id, q=q, include_inactive=True)
    units = list_visible_units(session, actor)
    return {"people": found, "units": units, "names": {u.id: u.name for u in units}, "unit_id": unit_id, "q": q,
            "posts": POSTS, "roles": ROLES, "values": {"unit_id": unit_id}, "result": None, "errors": [],
            "total": 0, **extra}


@router.get("/people")
def people_page(request: Request, actor: PageActor, session: DbSession, unit_id: str = "", q: str = ""):
    return render(request, "orgs/people.html",
                  _list_context(session, actor, forms.optional_int_or_none(unit_id), q), actor=actor)


@router.post("/people/new", dependencies=[CsrfChecked])
def create_person(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    typed = _form_person(form)
    try:
        if not typed["name"]:
            raise InvalidInput("请填写姓名", detail={"field": "name"})
        saved = people.create_person(session, actor=actor, now=clock.now(), **typed)
    except DomainError as exc:
        return form_failure(request, session, exc, "orgs/people.html",
                            lambda: _list_context(session, actor, typed["unit_id"], "", values=typed), actor=actor)
    return _person_page(request, session, actor, saved.person.id, temporary=saved.temporary_password)


def _person_context(session: Session, actor: Actor, person_id: RowId, **extra) -> dict:
    person = people.managed_person(session, actor, person_id)
    units = list_visible_units(session, actor)
    colleagues = list(session.scalars(select(Person).where(Person.org_unit_id.in_([u.id for u in units]),
                                                           Person.is_active.is_(True), Person.id != person.id)
                                      .order_by(Person.name).limit(500)))
    return {"person": person, "units": units, "names": {u.id: u.name for u in units}, "posts": POSTS,
            "roles": ROLES, "open_tickets": people.open_tickets(session, person.id), "colleagues": colleagues,
            "temporary": None, **extra}


def _person_page(request, session, actor, person_id, **extra):
    return render(request, "orgs/person.html", _person_context(session, actor, person_id, **extra), actor=actor)


@router.get("/people/{person_id:int}")
def person_page(person_id: RowId, request: Request, actor: PageActor, session: DbSession):
    return _person_page(request, session, actor, person_id)


@router.post("/people/{person_id:int}/edit", dependencies=[CsrfChecked])
def edit_person(person_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                form: Form):
    typed = _form_person(form)
    try:
        saved = people.update_person(session, actor=actor, person_id=person_id, now=clock.now(), changes=typed)
    except DomainError as exc:
        return form_failure(request, session, exc, "orgs/person.html",
                            lambda: _person_context(session, actor, person_id), actor=actor)
    return _person_page(request, session, actor, person_id, temporary=saved.temporary_password, saved=True)


@router.post("/people/{person_id:int}/reassign", dependencies=[CsrfChecked])
def reassign(person_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    try:
        people.reassign(session, actor=actor, person_id=person_id, ticket_ids=None, now=clock.now(),
                        to_person_id=forms.optional_int(form, "to_person_id") or 0)
    except DomainError as exc:
        return form_failure(request, session, exc, "orgs/person.html",
                            lambda: _person_context(session, actor, person_id), actor=actor)
    return done(request, f"/people/{person_id}", message="已保存")


@router.post("/people/import", dependencies=[CsrfChecked])
def import_people(request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
                  file: Annotated[UploadFile, File()]):
    try:
        result = people_import.import_people(session, actor=actor, now=clock.now(),
                                             content=file.file.read(people_import.MAX_FILE_BYTES + 1))
    except InvalidInput as exc:
        return render(request, "orgs/people.html", _list_context(
            session, actor, None, "", **forms.import_refusal(session, exc)), actor=actor, status=422)
    return render(request, "orgs/people.html", _list_context(session, actor, None, "", result=result), actor=actor)


@router.get("/posts/holders")
def holders_page(request: Request, actor: PageActor, session: DbSession, unit_id: str = "", vacant: str = ""):
    require_manager(actor)
    rows = post_holders(session, actor, only_vacant=vacant == "1", unit_id=forms.optional_int_or_none(unit_id))
    return render(request, "orgs/holders.html", {"rows": rows, "vacant": vacant == "1",
                                                 "vacancies": sum(r.vacant for r in rows)}, actor=actor)


@router.get("/admin-changes")
def audit_page(request: Request, actor: PageActor, session: DbSession, kind: str = "", page: str = ""):
    number = max(forms.optional_int_or_none(page) or 1, 1)
    changes = list_changes(session, actor=actor, entity_kind=kind or None, limit=100, offset=(number - 1) * 100)
    actors = {p.id: p.name for p in session.scalars(select(Person).where(
        Person.id.in_({c.actor_id for c in changes if c.actor_id})))}
    return render(request, "orgs/audit.html", {"changes": changes, "actors": actors, "kind": kind, "page": number,
                                               "fields": {c.id: changed_fields(c) for c in changes}}, actor=actor)
