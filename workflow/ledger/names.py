"""Names for the ledger's printed documents: units, towns, people and campaigns, loaded once.

A ticket the actor may see can name units they may not (a village ticket led by a county
department); the ledger prints those names, as the ticket page does. Which *tickets* appear is
decided by ``workflow.tickets.queries.filtered`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.ticket import STATE_LABELS
from workflow.accounts.models import Person
from workflow.campaigns.models import Campaign
from workflow.clock import to_local
from workflow.orgs.models import OrgUnit


@dataclass(frozen=True)
class UnitName:
    name: str
    kind: str
    path: str


class Names:
    def __init__(self, session: Session):
        rows = session.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.path))
        self.units = {r.id: UnitName(r.name, r.kind, r.path) for r in rows}
        self.people = dict(session.execute(select(Person.id, Person.name)).tuples().all())
        self.campaigns = dict(session.execute(select(Campaign.id, Campaign.name)).tuples().all())

    def unit(self, unit_id: int | None) -> str:
        unit = self.units.get(unit_id) if unit_id else None
        return unit.name if unit else ""

    def person(self, person_id: int | None) -> str:
        return self.people.get(person_id, "") if person_id else ""

    def campaign(self, campaign_id: int | None) -> str:
        return self.campaigns.get(campaign_id, "") if campaign_id else ""

    def town_and_village(self, place_id: int) -> tuple[str, str]:
        """(乡镇, 村) of a place: a village gives both, a town only the first, anything else neither."""
        place = self.units.get(place_id)
        if place is None:
            return "", ""
        town = ""
        for unit_id in (int(x) for x in place.path.strip("/").split("/") if x):
            unit = self.units.get(unit_id)
            if unit is not None and unit.kind == "town":
                town = unit.name
        return town, place.name if place.kind == "village" else ""


def local_day(value: datetime | None) -> date | None:
    return to_local(value).date() if value else None


OUTCOME_LABELS = {"ongoing": "持续整改（挂账）", "void": "已作废"}


def state_label(state: str, awaiting_verification: bool = False, resolution: str | None = None) -> str:
    """A closed ticket reads as its outcome: 已销号, 持续整改（挂账） or 已作废 (workflow/outcomes)."""
    if state == "closed" and resolution in OUTCOME_LABELS:
        return OUTCOME_LABELS[resolution]
    label = STATE_LABELS.get(state, state)
    return f"{label}（待验收）" if awaiting_verification and state == "rectifying" else label


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"
