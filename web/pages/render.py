"""What every page route shares: the signed-in actor, the navigation, rendering and form replies.

A route resolves the actor, calls one service function and hands the result to ``render``;
on a domain error from a form it calls ``form_failure``, which rolls back and shows the same
form again with what the user typed and the Chinese message (or JSON for the upload script).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from states.ticket import STATE_LABELS, TRIGGER_LABELS
from web.csrf import FIELD, csrf_token
from web.deps import DbSession, PasswordChangeRequired, cookie_actor
from web.pages.flash import flash, pop_flashes
from workflow.accounts.models import ROLES
from workflow.actor import Actor
from workflow.deadlines import lights as deadline_lights
from workflow.deadlines.lights import Lit
from workflow.errors import DomainError, NotAuthenticated
from workflow.orgs.models import UNIT_KINDS
from workflow.tickets.models import EVIDENCE_STAGES, RESOLUTIONS, SEVERITIES, SOURCES

ANYONE = frozenset(ROLES)
MANAGERS = frozenset({"admin", "office"})
LIGHT_LABELS = {"red": "已逾期", "yellow": "临近期限", "green": "未到期"}

#  path            label       roles that see the link
NAV = [
    ("/", "首页", ANYONE),
    ("/my/tickets", "我的问题", frozenset({"operator"})),
    ("/tickets/new", "登记问题", frozenset({"inspector", "office"})),
    ("/my/filed", "我登记的", frozenset({"inspector", "office"})),
    ("/to-assign", "待交办", frozenset({"inspector", "office"})),
    ("/verify", "待验收", frozenset({"inspector", "office"})),
    ("/to-close", "待销号", frozenset({"office"})),
    ("/campaigns", "督查活动", ANYONE),
    ("/cadence", "督查周期", MANAGERS),
    ("/ledger", "整改台账", ANYONE),
    ("/stats", "统计排名", ANYONE),
    ("/imports/problem-list", "导入问题清单", frozenset({"inspector", "office"})),
    ("/tickets/bulk-assign", "批量交办", frozenset({"inspector", "office"})),
    ("/interviews", "约谈与扣分", frozenset({"office", "leader", "operator", "admin"})),
    ("/returns", "退回仲裁", frozenset({"office", "leader"})),
    ("/acknowledgements/unread", "未确认催办", frozenset({"office"})),
    ("/outbox", "通知发送", MANAGERS),
    ("/channels", "通知渠道", MANAGERS),
    ("/org-units", "组织架构", MANAGERS),
    ("/people", "人员", MANAGERS),
    ("/admin-changes", "操作记录", frozenset({"admin"})),
    ("/accounts", "账号管理", frozenset({"admin"})),
]


def page_actor(request: Request, session: DbSession) -> Actor:
    """The person signed in with the session cookie; anonymous page requests are sent to /login, and
    someone whose password was reset to the password change (web/errors.py)."""
    actor = cookie_actor(request, session)
    if actor.must_change_password:
        raise PasswordChangeRequired()
    return actor


def optional_page_actor(request: Request, session: Session) -> Actor | None:
    """For pages anyone may see (home, login): the signed-in person, or None."""
    try:
        return page_actor(request, session)
    except NotAuthenticated:
        return None


PageActor = Annotated[Actor, Depends(page_actor)]


async def read_form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(read_form)]


def nav_for(actor: Actor | None, path: str) -> list[tuple[str, str, bool]]:
    if actor is None:
        return []
    links = [(href, label) for href, label, roles in NAV if roles & actor.roles]
    current = max((h for h, _ in links if path == h or (h != "/" and path.startswith(h))), key=len, default=None)
    return [(href, label, href == current) for href, label in links]


def install_template_globals(templates: Jinja2Templates) -> None:
    templates.env.globals.update(
        csrf_token=csrf_token, csrf_field=FIELD, nav_for=nav_for, state_labels=STATE_LABELS,
        trigger_labels=TRIGGER_LABELS, sources=SOURCES, severities=SEVERITIES, stages=EVIDENCE_STAGES,
        resolutions=RESOLUTIONS, unit_kinds=UNIT_KINDS, role_labels=ROLES, light_labels=LIGHT_LABELS,
    )


def lights_for(request: Request, session: Session, tickets: list) -> dict[int, Lit]:
    """The working-day 红黄灯 of workflow/deadlines/lights.py, the same the API reports as TicketRead.light."""
    return deadline_lights.annotate(session, tickets, now=request.app.state.clock.now(),
                                    within=request.app.state.settings.yellow_within_working_days)


def light_warning(lit: dict[int, Lit]) -> str | None:
    """The calendar-coverage warning when a yellow light cannot be judged (year not imported)."""
    return next((x.warning for x in lit.values() if x.warning), None)


def render(request: Request, template: str, context: dict | None = None, *, actor: Actor | None = None,
           status: int = 200) -> Response:
    ctx = {"actor": actor, "flashes": pop_flashes(request), **(context or {})}
    return request.app.state.templates.TemplateResponse(request, template, ctx, status_code=status)


def wants_json(request: Request) -> bool:
    """The upload script (XMLHttpRequest) asks for JSON; a plain form post gets HTML."""
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


def done(request: Request, url: str, *, message: str | None = None, kind: str = "success") -> Response:
    """Post/Redirect/Get; ``message`` (「已交办」) is shown once on the page redirected to."""
    if message:
        flash(request, message, kind=kind)
    if wants_json(request):
        return JSONResponse({"redirect": url})
    return RedirectResponse(url, status_code=303)


def form_failure(request: Request, session: Session, exc: DomainError, template: str,
                 context: Callable[[], dict], *, actor: Actor) -> Response:
    """Undo everything the request did, then show the form again with the typed values and the message.

    ``context`` is read after the rollback, so the page shows the database as it was before the post.
    """
    session.rollback()
    if wants_json(request):
        return JSONResponse({"code": exc.code, "message": exc.message, "detail": exc.detail}, status_code=exc.status)
    ctx = {**context(), "error": exc.message, "error_field": _field(exc)}
    return render(request, template, ctx, actor=actor, status=exc.status)


def _field(exc: DomainError) -> str | None:
    return exc.detail.get("field") if isinstance(exc.detail, dict) else None


def local_path(url: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after login or a move (no open redirect)."""
    if not url:
        return default
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url
