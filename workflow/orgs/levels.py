"""What the top of the tree is called: a 县级市 such as 琼海市 has 市级 leaders, not 区级 ones.

The org tree stores the top unit with kind ``district`` whatever it is called (区、县、县级市、旗); the
level is read from the end of its name, as Chinese administrative names are built.
"""

from __future__ import annotations

from workflow.orgs.models import OrgUnit

#  the name ends in   the level's prefix
LEVEL_BY_SUFFIX = [("市", "市级"), ("县", "县级"), ("旗", "旗级"), ("区", "区级")]
DEFAULT_LEVEL = "区级"


def district_level(unit: OrgUnit | None) -> str:
    """「市级」 for 琼海市, 「县级」 for 某某县, 「区级」 for a 区 (and when the name says nothing)."""
    name = (unit.name if unit is not None else "").strip()
    return next((level for suffix, level in LEVEL_BY_SUFFIX if name.endswith(suffix)), DEFAULT_LEVEL)


def leveled_title(title: str, unit: OrgUnit | None) -> str:
    """A post's title with the district's level in place of the generic 区级 (区级分管领导 → 市级分管领导)."""
    if not title.startswith(DEFAULT_LEVEL) or unit is None or unit.kind != "district":
        return title
    return district_level(unit) + title.removeprefix(DEFAULT_LEVEL)
