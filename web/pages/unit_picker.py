"""The unit pickers' order: each town followed by its villages, the district first, departments apart.

The units come from ``list_visible_units`` (the actor's scope), ordered by their tree path, so a town's
villages already follow it; this only cuts the list into the ``<optgroup>``s the form shows and app.js
filters as the user types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflow.orgs.models import OrgUnit

OTHERS = "部门及其他单位"


@dataclass
class UnitGroup:
    label: str
    units: list[OrgUnit] = field(default_factory=list)


def grouped(units: list[OrgUnit]) -> list[UnitGroup]:
    """District-level units, then one group per town (the town, then what lies under it), then the rest."""
    ordered = sorted(units, key=lambda u: u.path)
    towns = {u.path: UnitGroup(u.name) for u in ordered if u.kind == "town"}
    top, others = UnitGroup("区/市本级"), UnitGroup(OTHERS)
    for unit in ordered:
        town = next((g for path, g in towns.items() if unit.path.startswith(path)), None)
        if unit.kind == "district":
            top.units.append(unit)
        elif town is not None and unit.kind in ("town", "village", "work_team"):
            town.units.append(unit)
        else:
            others.units.append(unit)
    return [g for g in (top, *towns.values(), others) if g.units]
