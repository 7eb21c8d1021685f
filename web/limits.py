"""How much a request may send, decided before its body is read (issue 14).

* Every route: ``DEFAULT_BODY_BYTES`` (1 MB: JSON and plain forms). Upload routes get their own limit from
  ``UPLOAD_ROUTES``: the files allowed per request times the size allowed per file, plus room for the
  multipart framing and the other fields.
* A declared Content-Length over the limit is answered 413 before anything is read; a body sent without
  one (chunked) is counted as it arrives and cut off at the limit with the same 413 (Chinese message,
  JSON under /api and for the upload script, the error page otherwise).
* Anonymous requests may send ``DEFAULT_BODY_BYTES`` whatever the route, else 401. FastAPI parses a
  multipart body before any dependency runs (fastapi/routing.py awaits ``request.form()`` before
  ``solve_dependencies``), so an upload route's actor check would only come after the whole upload was
  spooled to disk. Credentials here means a signed-in session or a bearer token with a valid signature:
  present and genuine; the route still resolves the account and what it may do.

Why not FastAPI's own ``max_body_size``: it answers a plain-text English "Content Too Large" and
replaces any other reply (ours included) whenever Content-Length is over the limit.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.deps import SESSION_KEY
from web.errors import BODY_LIMIT_SCOPE_KEY, error_response, too_large_message
from workflow.accounts.tokens import read_token
from workflow.errors import DomainError
from workflow.imports.org_units import MAX_FILE_BYTES as MAX_ORG_UNITS_BYTES
from workflow.imports.people import MAX_FILE_BYTES as MAX_PEOPLE_BYTES
from workflow.imports.problem_list import MAX_FILE_BYTES as MAX_IMPORT_BYTES
from workflow.uploads.checks import MAX_FILE_BYTES, MAX_FILES

MB = 1024 * 1024
DEFAULT_BODY_BYTES = 1 * MB
MULTIPART_SLACK = 1 * MB
EVIDENCE_BODY_BYTES = MAX_FILES * MAX_FILE_BYTES + MULTIPART_SLACK  # evidence, milestones, 约谈 attachments
IMPORT_BODY_BYTES = MAX_IMPORT_BYTES + MULTIPART_SLACK
REPLY_BODY_BYTES = MAX_FILE_BYTES + MULTIPART_SLACK
DIRECTORY_IMPORT_BODY_BYTES = max(MAX_ORG_UNITS_BYTES, MAX_PEOPLE_BYTES) + MULTIPART_SLACK  # org units, people

#  POST path (API and pages)                                  body limit
UPLOAD_ROUTES = [
    (r"(/api/v1)?/tickets/[^/]+/evidence",                     EVIDENCE_BODY_BYTES),
    (r"/tickets/new",                                          EVIDENCE_BODY_BYTES),  # filing with photos
    (r"/api/v1/tickets/on-the-spot",                           EVIDENCE_BODY_BYTES),  # 立行立改: before and after
    (r"(/api/v1)?/tickets/[^/]+/milestones/[^/]+/done",        EVIDENCE_BODY_BYTES),
    (r"(/api/v1)?/interviews/[^/]+/attachments",               EVIDENCE_BODY_BYTES),
    (r"(/api/v1)?/inspections/[^/]+/marks/[^/]+/photos",       EVIDENCE_BODY_BYTES),
    (r"(/api/v1)?/supervision-letters/[^/]+/reply",            REPLY_BODY_BYTES),  # 督办函 回复, one file
    (r"(/api/v1)?/imports/problem-list",                       IMPORT_BODY_BYTES),
    (r"(/api/v1)?/imports/(org-units|people)",                 DIRECTORY_IMPORT_BODY_BYTES),
    (r"(/api/v1)?/campaigns/[^/]+/signed-report",              REPLY_BODY_BYTES),  # 签字盖章的工作报告
    (r"(/api/v1)?/campaigns/[^/]+/indicators/import",          IMPORT_BODY_BYTES),
    (r"(/api/v1)?/campaigns/[^/]+/bonuses",                    REPLY_BODY_BYTES),  # 加分 with its one evidence file
]
_UPLOADS = [(re.compile(pattern), limit) for pattern, limit in UPLOAD_ROUTES]


def body_limit(method: str, path: str) -> int:
    if method == "POST":
        for pattern, limit in _UPLOADS:
            if pattern.fullmatch(path):
                return limit
    return DEFAULT_BODY_BYTES


class BodyLimits:
    """Pure ASGI, inside the session middleware (it reads the signed session) and outside the routes."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["method"], scope["path"])
        scope[BODY_LIMIT_SCOPE_KEY] = limit
        anonymous = limit > DEFAULT_BODY_BYTES and not _has_credentials(scope)
        length = _content_length(scope)
        if length is not None and (length > limit or (anonymous and length > DEFAULT_BODY_BYTES)):
            reply = (error_response(Request(scope), 413, "too_large", too_large_message(limit)) if length > limit
                     else error_response(Request(scope), 401, "not_authenticated", "请先登录"))
            await reply(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413)  # web/errors.py words it with this request's limit
                if anonymous and received > DEFAULT_BODY_BYTES:
                    raise HTTPException(401)
            return message

        await self.app(scope, counted_receive, send)


def _has_credentials(scope: Scope) -> bool:
    if "session" in scope and scope["session"].get(SESSION_KEY) is not None:
        return True
    scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    settings = scope["app"].state.settings
    try:
        read_token(settings.resolved_secret(), token.strip(), max_age=settings.token_max_age_seconds)
    except DomainError:
        return False
    return True


def _content_length(scope: Scope) -> int | None:
    try:
        return int(Headers(scope=scope).get("content-length", ""))
    except ValueError:
        return None
