"""账号管理 for admins (issue 12): every login in their part of the tree, reset a password (the temporary
password is shown once, on the reply page), deactivate or reactivate, and the latest account events.
Same services as web/api/accounts.py: other roles 403, accounts outside the tree 404."""

from __future__ import annotations

from fastapi import APIRouter, Request

from web.deps import ClockDep, DbSession, client_address
from web.pages.render import Form, PageActor, done, render
from workflow.accounts.audit import list_accounts, list_events
from workflow.accounts.credentials import reset_password, set_active
from workflow.accounts.models import AUTH_EVENT_KINDS
from workflow.bounds import RowId

router = APIRouter()
TEMPLATE = "account/accounts.html"


def _page(request: Request, session, actor, **extra):
    accounts = list_accounts(session, actor=actor)
    names = {person.id: person.name for person, _ in accounts}
    return render(request, TEMPLATE, {"accounts": accounts, "events": list_events(session, actor=actor, limit=50),
                                      "names": names, "event_labels": AUTH_EVENT_KINDS, **extra}, actor=actor)


@router.get("/accounts")
def accounts_page(request: Request, actor: PageActor, session: DbSession):
    return _page(request, session, actor)


@router.post("/accounts/{person_id:int}/password-reset")
def reset(person_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    password = reset_password(session, actor=actor, person_id=person_id, now=clock.now(),
                              address=client_address(request))
    return _page(request, session, actor, reset_for=person_id, temporary_password=password)


@router.post("/accounts/{person_id:int}/active")
def activate(person_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    set_active(session, actor=actor, person_id=person_id, active=form.get("active") == "1", now=clock.now(),
               address=client_address(request))
    return done(request, "/accounts", message="账号已启用" if form.get("active") == "1" else "账号已停用")
