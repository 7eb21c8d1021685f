"""The template's example row, in the downloader's own names: a village of theirs, its town, its cadre.

A fixed example (龙江东风村) is refused everywhere but on the demo data, so the row a cadre tries first
would fail. Built from the org units the downloader may see, the example imports as it is: the template
downloaded and uploaded unchanged files one ticket, a trial run (a test does exactly that).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.imports.columns import COLUMNS
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_units

EXAMPLE_TITLE_PREFIX = "【示例】"
# Columns whose fixed example names things only the demo data has; left empty unless found in the tree.
TREE_COLUMNS = ("town", "village", "lead_unit", "co_units", "responsible_person", "responsible_leader",
                "checklist_item", "found_on", "due_on")


def example_row(session: Session, actor: Actor) -> dict[str, str] | None:
    """Column key → value for one importable example, or None when the downloader sees no village."""
    village = session.scalar(visible_units(actor).where(OrgUnit.kind == "village", OrgUnit.is_active.is_(True))
                             .order_by(OrgUnit.path).limit(1))
    if village is None:
        return None
    town = session.get(OrgUnit, village.parent_id) if village.parent_id else None
    cadre = session.scalar(select(Person.name).where(Person.org_unit_id == village.id, Person.is_active.is_(True))
                           .order_by(Person.id).limit(1))
    fixed = {c.key: c.example for c in COLUMNS if c.key not in TREE_COLUMNS}
    return fixed | {
        "title": EXAMPLE_TITLE_PREFIX + fixed["title"],
        "town": town.name if town is not None and town.kind == "town" else "",
        "village": village.name, "lead_unit": village.name, "responsible_person": cadre or "",
    }
