"""Turning posted form fields into the service's inputs, with Chinese messages naming the field.

Browsers post strings; an empty select is "", a date is "2026-12-10". Parsing here keeps the
typed values (``values``) apart from the checked input, so a failed form shows what was typed.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from workflow.errors import InvalidInput
from workflow.tickets.evidence import MAX_FILE_BYTES, Upload
from workflow.tickets.schemas import TicketCreate

TICKET_FIELDS = ("title", "campaign_id", "checklist_item_id", "item_q", "place_id", "lead_unit_id", "source",
                 "severity", "due_on", "description")
FIELD_LABELS = {"title": "问题标题", "campaign_id": "督查活动", "checklist_item_id": "督导细则条目",
                "place_id": "问题所在地", "lead_unit_id": "牵头责任单位", "source": "问题来源", "severity": "严重程度",
                "due_on": "整改期限", "description": "问题描述"}


def values(form: FormData, fields=TICKET_FIELDS) -> dict[str, str]:
    return {name: str(form.get(name) or "") for name in fields}


def optional_int(form: FormData, name: str) -> int | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidInput(f"{FIELD_LABELS.get(name, name)}选择有误", detail={"field": name}) from exc


def optional_date(form: FormData, name: str) -> date | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput(f"{FIELD_LABELS.get(name, name)}格式应为 年-月-日", detail={"field": name}) from exc


def ticket_create(form: FormData) -> TicketCreate:
    place_id = optional_int(form, "place_id")
    if place_id is None:
        raise InvalidInput("请选择问题所在地", detail={"field": "place_id"})
    try:
        return TicketCreate(
            title=str(form.get("title") or ""), description=str(form.get("description") or ""),
            place_id=place_id, lead_unit_id=optional_int(form, "lead_unit_id"),
            campaign_id=optional_int(form, "campaign_id"), checklist_item_id=optional_int(form, "checklist_item_id"),
            source=str(form.get("source") or "inspection"), severity=str(form.get("severity") or "general"),
            due_on=optional_date(form, "due_on"),
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc


def _invalid(exc: ValidationError) -> InvalidInput:
    err = exc.errors()[0]
    name = str(err["loc"][0]) if err.get("loc") else ""
    label = FIELD_LABELS.get(name, name)
    if err["type"] == "string_too_short":
        return InvalidInput(f"请填写{label}", detail={"field": name})
    if err["type"] == "string_too_long":
        return InvalidInput(f"{label}太长", detail={"field": name})
    return InvalidInput(err["msg"].removeprefix("Value error, "), detail={"field": name})


def uploads(form: FormData, name: str) -> list[Upload]:
    """The files actually chosen: a file input left empty still posts one nameless, empty part."""
    files = [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]
    return [Upload(filename=f.filename, content_type=f.content_type or "application/octet-stream",
                   content=f.file.read(MAX_FILE_BYTES + 1)) for f in files]


def optional_int_or_none(raw: str | None) -> int | None:
    """For re-showing a form: a value that is not a number is treated as not chosen."""
    try:
        return int(raw) if raw else None
    except ValueError:
        return None
