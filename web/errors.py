"""The one place that turns domain errors into HTTP: JSON under /api, an error page elsewhere."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from workflow.errors import DomainError

HTTP_MESSAGES = {401: "请先登录", 403: "您无权执行此操作", 404: "未找到或无权查看", 405: "不支持的请求方法"}


def _respond(request: Request, status: int, code: str, message: str, detail=None):
    if request.url.path.startswith("/api/"):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"code": code, "message": message, "detail": detail}, status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "detail": detail}, status_code=status
    )


def _validation_message(errors: list[dict]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form"))
        msg = err.get("msg", "").removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "输入有误：" + "；".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        return _respond(request, exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return _respond(request, 422, "invalid_input", _validation_message(errors), errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return _respond(request, exc.status_code, "http_error", message, None)


__all__ = ["HTMLResponse", "install_error_handlers"]
