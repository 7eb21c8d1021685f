"""Notification pages for admin/office: the outbox (pending, sent, dead letters with the last error and
attempts, retry) and each unit's channels (add a WeCom robot, e-mail or webhook; disable, enable).

The services are notifiers/admin's, the same as web/api/{outbox,channels}.py: other roles get 403,
units out of scope 404. Secrets are never shown again: keys come back masked, and a refused channel
form keeps what was typed except the key and the signing secret.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session

from notifiers.admin import channels, outbox
from notifiers.admin.access import require_manager
from notifiers.admin.schemas import ChannelCreate, ChannelUpdate
from notifiers.registry import CHANNELS
from web.csrf import CsrfChecked
from web.deps import ClockDep, DbSession
from web.pages import forms
from web.pages.render import Form, PageActor, done, form_failure, render
from workflow.actor import Actor
from workflow.bounds import RowId
from workflow.errors import DomainError, InvalidInput
from workflow.orgs.service import list_visible_units
from workflow.outbox.models import DELIVERY_STATUSES

router = APIRouter()
CHANNEL_FIELDS = ("unit_id", "kind", "name", "format", "to", "url")  # never "key" or "secret"


@router.get("/outbox")
def outbox_page(request: Request, actor: PageActor, session: DbSession, status: str = "", page: str = ""):
    chosen = status if status in DELIVERY_STATUSES else ""
    number = max(forms.optional_int_or_none(page) or 1, 1)
    deliveries = outbox.list_deliveries(session, actor=actor, status=chosen or None, limit=50,
                                        offset=(number - 1) * 50)
    return render(request, "notifications/outbox.html", {
        "deliveries": deliveries, "status": chosen, "statuses": DELIVERY_STATUSES, "page": number,
        "unroutable": outbox.list_messages(session, actor=actor, status="unroutable", limit=20),
        "units": {u.id: u.name for u in list_visible_units(session, actor)},
    }, actor=actor)


@router.post("/outbox/deliveries/{delivery_id:int}/retry", dependencies=[CsrfChecked])
def retry_delivery(delivery_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    outbox.retry_delivery(session, actor=actor, delivery_id=delivery_id, now=clock.now())
    return done(request, "/outbox?status=pending", message="已重新排队发送")


@router.post("/outbox/messages/{message_id:int}/retry", dependencies=[CsrfChecked])
def retry_message(message_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep):
    outbox.retry_message(session, actor=actor, message_id=message_id, now=clock.now())
    return done(request, "/outbox", message="已重新排队发送")


def _channels_context(session: Session, actor: Actor, unit_id: RowId | None, typed: dict | None = None) -> dict:
    require_manager(actor)
    units = list_visible_units(session, actor)
    unit_id = unit_id or (units[0].id if units else None)
    return {"units": units, "unit_id": unit_id, "kinds": {k: c.label for k, c in CHANNELS.items()},
            "channels": channels.list_channels(session, actor=actor, unit_id=unit_id) if unit_id else [],
            "values": typed or {"kind": "wecom", "format": "markdown"}}


@router.get("/channels")
def channels_page(request: Request, actor: PageActor, session: DbSession, unit_id: str = ""):
    return render(request, "notifications/channels.html",
                  _channels_context(session, actor, forms.optional_int_or_none(unit_id)), actor=actor)


def _config(form) -> dict:
    kind = str(form.get("kind") or "")
    if kind == "wecom":
        return {"key": str(form.get("key") or "").strip(), "format": str(form.get("format") or "markdown")}
    if kind == "email":
        return {"to": str(form.get("to") or "")}
    return {"url": str(form.get("url") or "").strip(), "secret": str(form.get("secret") or "")}


@router.post("/channels", dependencies=[CsrfChecked])
def add_channel(request: Request, actor: PageActor, session: DbSession, clock: ClockDep, form: Form):
    typed = forms.values(form, CHANNEL_FIELDS)
    unit_id = forms.optional_int_or_none(typed["unit_id"])
    try:
        if unit_id is None:
            raise InvalidInput("请选择单位", detail={"field": "unit_id"})
        try:
            data = ChannelCreate(kind=typed["kind"], name=typed["name"].strip() or "", config=_config(form))
        except ValidationError as exc:
            raise InvalidInput("请填写渠道名称", detail={"field": "name"}) from exc
        channels.create_channel(session, actor=actor, unit_id=unit_id, data=data, now=clock.now())
    except DomainError as exc:
        return form_failure(request, session, exc, "notifications/channels.html",
                            lambda: _channels_context(session, actor, unit_id, typed), actor=actor)
    return done(request, f"/channels?unit_id={unit_id}", message="通知渠道已添加")


@router.post("/channels/{channel_id:int}/active", dependencies=[CsrfChecked])
def set_active(channel_id: RowId, request: Request, actor: PageActor, session: DbSession, clock: ClockDep,
               form: Form):
    found = channels.update_channel(session, actor=actor, channel_id=channel_id, now=clock.now(),
                                    data=ChannelUpdate(is_active=str(form.get("active")) == "1"))
    return done(request, f"/channels?unit_id={found.unit_id}",
                message="通知渠道已启用" if found.is_active else "通知渠道已停用")
