"""Upload refusals beyond plain bad input (those are ``InvalidInput``)."""

from __future__ import annotations

from workflow.errors import DomainError


class ServerBusy(DomainError):
    """Every image slot stayed taken for the whole wait: refuse rather than queue without bound."""

    status = 503
    code = "server_busy"
    message = "服务器正忙（同时处理的图片较多），请稍后重新上传"
