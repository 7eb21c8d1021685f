"""A generic JSON webhook signed with HMAC-SHA256, so the receiver can check it came from us.

Signature: hex HMAC-SHA256 over ``"<timestamp>.<body>"`` with the channel's secret, sent as
``X-Zhenggai-Signature: sha256=<hex>`` with ``X-Zhenggai-Timestamp`` (Unix seconds). Deliveries are
at least once, so ``X-Zhenggai-Delivery`` carries a stable id the receiver can deduplicate on.
Receivers can use ``verify`` below. 2xx is success; 408, 429 and 5xx are retried; other 4xx are permanent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlparse

import httpx

from notifiers.base import ChannelConfigError, Notice, Outcome, Transport, clip, mask_secret

RETRY_STATUSES = {408, 425, 429}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, now: datetime, tolerance: int = 300) -> bool:
    """For receivers: the signature matches and the timestamp is recent (no replay of old bodies)."""
    try:
        fresh = abs(now.timestamp() - int(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


class WebhookChannel:
    kind: ClassVar[str] = "webhook"
    label: ClassVar[str] = "通用 Webhook（HMAC 签名）"

    def __init__(self, transport: Transport):
        self.http = transport.http

    @staticmethod
    def normalize(config: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        url = str(config.get("url") or "").strip()
        if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
            raise ChannelConfigError("Webhook 地址应以 http:// 或 https:// 开头")
        secret = str(config.get("secret") or "")
        if previous and (not secret or "****" in secret):
            secret = previous["secret"]
        if len(secret) < 16:
            raise ChannelConfigError("签名密钥至少 16 个字符")
        return {"url": url, "secret": secret}

    @staticmethod
    def masked(config: dict[str, Any]) -> dict[str, Any]:
        parsed = urlparse(config.get("url", ""))
        return {"url": parsed._replace(query="", fragment="").geturl(), "secret": mask_secret(config.get("secret", ""))}

    @staticmethod
    def rate_bucket(config: dict[str, Any]) -> str | None:
        return None

    @staticmethod
    def prepare(notice: Notice, config: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"kind": notice.kind, "subject": notice.subject, "text": notice.text, "markdown": notice.markdown,
                 "mentions": list(notice.mentions), "data": notice.data}]

    def send(self, config: dict[str, Any], payload: dict[str, Any], *, now: datetime, key: str) -> Outcome:
        body = json.dumps({**payload, "delivery": key}, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(now.timestamp()))
        headers = {"Content-Type": "application/json; charset=utf-8", "X-Zhenggai-Timestamp": timestamp,
                   "X-Zhenggai-Signature": sign(config["secret"], timestamp, body), "X-Zhenggai-Delivery": key}
        try:
            response = self.http.post(config["url"], content=body, headers=headers)
        except httpx.HTTPError as exc:
            return Outcome("retry", error=f"{type(exc).__name__}: {exc}")
        code, text = response.status_code, clip(response.text)
        if 200 <= code < 300:
            return Outcome("sent", code, text)
        if code == 429:
            return Outcome("throttled", code, text, "HTTP 429：接收方限流，稍后重发")
        if code in RETRY_STATUSES or code >= 500:
            return Outcome("retry", code, text, f"HTTP {code}")
        return Outcome("permanent", code, text, f"HTTP {code}：接收方拒绝", disable_channel=code == 410)
