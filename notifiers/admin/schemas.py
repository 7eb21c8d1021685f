"""API shapes for channels, outbox rows, deliveries and templates. Secrets only ever leave masked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from workflow.bounds import RowId


class ChannelCreate(BaseModel):
    kind: str = Field(description="wecom | email | webhook")
    name: str = Field(min_length=1, max_length=100)
    config: dict[str, Any] = Field(
        description="wecom: {key: 机器人 key 或完整 Webhook 地址, format: markdown|text}; "
                    "email: {to: [地址]}; webhook: {url, secret}")


class ChannelUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    config: dict[str, Any] | None = None
    is_active: bool | None = None


class ChannelRead(BaseModel):
    id: int
    unit_id: RowId
    kind: str
    kind_label: str
    name: str
    config: dict[str, Any]
    is_active: bool
    disabled_reason: str | None
    disabled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AttemptRead(BaseModel):
    at: datetime
    outcome: str
    outcome_label: str
    status_code: int | None
    response: str | None
    error: str | None
    duration_ms: int | None


class DeliveryRead(BaseModel):
    id: int
    kind: str
    message_id: RowId | None
    digest_id: RowId | None
    channel_id: RowId
    channel_name: str
    channel_kind: str
    unit_id: RowId
    part: int
    parts: int
    status: str
    status_label: str
    attempts: int
    available_at: datetime
    last_error: str | None
    last_status_code: int | None
    last_response: str | None
    created_at: datetime
    sent_at: datetime | None
    dead_at: datetime | None


class DeliveryDetail(DeliveryRead):
    payload: dict[str, Any]
    attempt_log: list[AttemptRead]


class MessageRead(BaseModel):
    id: int
    dedupe_key: str
    kind: str
    kind_label: str
    ticket_id: RowId | None
    unit_id: RowId | None
    status: str
    status_label: str
    last_error: str | None
    created_at: datetime
    routed_at: datetime | None
    deliveries: dict[str, int] = Field(description="how many of its deliveries are pending, sent, dead; "
                                                   "waiting_digest: reminders not yet in a digest")


class TemplateRead(BaseModel):
    name: str
    label: str
    body: str
    customized: bool
    updated_at: datetime | None


class TemplateWrite(BaseModel):
    body: str = Field(min_length=1, max_length=20000)
