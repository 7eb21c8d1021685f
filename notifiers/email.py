"""E-mail over SMTP with the standard library: one plain-text message per notice to a unit's addresses.

Refused recipients and other 5xx answers are permanent; connection problems and 4xx answers are retried.
"""

from __future__ import annotations

import re
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any, ClassVar

from notifiers.base import ChannelConfigError, Notice, Outcome, Transport, clip

ADDRESS = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


class EmailChannel:
    kind: ClassVar[str] = "email"
    label: ClassVar[str] = "电子邮件"

    def __init__(self, transport: Transport):
        self.smtp = transport.smtp

    @staticmethod
    def normalize(config: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        raw = config.get("to") or []
        if isinstance(raw, str):
            raw = re.split(r"[,;，；\s]+", raw)
        addresses = [a.strip() for a in raw if a and a.strip()]
        if not addresses:
            raise ChannelConfigError("请填写至少一个收件邮箱")
        bad = [a for a in addresses if not ADDRESS.match(a)]
        if bad:
            raise ChannelConfigError(f"邮箱格式不正确：{'、'.join(bad)}")
        return {"to": list(dict.fromkeys(addresses))}

    @staticmethod
    def masked(config: dict[str, Any]) -> dict[str, Any]:
        return {"to": list(config.get("to", []))}

    @staticmethod
    def rate_bucket(config: dict[str, Any]) -> str | None:
        return None

    @staticmethod
    def prepare(notice: Notice, config: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"subject": notice.subject, "text": notice.text}]

    def send(self, config: dict[str, Any], payload: dict[str, Any], *, now: datetime, key: str) -> Outcome:
        if not self.smtp.host:
            return Outcome("retry", error="未配置 SMTP 服务器（ZHENGGAI_SMTP_HOST）")
        message = EmailMessage()
        message["From"] = self.smtp.sender
        message["To"] = ", ".join(config["to"])
        message["Subject"] = payload["subject"]
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(idstring=key.replace(":", "."))
        message.set_content(payload["text"], charset="utf-8")
        try:
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=self.smtp.timeout) as smtp:
                if self.smtp.starttls:
                    smtp.starttls()
                if self.smtp.username:
                    smtp.login(self.smtp.username, self.smtp.password)
                refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome("permanent", error=f"收件人被拒绝：{clip(str(exc.recipients), 500)}")
        except smtplib.SMTPResponseException as exc:
            result = "permanent" if 500 <= exc.smtp_code < 600 else "retry"
            return Outcome(result, exc.smtp_code, clip(str(exc.smtp_error)), f"SMTP {exc.smtp_code}")
        except (smtplib.SMTPException, OSError) as exc:
            return Outcome("retry", error=f"{type(exc).__name__}: {exc}")
        if refused:
            return Outcome("sent", 250, f"部分收件人被拒绝：{clip(str(refused), 500)}")
        return Outcome("sent", 250, "250 OK")
