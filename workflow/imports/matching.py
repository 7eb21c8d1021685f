"""Names in a spreadsheet → org units, people and checklist items, loaded once per import.

Places (乡镇/村) are matched within the campaign's scope (the subtrees of its scope units, or the
owner's subtree when it has none); responsible units and people within the subtree of the unit that
runs the campaign (so a line department can lead). Both are limited to what the importer may see
(``workflow.orgs.scope``), so a name outside that answers "not found", never someone else's unit.
An ambiguous name is narrowed to the row's own town; if it is still ambiguous the row is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.campaigns.models import Campaign, CampaignScope
from workflow.checklists.models import ChecklistItem
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids

PLACE_KINDS = ("district", "town", "village")


class NoMatch(Exception):
    """The cell names nothing usable; the message says why, in Chinese."""


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    kind: str
    path: str
    parent_id: int | None
    key: str = ""


# NFKC already folds full-width brackets, letters, digits and the ideographic space to their ASCII forms;
# it leaves 〇 (U+3007, the numeral zero in names like 〇村) and ○ (U+25CB, a white circle typed in its
# place) apart, so they are folded by hand. Zero-width characters pasted from web pages are not \s.
_FOLD = str.maketrans({"○": "〇", "◯": "〇", "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def clean_name(value: str) -> str:
    """The one comparison key for names on both sides (spreadsheet cell and database): 嘉积镇（城区） and
    嘉积镇 (城区) and 嘉 积 镇(城区) are one name. Only for comparing: messages show what the user wrote.
    Cached: an import compares the same few hundred names 50,000 times over."""
    folded = unicodedata.normalize("NFKC", value or "").translate(_FOLD)
    return _SPACE.sub("", folded).casefold()


def display_name(value: str) -> str:
    """A name as it is stored when an import creates a unit or a person: as typed, without the spaces a
    spreadsheet lets in, brackets in the full-width form Chinese documents use (朝烈村（社区）)."""
    return _SPACE.sub("", value or "").replace("(", "（").replace(")", "）")


class Directory:
    def __init__(self, session: Session, actor: Actor, campaign: Campaign):
        owner_path = session.scalar(select(OrgUnit.path).where(OrgUnit.id == campaign.owner_unit_id)) or "/"
        scope_paths = list(session.scalars(
            select(OrgUnit.path).join(CampaignScope, CampaignScope.org_unit_id == OrgUnit.id)
            .where(CampaignScope.campaign_id == campaign.id)
        )) or [owner_path]
        rows = session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.path, OrgUnit.parent_id).where(
                OrgUnit.id.in_(visible_unit_ids(actor)), OrgUnit.is_active.is_(True),
                or_(*[OrgUnit.path.startswith(p) for p in {owner_path, *scope_paths}]),
            )
        )
        self.units = {r.id: Unit(r.id, r.name, r.kind, r.path, r.parent_id, clean_name(r.name)) for r in rows}
        self._parent_names = self._load_parent_names(session)
        self._parent_keys = {unit_id: clean_name(name) for unit_id, name in self._parent_names.items()}
        self._places: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            if owner_path and unit.path.startswith(owner_path):
                self._by_name[unit.key].append(unit)
            if unit.kind in PLACE_KINDS and any(unit.path.startswith(p) for p in scope_paths):
                self._places[(unit.kind, unit.key)].append(unit)
        self._people = self._load_people(session)
        self._items = self._load_items(session, campaign.checklist_id)
        self.has_checklist = campaign.checklist_id is not None
        self._districts = self._load_districts(session)

    def place(self, town: str, village: str) -> Unit:
        town, village = town.strip(), village.strip()
        town_key, village_key = clean_name(town), clean_name(village)
        if village_key:
            found = self._places.get(("village", village_key), [])
            if not found:
                raise NoMatch(f"督查范围内没有村（社区）“{village}”")
            if town_key:
                found = [u for u in found if self._parent_keys.get(u.parent_id) == town_key]
                if not found:
                    raise NoMatch(f"乡镇（街道）“{town}”下没有村（社区）“{village}”（或不在督查范围内）")
            if len(found) > 1:
                towns = "、".join(sorted({self._parent_names.get(u.parent_id, "?") for u in found}))
                raise NoMatch(f"督查范围内有 {len(found)} 个同名村（社区）“{village}”（{towns}），请填写乡镇（街道）")
            return found[0]
        if not town_key:
            raise NoMatch("请填写乡镇（街道）或村（社区）")
        found = self._places.get(("town", town_key), []) or self._places.get(("district", town_key), [])
        if not found:
            raise NoMatch(f"督查范围内没有乡镇（街道）“{town}”")
        if len(found) > 1:
            raise NoMatch(f"督查范围内有 {len(found)} 个同名乡镇（街道）“{town}”")
        return found[0]

    def unit(self, name: str, *, near: Unit | None) -> Unit:
        """``near`` (the row's place) narrows a shared name; without a place a shared name stays ambiguous."""
        name = name.strip()
        found = self._by_name.get(clean_name(name), [])
        if not found:
            raise NoMatch(f"找不到单位“{name}”（须为组织督查单位管辖范围内的单位全称）")
        if len(found) > 1 and near is not None:
            found = self._near(found, near)
        if len(found) != 1:
            raise NoMatch(f"有 {len(found)} 个同名单位“{name}”，无法确定是哪一个，请写单位全称")
        return found[0]

    def person(self, name: str, *, near: list[Unit]) -> int:
        name = name.strip()
        found = self._people.get(clean_name(name), [])
        if not found:
            raise NoMatch(f"找不到人员“{name}”（须为组织督查单位管辖范围内的人员）")
        for unit in near:
            if len(found) > 1:
                narrowed = [p for p in found if self.units[p[1]].path.startswith(unit.path)]
                found = narrowed or found
        if len(found) > 1:
            raise NoMatch(f"有 {len(found)} 位同名人员“{name}”，无法确定是哪一位")
        return found[0][0]

    def item(self, code: str) -> int:
        if not self.has_checklist:
            raise NoMatch("本次督查未选用督导细则，不能填写细则编号")
        code = code.strip()
        found = self._items.get(clean_name(code), [])
        if len(found) != 1:
            raise NoMatch(f"督导细则中没有编号为“{code}”的条目" if not found else f"细则编号“{code}”不唯一")
        return found[0]

    def owner_for(self, place: Unit) -> tuple[int, str]:
        """Owning unit and ticket-number prefix: the nearest district above the place, as ``file_ticket``."""
        ids = [int(x) for x in place.path.strip("/").split("/") if x]
        for unit_id in reversed(ids):
            if unit_id in self._districts:
                return unit_id, self._districts[unit_id]
        return place.id, "ZG"

    def town_of(self, place: Unit) -> Unit:
        """The town a place lies in (itself for a town), for narrowing ambiguous names."""
        if place.kind == "village" and place.parent_id in self.units:
            return self.units[place.parent_id]
        return place

    def _near(self, found: list[Unit], near: Unit) -> list[Unit]:
        town = self.town_of(near)
        exact = [u for u in found if u.id == near.id]
        return exact or [u for u in found if u.path.startswith(town.path)] or found

    def _load_parent_names(self, session: Session) -> dict[int, str]:
        names = {u.id: u.name for u in self.units.values()}
        missing = {u.parent_id for u in self.units.values() if u.parent_id and u.parent_id not in names}
        if missing:
            for row in session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(missing))):
                names[row.id] = row.name
        return names

    def _load_people(self, session: Session) -> dict[str, list[tuple[int, int]]]:
        people: dict[str, list[tuple[int, int]]] = defaultdict(list)
        owner_units = {u.id for units in self._by_name.values() for u in units}
        rows = session.execute(select(Person.id, Person.name, Person.org_unit_id).where(Person.is_active))
        for row in rows:
            if row.org_unit_id in owner_units:
                people[clean_name(row.name)].append((row.id, row.org_unit_id))
        return people

    def _load_items(self, session: Session, checklist_id: str | None) -> dict[str, list[int]]:
        items: dict[str, list[int]] = defaultdict(list)
        if checklist_id:
            query = select(ChecklistItem.id, ChecklistItem.code).where(ChecklistItem.checklist_id == checklist_id)
            for row in session.execute(query):
                items[clean_name(row.code)].append(row.id)
        return items

    def _load_districts(self, session: Session) -> dict[int, str]:
        ancestors = {int(x) for u in self.units.values() for x in u.path.strip("/").split("/") if x}
        rows = session.execute(
            select(OrgUnit.id, OrgUnit.code).where(OrgUnit.id.in_(ancestors), OrgUnit.kind == "district")
        )
        return {row.id: row.code or "ZG" for row in rows}
