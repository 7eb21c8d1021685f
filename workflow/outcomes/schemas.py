"""API shapes for outcomes, 立行立改 and the counters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from workflow.bounds import CivilDate, DbInt, RowId
from workflow.errors import InvalidInput
from workflow.tickets.schemas import TicketCreate


class OutcomeRequest(BaseModel):
    """Close with a resolution: ``rectified`` is the machine's 销号 (from 验收); ``ongoing`` needs ``review_on``."""

    resolution: Literal["rectified", "ongoing", "void"]
    comment: str = Field(default="", max_length=2000)
    version: DbInt
    review_on: CivilDate | None = None


class CountersRead(BaseModel):
    unit_id: RowId
    unit_name: str
    year: int
    counters: dict[str, int]
    labels: dict[str, str]


def ticket_from_json(text: str) -> TicketCreate:
    """The ``ticket`` field of the multipart 立行立改 request, as ``POST /tickets`` takes it."""
    try:
        return TicketCreate.model_validate_json(text or "{}")
    except ValidationError as exc:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        raise InvalidInput("问题信息有误：" + "；".join(e["msg"] for e in errors), detail={"field": "ticket",
                                                                                     "errors": errors}) from exc


__all__ = ["CountersRead", "OutcomeRequest", "ticket_from_json"]
