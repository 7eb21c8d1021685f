"""Configuration from the environment (ZHENGGAI_*), read once at the edge (CLI, serve)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZHENGGAI_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./var/zhenggai.db"
    data_dir: Path = Path("./var/data")
    secret_key: str = ""
    token_max_age_seconds: int = 12 * 3600
    timezone: str = "Asia/Shanghai"
    base_url: str = "http://127.0.0.1:8000"
    run_scheduler: bool = True
    # Connection pool per process (workflow/db.py): kept connections, extra ones under load, and how long a
    # request waits for one before it is answered 503 (retry later) rather than left hanging.
    db_pool_size: int = 10
    db_max_overflow: int = 20
    db_pool_timeout: float = 5.0
    # Deadlines (issue 3): lights, the reminder schedule (working days before the deadline), the sweep.
    yellow_within_working_days: int = 3
    reminder_days_before: list[int] = [3, 1]
    remind_on_the_day: bool = True
    remind_while_overdue: bool = True
    sweep_minutes: int = 5
    # Issue 13 (docs/deadlines.md): 催办 cap, 督办函 threshold, 确认收到 follow-up. The 签收 limit is per campaign.
    urge_cap_per_day: int = 3
    letter_min_overdue_working_days: int = 3
    ack_unread_working_hours: int = 4

    # Notifications (docs/notifications.md). Robot keys and addresses are configured per unit in the database.
    wecom_base_url: str = "https://qyapi.weixin.qq.com"
    wecom_per_minute: int = 20
    wecom_window_seconds: float = 60
    notify_window: str = "08:00-20:00"
    notify_digest_times: str = "08:30"
    notify_reminder_mode: str = "digest"
    notify_leader_copy_working_days: int = 3
    notify_max_attempts: int = 8
    notify_backoff_seconds: int = 30
    notify_backoff_cap_seconds: int = 3600
    notify_lease_seconds: int = 120
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "zhenggai@localhost"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False

    # 红黑榜 (workflow/ledger/ranking.py): on-time rate at or above → red list; below → black list.
    red_list_min_rate: float = 0.90
    black_list_below_rate: float = 0.85

    # Evidence flags (docs/evidence.md): pHash distance counted as the same photo; km from the village.
    evidence_max_hash_distance: int = 8
    evidence_max_distance_km: float = 3.0

    def resolved_secret(self) -> str:
        """A stable secret: the configured one, or one generated once into the data dir."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            import secrets

            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()
