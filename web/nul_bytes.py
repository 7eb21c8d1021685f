"""Text with a NUL character is refused at the edge, the same on both databases.

PostgreSQL's text columns cannot hold U+0000 (psycopg raises DataError: a 500 the fuzzer found with
``GET /api/v1/people?q=…%00…``), while SQLite stores it silently. No person types a NUL, so a request that
carries one in its path, query or a JSON/form body is answered 422 before any route runs. Multipart fields
(file uploads legitimately contain zero bytes) are caught at the database instead (``web.errors.is_nul_error``).
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import NUL_CODE, NUL_MESSAGE, error_response, nul_detail

_QUERY_NUL = re.compile(rb"%00", re.IGNORECASE)
# A JSON string escape \u0000 (an escaped backslash before it, \\u0000, is plain text and allowed).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_TEXT_BODIES = {"application/json": _JSON_NUL, "application/x-www-form-urlencoded": _QUERY_NUL}
_TAIL = 16  # bytes kept from the previous chunk, so a marker split across two chunks is still seen


def carries_nul(data: bytes, pattern: re.Pattern[bytes] = _QUERY_NUL) -> bool:
    return b"\x00" in data or pattern.search(data) is not None


class RefuseNulBytes:
    """Pure ASGI; the body is checked chunk by chunk as the route reads it, never buffered here."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope["path"].encode()
        if carries_nul(raw_path) or carries_nul(scope.get("query_string", b"")):
            reply = error_response(Request(scope), 422, "invalid_input", NUL_MESSAGE, nul_detail("query"))
            await reply(scope, receive, send)
            return
        content_type = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
        pattern = _TEXT_BODIES.get(content_type)
        if pattern is None:
            await self.app(scope, receive, send)
            return
        tail = b""

        async def checked_receive() -> Message:
            nonlocal tail
            message = await receive()
            if message["type"] == "http.request":
                chunk = tail + message.get("body", b"")
                if carries_nul(chunk, pattern):
                    raise HTTPException(422, detail=NUL_CODE)  # worded by web/errors.py
                tail = chunk[-_TAIL:]
            return message

        await self.app(scope, checked_receive, send)


__all__ = ["RefuseNulBytes", "carries_nul"]
