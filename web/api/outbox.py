"""The outbox for admin/office: messages, deliveries and dead letters with their last error, retry;
and the message templates (admin edits them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from notifiers.admin import outbox as service
from notifiers.admin import templates
from notifiers.admin.schemas import DeliveryDetail, DeliveryRead, MessageRead, TemplateRead, TemplateWrite
from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import DbInt, RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, TransitionRefused

router = APIRouter(tags=["notifications"])
READ = error_responses(NotAuthenticated, PermissionDenied, InvalidInput)
ACT = error_responses(NotAuthenticated, PermissionDenied, NotFound, TransitionRefused)


@router.get("/outbox/messages", response_model=list[MessageRead], responses=READ)
def list_messages(actor: CurrentActor, session: DbSession, status: str | None = None, kind: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: DbInt = 0):
    return service.list_messages(session, actor=actor, status=status, kind=kind, limit=limit, offset=offset)


@router.post("/outbox/messages/{message_id}/retry", response_model=MessageRead, responses=ACT)
def retry_message(message_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return service.retry_message(session, actor=actor, message_id=message_id, now=clock.now())


@router.get("/outbox/deliveries", response_model=list[DeliveryRead], responses=READ)
def list_deliveries(actor: CurrentActor, session: DbSession, status: str | None = None,
                    channel_id: RowId | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                    offset: DbInt = 0):
    return service.list_deliveries(session, actor=actor, status=status, channel_id=channel_id, limit=limit,
                                   offset=offset)


@router.get("/outbox/deliveries/{delivery_id}", response_model=DeliveryDetail, responses=ACT)
def get_delivery(delivery_id: RowId, actor: CurrentActor, session: DbSession):
    return service.get_delivery(session, actor=actor, delivery_id=delivery_id)


@router.post("/outbox/deliveries/{delivery_id}/retry", response_model=DeliveryRead, responses=ACT)
def retry_delivery(delivery_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return service.retry_delivery(session, actor=actor, delivery_id=delivery_id, now=clock.now())


@router.get("/notify-templates", response_model=list[TemplateRead], responses=READ)
def list_templates(actor: CurrentActor, session: DbSession):
    return templates.list_templates(session, actor=actor)


@router.put("/notify-templates/{name}", response_model=TemplateRead,
            responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput))
def save_template(name: str, body: TemplateWrite, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return templates.save_template(session, actor=actor, name=name, body=body.body, now=clock.now())


@router.delete("/notify-templates/{name}", response_model=TemplateRead, responses=ACT)
def reset_template(name: str, actor: CurrentActor, session: DbSession):
    return templates.reset_template(session, actor=actor, name=name)
