"""A webhook receiver on loopback that checks the HMAC signature the way a real receiver would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from notifiers.webhook import verify


@dataclass
class Hook:
    body: bytes
    headers: dict[str, str]
    signature_ok: bool


class FakeReceiver:
    def __init__(self, secret: str, *, status: int = 200, now: datetime | None = None):
        self.secret = secret
        self.status = status
        self.now = now
        self.hooks: list[Hook] = []
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> JSONResponse:
        body = await request.body()
        ok = verify(self.secret, request.headers.get("x-zhenggai-timestamp", ""), body,
                    request.headers.get("x-zhenggai-signature", ""), now=self.now or datetime.now(UTC))
        self.hooks.append(Hook(body, dict(request.headers), ok))
        if not ok:
            return JSONResponse({"error": "bad signature"}, status_code=401)
        return JSONResponse({"ok": True}, status_code=self.status)
