"""Every knob of delivery in one frozen object, built once from Settings at the edge (STYLE E11)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from notifiers.base import SmtpSettings
from notifiers.window import SendWindow, parse_clock


@dataclass(frozen=True)
class NotifyPolicy:
    max_attempts: int = 8
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(seconds=120)
    batch_size: int = 100
    window: SendWindow = field(default_factory=SendWindow)
    digest_times: tuple[time, ...] = (time(8, 30),)
    # "digest": reminders are bundled per channel per digest run; "each": one message per reminder.
    reminder_mode: str = "digest"
    digest_group_limit: int = 50
    leader_copy_working_days: int = 3
    wecom_per_window: int = 20
    wecom_window: timedelta = timedelta(seconds=60)
    # Our limiter stamps a send just before posting; the robot counts it on arrival. A second of margin
    # keeps the two windows from disagreeing when one request is slower in transit than a later one.
    wecom_margin: timedelta = timedelta(seconds=1)
    base_url: str = "http://127.0.0.1:8000"
    # Signs the 确认收到 links (workflow/acknowledgements/links.py); empty: messages carry no link.
    ack_secret: str = ""

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 1 min, 2 min, … doubling up to the cap."""
        return min(self.backoff_base * (2 ** max(attempts - 1, 0)), self.backoff_cap)

    @classmethod
    def from_settings(cls, settings) -> NotifyPolicy:
        tz = ZoneInfo(settings.timezone)
        return cls(
            max_attempts=settings.notify_max_attempts,
            backoff_base=timedelta(seconds=settings.notify_backoff_seconds),
            backoff_cap=timedelta(seconds=settings.notify_backoff_cap_seconds),
            lease=timedelta(seconds=settings.notify_lease_seconds),
            window=SendWindow.parse(settings.notify_window, tz),
            digest_times=tuple(parse_clock(t) for t in settings.notify_digest_times.split(",") if t.strip()),
            reminder_mode=settings.notify_reminder_mode,
            leader_copy_working_days=settings.notify_leader_copy_working_days,
            wecom_per_window=settings.wecom_per_minute,
            wecom_window=timedelta(seconds=settings.wecom_window_seconds),
            base_url=settings.base_url,
            ack_secret=settings.resolved_secret(),
        )


def smtp_from_settings(settings) -> SmtpSettings:
    return SmtpSettings(host=settings.smtp_host, port=settings.smtp_port, sender=settings.smtp_sender,
                        username=settings.smtp_username, password=settings.smtp_password,
                        starttls=settings.smtp_starttls)
