"""What every channel shares: the rendered notice it gets, the outcome it reports, its contract.

A channel posts one wire payload and classifies the answer (STYLE E7). It never retries, sleeps or
touches the outbox; the dispatcher decides what an outcome means for the delivery row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal, Protocol

import httpx

Result = Literal["sent", "retry", "throttled", "permanent"]


@dataclass(frozen=True)
class Notice:
    """A rendered notification, channel-neutral: each channel picks the forms it can show."""

    kind: str
    subject: str
    markdown: str
    text: str
    mention_text: str = ""
    mentions: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    result: Result
    status_code: int | None = None
    response: str = ""
    error: str = ""
    # The target itself is broken (e.g. WeCom 93000): stop using the channel until an admin fixes it.
    disable_channel: bool = False


class ChannelConfigError(ValueError):
    """Bad channel configuration; the message is Chinese and safe to show (never contains a secret)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 25
    sender: str = "zhenggai@localhost"
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10.0


@dataclass
class Transport:
    """What channels need to reach the outside: one HTTP client and the SMTP server."""

    http: httpx.Client
    wecom_base_url: str = "https://qyapi.weixin.qq.com"
    smtp: SmtpSettings = field(default_factory=SmtpSettings)


class Channel(Protocol):
    kind: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, transport: Transport) -> None: ...

    @staticmethod
    def normalize(config: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        """Validate and clean an admin's input; a masked secret in ``config`` keeps ``previous``'s."""

    @staticmethod
    def masked(config: dict[str, Any]) -> dict[str, Any]:
        """The configuration with secrets masked, for the API and logs."""

    @staticmethod
    def rate_bucket(config: dict[str, Any]) -> str | None:
        """The shared rate-limit bucket this target belongs to, or None when unlimited."""

    @staticmethod
    def prepare(notice: Notice, config: dict[str, Any]) -> list[dict[str, Any]]:
        """The wire payloads for this notice, each within the target's size limits."""

    def send(self, config: dict[str, Any], payload: dict[str, Any], *, now: datetime, key: str) -> Outcome:
        """Post one payload; ``key`` is the delivery's stable id, for receivers that deduplicate."""


def mask_secret(secret: str) -> str:
    """Enough to recognise a key, never enough to use it."""
    if len(secret) <= 8:
        return "****"
    return f"{secret[:4]}****{secret[-4:]}"


def clip(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
