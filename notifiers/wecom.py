"""WeCom (企业微信) group robot: post ``text`` or ``markdown`` to the robot's webhook and classify the answer.

Practice 12: 20 messages a minute per robot (enforced by limits.py before we post; 45009 if exceeded
anyway means "try later", not failure); text ≤ 2048 and markdown ≤ 4096 bytes of UTF-8 (errcode 40058);
@-mention by mobile works only in ``text``, so a markdown notice with mentions is followed by a short
text message carrying ``mentioned_mobile_list``; people paste the whole webhook URL where the key is
expected, so both are accepted, and an invalid key (93000) disables the channel instead of burning retries.
The key is never logged or returned in full (``masked``; ``redact_key`` for error texts).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import httpx

from notifiers.base import ChannelConfigError, Notice, Outcome, Transport, clip, mask_secret
from notifiers.splitting import split_utf8

TEXT_LIMIT = 2048
MARKDOWN_LIMIT = 4096
FORMATS = {"markdown": "Markdown（默认）", "text": "纯文本"}
KEY_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{7,79}$")

# errcodes with a meaning of their own; anything else non-zero is treated as transient.
THROTTLED = {45009}  # api freq out of limit
BROKEN_KEY = {93000}  # invalid webhook url: the key is wrong or the robot was removed
BAD_CONTENT = {40058, 40008}  # content too long / invalid message type: resending will not help


def parse_key(raw: str) -> str:
    """Accept the bare key or the full webhook URL the group settings show (practice 12)."""
    value = (raw or "").strip()
    if "://" in value or value.startswith("qyapi."):
        query = parse_qs(urlparse(value if "://" in value else f"https://{value}").query)
        value = (query.get("key") or [""])[0].strip()
        if not value:
            raise ChannelConfigError("机器人地址中没有 key 参数，请复制群机器人的完整 Webhook 地址或其中的 key")
    if not KEY_PATTERN.match(value):
        raise ChannelConfigError("机器人 key 格式不正确，应为群机器人 Webhook 地址中 key= 后面的一串字符")
    return value


def redact_key(text: str, key: str) -> str:
    return text.replace(key, mask_secret(key)) if key else text


class WeComChannel:
    kind: ClassVar[str] = "wecom"
    label: ClassVar[str] = "企业微信群机器人"

    def __init__(self, transport: Transport):
        self.http = transport.http
        self.base_url = transport.wecom_base_url.rstrip("/")

    @staticmethod
    def normalize(config: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        raw = str(config.get("key") or config.get("url") or "")
        # A masked key coming back unchanged from the form keeps the stored one.
        key = previous["key"] if previous and "****" in raw else parse_key(raw)
        fmt = config.get("format") or (previous or {}).get("format") or "markdown"
        if fmt not in FORMATS:
            raise ChannelConfigError(f"未知的消息格式：{fmt}（可选 markdown、text）")
        return {"key": key, "format": fmt}

    @staticmethod
    def masked(config: dict[str, Any]) -> dict[str, Any]:
        return {"key": mask_secret(config.get("key", "")), "format": config.get("format", "markdown")}

    @staticmethod
    def rate_bucket(config: dict[str, Any]) -> str | None:
        # One bucket per robot, shared by every channel row and process that posts to it.
        return "wecom:" + hashlib.sha256(config["key"].encode()).hexdigest()[:32]

    @staticmethod
    def prepare(notice: Notice, config: dict[str, Any]) -> list[dict[str, Any]]:
        mentions = list(dict.fromkeys(notice.mentions))
        if config.get("format") == "text":
            body = notice.text + (f"\n{notice.mention_text}" if mentions and notice.mention_text else "")
            parts = [{"msgtype": "text", "text": {"content": p}} for p in split_utf8(body, TEXT_LIMIT)]
            if mentions:
                parts[-1]["text"]["mentioned_mobile_list"] = mentions
            return parts
        markdown = split_utf8(notice.markdown, MARKDOWN_LIMIT)
        parts = [{"msgtype": "markdown", "markdown": {"content": p}} for p in markdown]
        if mentions:
            texts = split_utf8(notice.mention_text or "请以下同志关注：", TEXT_LIMIT)
            parts += [{"msgtype": "text", "text": {"content": t}} for t in texts]
            parts[-1]["text"]["mentioned_mobile_list"] = mentions
        return parts

    def send(self, config: dict[str, Any], payload: dict[str, Any], *, now: datetime, key: str) -> Outcome:
        robot_key = config["key"]
        try:
            response = self.http.post(f"{self.base_url}/cgi-bin/webhook/send", params={"key": robot_key}, json=payload)
        except httpx.HTTPError as exc:
            return Outcome("retry", error=redact_key(f"{type(exc).__name__}: {exc}", robot_key))
        body = redact_key(clip(response.text), robot_key)
        if response.status_code != 200:
            return Outcome("retry", response.status_code, body, f"HTTP {response.status_code}")
        try:
            errcode = int(response.json().get("errcode", -1))
        except (ValueError, AttributeError):
            return Outcome("retry", 200, body, "应答不是 JSON")
        if errcode == 0:
            return Outcome("sent", 200, body)
        if errcode in THROTTLED:
            return Outcome("throttled", 200, body, f"errcode {errcode}：发送频率超限，稍后重发")
        if errcode in BROKEN_KEY:
            return Outcome("permanent", 200, body, f"errcode {errcode}：机器人 key 无效，请检查配置",
                           disable_channel=True)
        if errcode in BAD_CONTENT:
            return Outcome("permanent", 200, body, f"errcode {errcode}：消息内容不被接受")
        return Outcome("retry", 200, body, f"errcode {errcode}")
