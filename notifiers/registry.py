"""The channel registry: one dict (STYLE E7). A new channel is one module plus an entry here."""

from __future__ import annotations

from notifiers.base import Channel, Transport
from notifiers.email import EmailChannel
from notifiers.webhook import WebhookChannel
from notifiers.wecom import WeComChannel

CHANNELS: dict[str, type[Channel]] = {
    "wecom": WeComChannel,
    "email": EmailChannel,
    "webhook": WebhookChannel,
}

CHANNEL_LABELS = {kind: cls.label for kind, cls in CHANNELS.items()}


def build_channels(transport: Transport) -> dict[str, Channel]:
    return {kind: cls(transport) for kind, cls in CHANNELS.items()}
