"""OpenAPI descriptions of the domain errors a route can answer."""

from __future__ import annotations

from pydantic import BaseModel

from workflow.errors import DomainError


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: object | None = None


def error_responses(*errors: type[DomainError]) -> dict:
    return {e.status: {"model": ErrorBody, "description": e.message} for e in errors}
