"""The one place that turns domain errors into HTTP: JSON under /api, an error page elsewhere."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from workflow.errors import DomainError

logger = logging.getLogger("zhenggai.web")

NUL_MESSAGE = "输入中含有不可见的控制字符（NUL），请删除后重试"
NUL_CODE = "nul_in_input"  # web/nul_bytes.py; detail is shaped as a validation error, like every other 422


def nul_detail(where: str) -> list[dict]:
    return [{"loc": [where], "msg": NUL_MESSAGE, "type": "value_error"}]

BODY_LIMIT_SCOPE_KEY = "zhenggai.body_limit"  # set by web/limits.py: the byte limit of this request's body
HTTP_MESSAGES = {401: "请先登录", 403: "您无权执行此操作", 404: "未找到或无权查看", 405: "不支持的请求方法",
                 413: "上传的内容太大", 429: "请求过于频繁，请稍后再试", 500: "服务器内部错误，请稍后重试",
                 503: "服务器繁忙，请稍后重试"}
BUSY_RETRY_SECONDS = 2

# pydantic's error types in Chinese; our own validators already speak Chinese ("value_error").
VALIDATION_MESSAGES = {
    "missing": "必须填写", "int_parsing": "必须是整数", "int_type": "必须是整数", "float_parsing": "必须是数字",
    "bool_parsing": "必须是“是”或“否”", "date_parsing": "日期格式应为 年-月-日", "date_from_datetime_parsing":
    "日期格式应为 年-月-日", "datetime_parsing": "时间格式不正确", "datetime_from_date_parsing": "时间格式不正确",
    "string_too_short": "内容太短或为空", "string_too_long": "内容太长", "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大", "greater_than": "数值太小", "less_than": "数值太大", "list_type": "必须是列表",
    "json_invalid": "JSON 格式不正确", "model_attributes_type": "格式不正确", "dict_type": "格式不正确",
}


def error_response(request: Request, status: int, code: str, message: str, detail=None,
                   headers: dict | None = None):
    """The error reply for any request: also used by middleware that answers before the routes (web/limits.py)."""
    response = _respond(request, status, code, message, detail, headers)
    response.headers["X-Content-Type-Options"] = "nosniff"  # also when Starlette's outermost handler sends it
    return response


def refusal_response(request: Request, exc: DomainError):
    """The reply for a refusal a route returns instead of raising (so its transaction still commits)."""
    return error_response(request, exc.status, exc.code, exc.message, exc.detail, getattr(exc, "headers", None))


def _respond(request: Request, status: int, code: str, message: str, detail=None, headers: dict | None = None):
    page_get = not request.url.path.startswith("/api/") and request.method in ("GET", "HEAD")
    if status == 401 and page_get:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    if code == "password_change_required" and page_get:
        return RedirectResponse("/account/password", status_code=303)
    if request.url.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest":
        if status == 401:
            headers = {"WWW-Authenticate": "Bearer", **(headers or {})}
        return JSONResponse({"code": code, "message": message, "detail": detail}, status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "detail": detail}, status_code=status,
        headers=headers,
    )


def is_nul_error(exc: BaseException) -> bool:
    """PostgreSQL's refusal of a NUL character that reached it through a multipart text field (web/nul_bytes.py
    refuses the others at the edge): bad input, not a server error, and its transaction is rolled back."""
    return "cannot contain NUL" in str(getattr(exc, "orig", None) or exc)


def too_large_message(limit: int | None) -> str:
    if not limit:
        return HTTP_MESSAGES[413]
    return f"提交的内容超过 {limit / 1024 / 1024:.0f} MB 的上限，请压缩或分批上传"


def _validation_message(errors: list[dict]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form"))
        msg = VALIDATION_MESSAGES.get(err.get("type", ""), err.get("msg", "").removeprefix("Value error, "))
        if not err.get("type", "").startswith("value_error") and err.get("type") not in VALIDATION_MESSAGES:
            msg = "格式不正确"
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "输入有误：" + "；".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        return refusal_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return error_response(request, 422, "invalid_input", _validation_message(errors), errors)

    @app.exception_handler(PoolTimeout)
    async def busy(request: Request, exc: PoolTimeout):
        """Every pooled connection is busy (issue 15): answer at once and say when to retry, rather than let
        the request wait while its client gives up and the server goes on working for nobody."""
        return error_response(request, 503, "busy", HTTP_MESSAGES[503], None,
                              headers={"Retry-After": str(BUSY_RETRY_SECONDS)})

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        if is_nul_error(exc):
            return error_response(request, 422, "invalid_input", NUL_MESSAGE, nul_detail("body"))
        return error_response(request, 500, "server_error", HTTP_MESSAGES[500], None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 422 and exc.detail == NUL_CODE:
            return error_response(request, 422, "invalid_input", NUL_MESSAGE, nul_detail("body"))
        if exc.status_code == 413:
            limit = request.scope.get(BODY_LIMIT_SCOPE_KEY)
            return error_response(request, 413, "too_large", too_large_message(limit), None)
        message = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, "http_error", message, None)


class AnswerCrashes:
    """Answers an unexpected exception with the 500 page or JSON and keeps the connection.

    Starlette's outermost middleware answers a crash too, but then re-raises it, and uvicorn closes the
    keep-alive connection: a phone on a poor network pays a new TLS handshake for one server bug."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            if started:
                raise
            if is_nul_error(exc):
                await _respond(Request(scope), 422, "invalid_input", NUL_MESSAGE, nul_detail("body"))(
                    scope, receive, send)
                return
            logger.exception("unhandled error: %s %s", scope.get("method"), scope.get("path"))
            response = _respond(Request(scope), 500, "server_error", HTTP_MESSAGES[500], None)
            await response(scope, receive, send)


__all__ = [
    "NUL_MESSAGE",
    "AnswerCrashes",
    "HTMLResponse",
    "error_response",
    "install_error_handlers",
    "is_nul_error", "nul_detail",
    "refusal_response",
    "too_large_message",
]
