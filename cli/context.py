"""What every command needs: settings read once, an engine, sessions, a clock, and one-line refusals.

Only ``typer`` and the standard library are imported at module level: ``zhenggai --help`` and every
``--help`` below it must answer fast and without a database, so the application (SQLAlchemy, pydantic,
openpyxl, python-docx …) is imported inside the commands that use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workflow.actor import Actor
    from workflow.clock import Clock
    from workflow.settings import Settings

T = TypeVar("T")
_CHECKED: set[str] = set()


def refuse(option: str, message: str) -> NoReturn:
    """Bad input on the command line: one Chinese line on stderr, exit code 2, no traceback."""
    typer.echo(f"错误：{option} {message}" if option else f"错误：{message}", err=True)
    raise typer.Exit(code=2)


def settings() -> Settings:
    from workflow.settings import Settings

    return Settings()


def database_named(url: str) -> str:
    """The database a URL points at, as a user can find it: an absolute file path for SQLite (the default
    path is relative to the current folder), the URL without its password otherwise."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return os.path.abspath(parsed.database)
    return parsed.render_as_string(hide_password=True)


def require_database(url: str) -> None:
    """Every command but init-db works on a migrated database; say so plainly, naming the one looked for."""
    if url in _CHECKED:
        return
    from workflow.migrate import is_at_head

    if not is_at_head(url):
        typer.echo(f"错误：数据库 {database_named(url)} 不存在、尚未初始化或不是最新版本，请先运行 zhenggai init-db"
                   "（数据库由环境变量 ZHENGGAI_DATABASE_URL 指定，默认为当前目录下的 var/zhenggai.db）", err=True)
        raise typer.Exit(code=2)
    _CHECKED.add(url)


def sessions(config: Settings, *, check: bool = True):
    from workflow.db import make_engine, make_sessionmaker

    if check:
        require_database(config.database_url)
    return make_sessionmaker(make_engine(config.database_url))


def clock_at(now: str | None) -> Clock:
    """``--now 2026-12-01T09:00`` is read as Asia/Shanghai time unless it names its own offset."""
    from workflow.clock import LOCAL_TZ, Clock, FrozenClock

    if not now:
        return Clock()
    try:
        at = datetime.fromisoformat(now.strip())
    except ValueError:
        refuse("--now", f"时间写法有误：{now}（应为 2026-12-01T09:00 或 2026-12-01，北京时间）")
    return FrozenClock(at if at.tzinfo else at.replace(tzinfo=LOCAL_TZ))


def day_of(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        refuse(option, f"日期写法有误：{text}（应为 YYYY-MM-DD，如 2026-12-31）")


def one_of(value: str | None, allowed: Mapping[str, str], option: str) -> str | None:
    """A value from a fixed set, given by its code or its Chinese label; the refusal lists both."""
    if value is None:
        return None
    if value in allowed:
        return value
    by_label = {label: key for key, label in allowed.items()}
    if value in by_label:
        return by_label[value]
    choices = "、".join(f"{key}（{label}）" for key, label in allowed.items())
    refuse(option, f"不能是“{value}”，可选：{choices}")


def actor_named(session: Session, username: str) -> Actor:
    """``--as USER``: the commands act as a named account, with that account's scope and roles."""
    from sqlalchemy import select

    from workflow.accounts.models import Person
    from workflow.accounts.service import actor_of

    person = session.scalar(select(Person).where(Person.username == username))
    if person is None:
        logins = "、".join(session.scalars(select(Person.username).where(Person.username.is_not(None),
                                                                         Person.is_active).order_by(Person.id)))
        refuse("--as", f"账号不存在：{username}（现有账号：{logins or '无'}）")
    return actor_of(session, person)


def run(work: Callable[[Session], T]) -> T:
    """One transaction per command; a domain refusal is a Chinese message and exit code 2, not a traceback.
    Row-level reports (a rejected problem list) are printed one line per error."""
    from workflow.db import transaction
    from workflow.errors import DomainError

    try:
        with transaction(sessions(settings())) as session:
            return work(session)
    except DomainError as exc:
        typer.echo(f"错误：{exc.message}", err=True)
        for error in (exc.detail or {}).get("errors", []) if isinstance(exc.detail, dict) else []:
            typer.echo(f"  第 {error['row']} 行  {error['column']}：{error['message']}", err=True)
        raise typer.Exit(code=2) from exc
