"""CSRF protection for everything a browser posts with the session cookie.

One random token per session, put in every form as a hidden ``csrf_token`` field (or sent as the
``X-CSRF-Token`` header by scripts) and compared in constant time. SameSite=Lax already keeps the
cookie off cross-site POSTs in current browsers; the token covers the rest (older browsers,
same-site subdomains). Bearer-token API calls carry no cookie and need no token.
"""

from __future__ import annotations

import secrets

from fastapi import Depends, Request

from workflow.errors import PermissionDenied

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class CsrfRejected(PermissionDenied):
    code = "csrf_failed"
    message = "页面已过期或请求来源无法确认，请刷新页面后重新提交"


def csrf_token(request: Request) -> str:
    """This session's token, made on first use (the login page makes it before anyone signs in).

    Empty outside the session middleware (the 500 page is rendered there): no form can be posted from it.
    """
    if "session" not in request.scope:
        return ""
    token = request.session.get(SESSION_KEY)
    if not token:
        token = request.session[SESSION_KEY] = secrets.token_urlsafe(32)
    return token


def rotate_token(request: Request) -> None:
    """A new token at login and logout, so a token seen before signing in is worth nothing after."""
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)


def check_header(request: Request) -> None:
    _compare(request, request.headers.get(HEADER))


async def require_csrf(request: Request) -> None:
    """On the pages router as a whole (web/pages/__init__.py), so no form POST can forget it."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(HEADER)
    if given is None:
        form = await request.form()
        value = form.get(FIELD)
        given = value if isinstance(value, str) else None
    _compare(request, given)


def _compare(request: Request, given: str | None) -> None:
    expected = request.session.get(SESSION_KEY) if "session" in request.scope else None
    if not expected or not given or not secrets.compare_digest(expected, given):
        raise CsrfRejected()


CsrfChecked = Depends(require_csrf)
