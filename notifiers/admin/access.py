"""Who may manage notifications, and which units' channels and rows they see (via orgs.scope)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.channels.models import NotifyChannel
from workflow.errors import NotFound, PermissionDenied
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids, visible_units

MANAGERS = ("admin", "office")


def require_manager(actor: Actor) -> None:
    if not actor.has_any(*MANAGERS):
        raise PermissionDenied("只有系统管理员或领导小组办公室可以管理通知")


def require_admin(actor: Actor) -> None:
    if not actor.has_any("admin"):
        raise PermissionDenied("只有系统管理员可以修改消息模板")


def visible_unit(session: Session, actor: Actor, unit_id: int) -> OrgUnit:
    unit = session.scalar(visible_units(actor).where(OrgUnit.id == unit_id))
    if unit is None:
        raise NotFound("单位不存在或无权查看")
    return unit


def visible_channel(session: Session, actor: Actor, channel_id: int) -> NotifyChannel:
    channel = session.scalar(select(NotifyChannel).where(
        NotifyChannel.id == channel_id, NotifyChannel.unit_id.in_(visible_unit_ids(actor))))
    if channel is None:
        raise NotFound("通知渠道不存在或无权查看")
    return channel
