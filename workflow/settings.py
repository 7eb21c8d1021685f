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
    # 红黑榜 (workflow/ledger/ranking.py): on-time rate at or above → red list; below → black list.
    red_list_min_rate: float = 0.90
    black_list_below_rate: float = 0.85

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
