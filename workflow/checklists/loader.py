"""Load the seeds' checklists (``../shared/domain/checklists/*.json``) into the database.

Loading is idempotent: a checklist already present by id is left as it is.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from workflow.checklists.models import Checklist, ChecklistItem


def load_checklist_file(session: Session, path: Path) -> Checklist:
    data = json.loads(path.read_text(encoding="utf-8"))
    existing = session.get(Checklist, data["id"])
    if existing is not None:
        return existing
    checklist = Checklist(
        id=data["id"],
        title=data["title"],
        issuer=data.get("issuer"),
        issued_on=date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
        source_file=data.get("source_file"),
        scope=data.get("scope"),
    )
    session.add(checklist)
    session.flush()
    position = 0
    for item in data.get("items", []):
        position = _add_item(session, checklist.id, item, None, position)
    return checklist


def _add_item(session: Session, checklist_id: str, item: dict, parent_id: int | None, position: int) -> int:
    row = ChecklistItem(
        checklist_id=checklist_id,
        parent_id=parent_id,
        code=str(item.get("code") or ""),
        area=item.get("area"),
        topic=item.get("topic"),
        requirement=item.get("requirement"),
        points=item.get("points"),
        responsible_units=item.get("responsible_units") or [],
        cadence=item.get("cadence"),
        position=position,
    )
    session.add(row)
    session.flush()
    position += 1
    for child in item.get("children") or []:
        position = _add_item(session, checklist_id, child, row.id, position)
    return position


def load_checklist_dir(session: Session, directory: Path) -> list[Checklist]:
    return [load_checklist_file(session, p) for p in sorted(directory.glob("*.json"))]
