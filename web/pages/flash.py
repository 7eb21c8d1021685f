"""One-time messages that survive a redirect (Post/Redirect/Get): 「已交办」 shown once on the next page.

They ride in the signed session cookie (starlette's SessionMiddleware), so a reload or a second tab does not
show them again, and nothing is stored on the server.
"""

from __future__ import annotations

from fastapi import Request

SESSION_KEY = "flash"
KINDS = ("success", "warning", "error")
MAX_LENGTH = 300  # the cookie carries the message; a cookie stays well under 4 KB


def flash(request: Request, message: str, *, kind: str = "success") -> None:
    """Queue ``message`` for the next page this browser renders."""
    if kind not in KINDS:
        raise ValueError(kind)
    queued = list(request.session.get(SESSION_KEY, []))[-2:]
    queued.append({"kind": kind, "text": message[:MAX_LENGTH]})
    request.session[SESSION_KEY] = queued


def pop_flashes(request: Request) -> list[dict]:
    """The queued messages, removed from the session: each is shown once."""
    if "session" not in request.scope:
        return []
    return request.session.pop(SESSION_KEY, None) or []

