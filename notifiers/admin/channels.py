"""Routing is configured in the database: each unit has zero or more channels, managed here.

The robot key may be pasted bare or as the whole webhook URL (practice 12); it is stored normalised
and only ever returned masked. Changing a channel's configuration clears a "broken" mark (WeCom 93000).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifiers.admin.access import require_manager, visible_channel, visible_unit
from notifiers.admin.schemas import ChannelCreate, ChannelRead, ChannelUpdate
from notifiers.base import ChannelConfigError
from notifiers.registry import CHANNELS
from workflow.actor import Actor
from workflow.adminlog.service import record, snapshot
from workflow.channels.models import NotifyChannel
from workflow.errors import InvalidInput


def read(channel: NotifyChannel) -> ChannelRead:
    cls = CHANNELS.get(channel.kind)
    return ChannelRead(
        id=channel.id, unit_id=channel.unit_id, kind=channel.kind, kind_label=cls.label if cls else channel.kind,
        name=channel.name, config=cls.masked(channel.config) if cls else {}, is_active=channel.is_active,
        disabled_reason=channel.disabled_reason, disabled_at=channel.disabled_at, created_at=channel.created_at,
        updated_at=channel.updated_at,
    )


def _normalize(kind: str, config: dict, previous: dict | None = None) -> dict:
    if kind not in CHANNELS:
        raise InvalidInput(f"未知的渠道类型：{kind}（可选：{'、'.join(CHANNELS)}）", detail={"field": "kind"})
    try:
        return CHANNELS[kind].normalize(config, previous)
    except ChannelConfigError as exc:
        raise InvalidInput(str(exc), detail={"field": "config"}) from exc


def list_channels(session: Session, *, actor: Actor, unit_id: int) -> list[ChannelRead]:
    unit = visible_unit(session, actor, unit_id)
    require_manager(actor)
    rows = session.scalars(select(NotifyChannel).where(NotifyChannel.unit_id == unit.id).order_by(NotifyChannel.id))
    return [read(c) for c in rows]


def create_channel(session: Session, *, actor: Actor, unit_id: int, data: ChannelCreate, now: datetime) -> ChannelRead:
    unit = visible_unit(session, actor, unit_id)
    require_manager(actor)
    channel = NotifyChannel(unit_id=unit.id, kind=data.kind, name=data.name.strip(),
                            config=_normalize(data.kind, data.config), is_active=True, created_at=now, updated_at=now)
    session.add(channel)
    session.flush()
    record(session, actor=actor, at=now, entity_kind="channel", entity_id=channel.id, action="create",
           after=snapshot(channel), summary=f"为“{unit.name}”添加通知渠道“{channel.name}”")
    return read(channel)


def update_channel(session: Session, *, actor: Actor, channel_id: int, data: ChannelUpdate,
                   now: datetime) -> ChannelRead:
    channel = visible_channel(session, actor, channel_id)
    require_manager(actor)
    before = snapshot(channel)
    if data.name is not None:
        channel.name = data.name.strip()
    if data.config is not None:
        channel.config = _normalize(channel.kind, data.config, channel.config)
        channel.disabled_reason, channel.disabled_at = None, None
    if data.is_active is not None:
        channel.is_active = data.is_active
        if data.is_active:
            channel.disabled_reason, channel.disabled_at = None, None
    channel.updated_at = now
    session.flush()
    action = "update"
    if data.is_active is not None and before["is_active"] != data.is_active:
        action = "activate" if data.is_active else "deactivate"
    record(session, actor=actor, at=now, entity_kind="channel", entity_id=channel.id, action=action,
           before=before, after=snapshot(channel), summary=f"修改通知渠道“{channel.name}”")
    return read(channel)
