"""A fake WeCom group-robot server that behaves like the real one where it matters (practice 12):
20 messages per minute per key (sliding window; 45009 past it), byte limits on content (40058),
93000 for a key it does not know; it records every request and what it answered.

``clock`` is the time source of its window (seconds): tests pass their frozen clock so that moving
time moves the server's minute too; the benchmark passes ``time.monotonic``. ``hold_from`` makes the
n-th request (1-based) and later ones wait after being recorded until ``release()`` — the crash test
kills the dispatcher while it waits for that answer.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

LIMITS = {"text": 2048, "markdown": 4096}


@dataclass
class Received:
    at: float
    key: str
    body: dict
    errcode: int

    @property
    def content(self) -> str:
        kind = self.body.get("msgtype", "")
        return (self.body.get(kind) or {}).get("content", "")

    @property
    def mentions(self) -> list[str]:
        return (self.body.get("text") or {}).get("mentioned_mobile_list", [])


class FakeWeCom:
    def __init__(self, *, keys: set[str] | None = None, limit: int = 20, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic):
        self.keys = keys
        self.limit = limit
        self.window = window
        self.clock = clock
        self.requests: list[Received] = []
        self._accepted: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()
        self.hold_from: int | None = None
        self.fail_with: int | None = None  # answer every request with this errcode (e.g. -1 系统繁忙)
        self._released = threading.Event()
        self.app = Starlette(routes=[Route("/cgi-bin/webhook/send", self.send, methods=["POST"])])

    # -- what tests read -------------------------------------------------------------------------
    def delivered(self, key: str | None = None) -> list[Received]:
        return [r for r in self.requests if r.errcode == 0 and (key is None or r.key == key)]

    def answered(self, errcode: int) -> list[Received]:
        return [r for r in self.requests if r.errcode == errcode]

    def release(self) -> None:
        self._released.set()

    # -- the endpoint ----------------------------------------------------------------------------
    async def send(self, request: Request) -> JSONResponse:
        key = request.query_params.get("key", "")
        try:
            body = await request.json()
        except ValueError:
            body = {}
        with self._lock:
            errcode = self._judge(key, body)
            self.requests.append(Received(self.clock(), key, body, errcode))
            held = self.hold_from is not None and len(self.requests) >= self.hold_from
        if held:
            deadline = time.monotonic() + 60
            while not self._released.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        messages = {0: "ok", 45009: "api freq out of limit", 93000: "invalid webhook url",
                    40058: "invalid Parameter: content exceed max length", -1: "system busy"}
        return JSONResponse({"errcode": errcode, "errmsg": messages.get(errcode, "error")})

    def _judge(self, key: str, body: dict) -> int:
        if self.fail_with is not None:
            return self.fail_with
        if self.keys is not None and key not in self.keys:
            return 93000
        kind = body.get("msgtype")
        if kind not in LIMITS:
            return 40008
        content = (body.get(kind) or {}).get("content", "")
        if not content or len(content.encode("utf-8")) > LIMITS[kind]:
            return 40058
        now = self.clock()
        recent = self._accepted[key]
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            return 45009
        recent.append(now)
        return 0
