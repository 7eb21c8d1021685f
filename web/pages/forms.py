"""Turning posted form fields into the service's inputs, with Chinese messages naming the field.

Browsers post strings; an empty select is "", a date is "2026-12-10". Parsing here keeps the
typed values (``values``) apart from the checked input, so a failed form shows what was typed.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from workflow.deadlines.policies import DeadlinePolicy
from workflow.errors import InvalidInput
from workflow.tickets.evidence import MAX_FILE_BYTES, Upload
from workflow.tickets.filing_keys import checked_key
from workflow.tickets.filing_once import FilingRequest, OnTheSpot
from workflow.tickets.schemas import TicketCreate

MILESTONE_ROWS = 5
DEADLINE_FIELDS = ("deadline_kind", "deadline_days", *(f"ms_{part}_{i}" for i in range(1, MILESTONE_ROWS + 1)
                                                      for part in ("title", "due")))
TICKET_FIELDS = ("title", "campaign_id", "checklist_item_id", "item_q", "place_id", "lead_unit_id", "source",
                 "severity", "due_on", "description", *DEADLINE_FIELDS)
FIELD_LABELS = {"title": "问题标题", "campaign_id": "督查活动", "checklist_item_id": "督导细则条目",
                "place_id": "问题所在地", "lead_unit_id": "牵头责任单位", "source": "问题来源", "severity": "严重程度",
                "due_on": "整改期限", "description": "问题描述", "deadline": "整改时限", "reason": "延期理由",
                "progress": "目前进展", "comment": "意见", "deadline_days": "天数"}


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
            **deadline_fields(form),
        )
    except ValidationError as exc:
        raise invalid(exc) from exc


def filing_request(form: FormData, *, with_photos: bool = True) -> FilingRequest:
    """The 登记问题 form: the ticket, its one-time token, 「登记并交办」 (``then=assign``), the duplicate
    confirmation and the photos (left out when the page only asks whether the form would be accepted)."""
    spot = None
    if form.get("on_the_spot") and with_photos:  # 立行立改: the after photos and what was done on the spot
        spot = OnTheSpot(after=uploads(form, "after_photos"), comment=str(form.get("spot_comment") or ""))
    return FilingRequest(data=ticket_create(form), key=checked_key(str(form.get("filing_key") or ""), required=True),
                         assign=form.get("then") == "assign", confirm_duplicate=bool(form.get("confirm_duplicate")),
                         photos=uploads(form, "photos") if with_photos else (), on_the_spot=spot)


def deadline_fields(form: FormData) -> dict:
    """The policy picker: no limit, 立行立改, N calendar or working days, a fixed date, or a timetable.

    A fixed date travels as ``due_on`` (TicketCreate's shorthand); the others as ``deadline``.
    """
    kind = str(form.get("deadline_kind") or "fixed_date")
    if kind == "fixed_date":
        return {"due_on": optional_date(form, "due_on")}
    if kind == "none":
        return {}
    if kind not in ("immediate", "calendar_days", "working_days", "timetable"):
        raise InvalidInput("请选择整改时限", detail={"field": "deadline_kind"})
    policy: dict = {"kind": kind}
    if kind in ("calendar_days", "working_days"):
        policy["days"] = optional_int(form, "deadline_days")
    if kind == "timetable":
        policy["milestones"] = [{"title": str(form.get(f"ms_title_{i}") or "").strip(),
                                 "due_on": optional_date(form, f"ms_due_{i}")}
                                for i in range(1, MILESTONE_ROWS + 1)
                                if str(form.get(f"ms_title_{i}") or "").strip() or form.get(f"ms_due_{i}")]
        for i, m in enumerate(policy["milestones"], start=1):
            if not m["title"] or m["due_on"] is None:
                raise InvalidInput(f"整改时间表第 {i} 个节点须同时填写内容和日期", detail={"field": "deadline"})
    return {"deadline": policy}


def reopen_fields(form: FormData) -> dict:
    """重新整改's form: the look-back campaign and the new deadline ("default" leaves the choice to the service)."""
    fields: dict = {"campaign_id": optional_int(form, "campaign_id")}
    if str(form.get("deadline_kind") or "default") == "default":
        return fields
    if str(form.get("deadline_kind")) not in ("fixed_date", "calendar_days", "working_days"):
        raise InvalidInput("请选择新的整改期限", detail={"field": "deadline_kind"})
    chosen = deadline_fields(form)
    try:
        if "due_on" in chosen:
            if chosen["due_on"] is None:
                raise InvalidInput("请填写新的整改期限", detail={"field": "due_on"})
            return fields | {"deadline": DeadlinePolicy(kind="fixed_date", due_on=chosen["due_on"])}
        return fields | {"deadline": DeadlinePolicy(**chosen["deadline"])}
    except ValidationError as exc:
        raise invalid(exc) from exc


def invalid(exc: ValidationError) -> InvalidInput:
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


def import_refusal(session, exc: InvalidInput) -> dict:
    """A spreadsheet refused whole: undo what the importer began and give the page the row/column report
    that imports/_errors.html shows (the same for problem lists, org units and people)."""
    session.rollback()
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    return {"error": exc.message, "errors": detail.get("errors", []), "total": detail.get("total", 0)}

