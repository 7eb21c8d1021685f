"""Notification channels per org unit (admin/office): WeCom robots, e-mail addresses, signed webhooks."""

from __future__ import annotations

from fastapi import APIRouter

from notifiers.admin import channels as service
from notifiers.admin.schemas import ChannelCreate, ChannelRead, ChannelUpdate
from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied

router = APIRouter(tags=["notifications"])
ERRORS = error_responses(NotAuthenticated, PermissionDenied, NotFound)


@router.get("/org-units/{unit_id}/channels", response_model=list[ChannelRead], responses=ERRORS)
def list_channels(unit_id: RowId, actor: CurrentActor, session: DbSession):
    return service.list_channels(session, actor=actor, unit_id=unit_id)


@router.post("/org-units/{unit_id}/channels", response_model=ChannelRead, status_code=201,
             responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput))
def create_channel(unit_id: RowId, body: ChannelCreate, actor: CurrentActor, session: DbSession, clock: ClockDep):
    return service.create_channel(session, actor=actor, unit_id=unit_id, data=body, now=clock.now())


@router.patch("/channels/{channel_id}", response_model=ChannelRead,
              responses=error_responses(NotAuthenticated, PermissionDenied, NotFound, InvalidInput))
def update_channel(channel_id: RowId, body: ChannelUpdate, actor: CurrentActor, session: DbSession,
                   clock: ClockDep):
    return service.update_channel(session, actor=actor, channel_id=channel_id, data=body, now=clock.now())
