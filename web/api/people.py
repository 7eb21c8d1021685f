"""The roster (花名册): people, their posts and logins, moving cadres and handing on their open tickets,
and the posts the 约谈 policies need filled (vacancies). Admin and office; another town's person is 404."""

from __future__ import annotations

from fastapi import APIRouter

from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.accounts import people
from workflow.accounts.people_schemas import (
    OpenTicketRead,
    PersonCreate,
    PersonRead,
    PersonSaved,
    PersonUpdate,
    Reassign,
    VacancyRead,
    saved_read,
)
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.escalation.vacancies import post_holders
from workflow.orgs.admin import require_manager

router = APIRouter(tags=["people"])
READ_ERRORS = error_responses(NotAuthenticated, PermissionDenied, NotFound)
CHANGE_ERRORS = error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput)


@router.get("/people", response_model=list[PersonRead], responses=READ_ERRORS)
def list_people(actor: CurrentActor, session: DbSession, unit_id: RowId | None = None, q: str = "",
                include_inactive: bool = False):
    return people.list_people(session, actor=actor, unit_id=unit_id, q=q, include_inactive=include_inactive)


@router.get("/people/{person_id}", response_model=PersonRead, responses=READ_ERRORS)
def get_person(person_id: RowId, actor: CurrentActor, session: DbSession):
    return people.managed_person(session, actor, person_id)


@router.post("/people", response_model=PersonSaved, status_code=201, responses=CHANGE_ERRORS,
             summary="新增人员；填写账号则开通登录，临时密码只返回这一次")
def create_person(body: PersonCreate, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return saved_read(people.create_person(session, actor=actor, now=clock.now(), name=body.name,
                                           unit_id=body.unit_id, mobile=body.mobile, posts=body.posts,
                                           username=body.username, roles=body.roles, is_active=body.is_active))


@router.patch("/people/{person_id}", response_model=PersonSaved, responses=CHANGE_ERRORS,
              summary="修改人员；调整单位或职务后返回其负责的未销号问题，以便改派")
def update_person(person_id: RowId, body: PersonUpdate, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return saved_read(people.update_person(session, actor=actor, person_id=person_id, now=clock.now(),
                                           changes=body.model_dump(exclude_unset=True)))


@router.get("/people/{person_id}/open-tickets", response_model=list[OpenTicketRead], responses=READ_ERRORS)
def open_tickets(person_id: RowId, actor: CurrentActor, session: DbSession):
    person = people.managed_person(session, actor, person_id)
    return [OpenTicketRead(id=t.id, number=t.number, title=t.title, state=t.state, lead_unit_id=t.lead_unit_id)
            for t in people.open_tickets(session, person.id)]


@router.post("/people/{person_id}/reassign", response_model=list[OpenTicketRead], responses=CHANGE_ERRORS,
             summary="把该人员负责的未销号问题改由他人负责（每个问题记一条时间线）")
def reassign(person_id: RowId, body: Reassign, actor: CurrentActor, session: DbSession, clock: ClockDep):
    moved = people.reassign(session, actor=actor, person_id=person_id, to_person_id=body.to_person_id,
                            ticket_ids=body.ticket_ids, now=clock.now())
    return [OpenTicketRead(id=t.id, number=t.number, title=t.title, state=t.state, lead_unit_id=t.lead_unit_id)
            for t in moved]


@router.get("/posts/holders", response_model=list[VacancyRead], responses=READ_ERRORS,
            summary="约谈规则涉及的职务：各单位由谁担任，空缺的标明")
def posts_holders(actor: CurrentActor, session: DbSession, only_vacant: bool = False, unit_id: RowId | None = None):
    require_manager(actor)
    return post_holders(session, actor, only_vacant=only_vacant, unit_id=unit_id)
