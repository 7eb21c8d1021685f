"""Login throttling per account and per client address (issue 14), counted from ``auth_event`` rows.

A few failures are free; after that each further attempt must wait (5 s, 10 s, 20 s … up to 5 minutes)
after the last failure, and at ``lock_after`` failures the account or address is locked for 15 minutes.
The wait is a refusal-until time (429 with Retry-After), never a sleep on the server. Failures count
within a one-hour window; for an account, only since its last successful login or password reset.
A refused attempt is not checked and not counted, so waiting out a lock is the only way past it.

Per-account counting keys on the typed username, known or not, so a locked "ghost" account looks
exactly like a locked real one. The address limits are looser: a whole town office may sit behind one NAT.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.accounts.models import AuthEvent
from workflow.errors import DomainError

RESETS_ACCOUNT = ("login", "password_reset", "password_changed", "reactivated")


@dataclass(frozen=True)
class Limits:
    free: int
    lock_after: int
    lock: timedelta = timedelta(minutes=15)
    window: timedelta = timedelta(hours=1)
    first_delay_seconds: int = 5
    max_delay_seconds: int = 300

    def refused_until(self, failures: int, last: datetime | None) -> datetime | None:
        if last is None or failures < self.free:
            return None
        if failures >= self.lock_after:
            return last + self.lock
        delay = min(self.first_delay_seconds * 2 ** (failures - self.free), self.max_delay_seconds)
        return last + timedelta(seconds=delay)


ACCOUNT = Limits(free=3, lock_after=10)
ADDRESS = Limits(free=20, lock_after=100)


class LoginThrottled(DomainError):
    status = 429
    code = "login_throttled"
    message = "登录失败次数过多，请稍后再试"

    def __init__(self, until: datetime, now: datetime, *, locked: bool):
        self.retry_after = max(1, math.ceil((until - now).total_seconds()))
        wait = f"{self.retry_after} 秒" if self.retry_after < 60 else f"{math.ceil(self.retry_after / 60)} 分钟"
        text = (f"登录失败次数过多，已临时锁定，请 {wait}后再试；忘记密码请联系系统管理员重置" if locked
                else f"登录失败次数过多，请 {wait}后再试")
        super().__init__(text, detail={"retry_after": self.retry_after, "locked": locked})
        self.headers = {"Retry-After": str(self.retry_after)}


@dataclass(frozen=True)
class Tally:
    failures: int
    last: datetime | None


def account_tally(session: Session, username: str, now: datetime) -> Tally:
    since = now - ACCOUNT.window
    reset = session.scalar(select(func.max(AuthEvent.at)).where(
        AuthEvent.username == username, AuthEvent.kind.in_(RESETS_ACCOUNT), AuthEvent.at > since))
    return _tally(session, AuthEvent.username == username, max(since, reset) if reset else since)


def address_tally(session: Session, address: str, now: datetime) -> Tally:
    return _tally(session, AuthEvent.client_address == address, now - ADDRESS.window)


def _tally(session: Session, match, since: datetime) -> Tally:
    failures, last = session.execute(select(func.count(), func.max(AuthEvent.at)).where(
        match, AuthEvent.kind == "login_failed", AuthEvent.at > since)).one()
    return Tally(failures, last)


def check(session: Session, *, username: str, address: str | None, now: datetime) -> None:
    """Raise LoginThrottled when the account or the address must wait; the longer wait wins."""
    refusals = []
    for limits, tally in ((ACCOUNT, account_tally(session, username, now)),
                          (ADDRESS, address_tally(session, address, now) if address else Tally(0, None))):
        until = limits.refused_until(tally.failures, tally.last)
        if until is not None and until > now:
            refusals.append((until, tally.failures >= limits.lock_after))
    if refusals:
        until, locked = max(refusals)
        raise LoginThrottled(until, now, locked=locked)


def reaches_lock(session: Session, *, username: str, address: str | None, now: datetime) -> list[str]:
    """After a failure is recorded: which of "account"/"address" has just reached its lock."""
    reached = []
    if account_tally(session, username, now).failures == ACCOUNT.lock_after:
        reached.append("account")
    if address and address_tally(session, address, now).failures == ADDRESS.lock_after:
        reached.append("address")
    return reached
