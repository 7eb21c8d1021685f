"""What every command needs: settings read once, an engine, sessions, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.accounts.service import actor_of
from workflow.actor import Actor
from workflow.clock import LOCAL_TZ, Clock, FrozenClock
from workflow.db import make_engine, make_sessionmaker, transaction
from workflow.errors import DomainError
from workflow.settings import Settings

T = TypeVar("T")


def sessions(settings: Settings):
    return make_sessionmaker(make_engine(settings.database_url))


def clock_at(now: str | None) -> Clock:
    """``--now 2026-12-01T09:00`` is read as Asia/Shanghai time unless it names its own offset."""
    if not now:
        return Clock()
    at = datetime.fromisoformat(now)
    return FrozenClock(at if at.tzinfo else at.replace(tzinfo=LOCAL_TZ))


def actor_named(session: Session, username: str) -> Actor:
    """``--as USER``: the commands act as a named account, with that account's scope and roles."""
    person = session.scalar(select(Person).where(Person.username == username))
    if person is None:
        raise typer.BadParameter(f"账号不存在：{username}", param_hint="--as")
    return actor_of(session, person)


def run(work: Callable[[Session], T]) -> T:
    """One transaction per command; a domain refusal is a Chinese message and exit code 2, not a traceback.
    Row-level reports (a rejected problem list) are printed one line per error."""
    try:
        with transaction(sessions(Settings())) as session:
            return work(session)
    except DomainError as exc:
        typer.echo(f"错误：{exc.message}", err=True)
        for error in (exc.detail or {}).get("errors", []) if isinstance(exc.detail, dict) else []:
            typer.echo(f"  第 {error['row']} 行  {error['column']}：{error['message']}", err=True)
        raise typer.Exit(code=2) from exc
