"""Unit and town scores of a campaign (rules 17, 20): points − capped deductions + approved bonus.

A unit is every place walked in the campaign (one inspection per place). Its score is the checklist's
total points (004: 1000) minus what each area deducts (held at the area's points, so a subtotal is never
below 0) plus its approved bonus points. Items not yet marked deduct nothing; ``marked``/``items`` tell
how complete a walk is.

A town's score is the mean of the scores of its villages walked in the campaign — of its *sampled* villages
walked, once the campaign has a sample — plus the town's own approved bonus; a town with no such village is
unrated (its walked villages are still listed among the units). Ranks are 1, 2, 2, 4 over every unit of the
campaign; each reader then sees only the rows of the units they may see (a town: its own), with their
true rank.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.campaigns.service import get_campaign
from workflow.errors import NotFound
from workflow.inspections.models import Inspection, InspectionMark
from workflow.inspections.queries import walk_items
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.sampling.queries import latest_sample_unit_ids
from workflow.scoring.caps import ScoreTree, tree_of
from workflow.scoring.models import BonusEntry


@dataclass(frozen=True)
class AreaScore:
    code: str
    name: str
    points: float
    deducted: float

    @property
    def subtotal(self) -> float:
        return round(self.points - self.deducted, 2)


@dataclass
class UnitScore:
    unit_id: int
    name: str
    kind: str
    town_id: int | None
    town_name: str
    inspection_id: int
    areas: list[AreaScore]
    total_points: float
    bonus: float
    marked: int
    items: int
    sampled: bool
    rank: int | None = None

    @property
    def deducted(self) -> float:
        return round(sum(a.deducted for a in self.areas), 2)

    @property
    def score(self) -> float:
        return round(self.total_points - self.deducted + self.bonus, 2)


@dataclass
class TownScore:
    unit_id: int
    name: str
    villages: int
    village_mean: float | None
    bonus: float
    rank: int | None = None

    @property
    def score(self) -> float | None:
        return None if self.village_mean is None else round(self.village_mean + self.bonus, 2)


@dataclass
class CampaignScores:
    campaign: Campaign
    total_points: float
    areas: list[tuple[str, str, float]]  # code, name, points
    units: list[UnitScore] = field(default_factory=list)
    towns: list[TownScore] = field(default_factory=list)


def area_name(item) -> str:
    return item.area or item.topic or item.code


def deductions_by_inspection(session: Session, inspection_ids: list[int]) -> dict[int, dict[int, float]]:
    found: dict[int, dict[int, float]] = defaultdict(dict)
    if inspection_ids:
        for iid, item_id, value in session.execute(
                select(InspectionMark.inspection_id, InspectionMark.checklist_item_id, InspectionMark.deduction)
                .where(InspectionMark.inspection_id.in_(inspection_ids), InspectionMark.deduction.is_not(None))):
            found[iid][item_id] = value
    return found


def area_scores(tree: ScoreTree, deductions: dict[int, float]) -> list[AreaScore]:
    return [AreaScore(a.code, area_name(a), a.points, round(tree.capped(a.id, deductions), 2)) for a in tree.areas]


def approved_bonus(session: Session, campaign_id: int) -> dict[int, float]:
    rows = session.execute(select(BonusEntry.unit_id, func.sum(BonusEntry.points))
                           .where(BonusEntry.campaign_id == campaign_id, BonusEntry.status == "approved")
                           .group_by(BonusEntry.unit_id))
    return {uid: round(total or 0.0, 2) for uid, total in rows}


def inspection_score(session: Session, inspection: Inspection) -> float | None:
    """The walked place's score right now (the walk page shows it as deductions are typed)."""
    campaign = session.get(Campaign, inspection.campaign_id)
    if not campaign.checklist_id:
        return None
    tree = tree_of(session, campaign.checklist_id)
    deductions = deductions_by_inspection(session, [inspection.id]).get(inspection.id, {})
    bonus = approved_bonus(session, campaign.id).get(inspection.place_id, 0.0)
    return round(tree.total_points - sum(a.deducted for a in area_scores(tree, deductions)) + bonus, 2)


def all_scores(session: Session, campaign: Campaign) -> CampaignScores:
    """Every unit's and town's score, ranked, unfiltered: callers filter by the reader (``campaign_scores``)."""
    if not campaign.checklist_id:
        return CampaignScores(campaign, 0.0, [])
    tree = tree_of(session, campaign.checklist_id)
    leaf_count = len(walk_items(session, campaign.checklist_id))
    result = CampaignScores(campaign, tree.total_points, [(a.code, area_name(a), a.points) for a in tree.areas])
    walks = session.execute(select(Inspection, OrgUnit).join(OrgUnit, OrgUnit.id == Inspection.place_id)
                            .where(Inspection.campaign_id == campaign.id).order_by(Inspection.id)).all()
    deductions = deductions_by_inspection(session, [i.id for i, _ in walks])
    marked = dict(session.execute(select(InspectionMark.inspection_id, func.count())
                                  .where(InspectionMark.inspection_id.in_([i.id for i, _ in walks]))
                                  .group_by(InspectionMark.inspection_id)).all()) if walks else {}
    bonus = approved_bonus(session, campaign.id)
    sampled = latest_sample_unit_ids(session, campaign.id)
    towns = {u.id: u for u in session.scalars(select(OrgUnit).where(
        OrgUnit.id.in_({u.parent_id for _, u in walks if u.kind == "village" and u.parent_id})))}
    for inspection, unit in walks:
        town = unit if unit.kind == "town" else towns.get(unit.parent_id)
        result.units.append(UnitScore(
            unit.id, unit.name, unit.kind, town.id if town else None, town.name if town else "", inspection.id,
            area_scores(tree, deductions.get(inspection.id, {})), tree.total_points, bonus.get(unit.id, 0.0),
            marked.get(inspection.id, 0), leaf_count, unit.id in sampled))
    by_town: dict[int, list[UnitScore]] = defaultdict(list)
    for u in result.units:  # with a sample drawn, only its villages stand for their town
        if u.kind == "village" and u.town_id and (u.sampled or not sampled):
            by_town[u.town_id].append(u)
    for town_id, villages in by_town.items():
        mean = round(sum(v.score for v in villages) / len(villages), 2)
        result.towns.append(TownScore(town_id, towns[town_id].name, len(villages), mean, bonus.get(town_id, 0.0)))
    _rank(result.units, lambda u: u.score)
    _rank(result.towns, lambda t: t.score)
    return result


def _rank(rows: list, score) -> None:
    rows.sort(key=lambda r: (score(r) is None, -(score(r) or 0), r.name))
    previous = None
    for index, row in enumerate(rows, start=1):
        value = score(row)
        if value is None:
            row.rank = None
            continue
        row.rank = previous.rank if previous is not None and score(previous) == value else index
        previous = row


def campaign_scores(session: Session, actor: Actor, campaign_id: int) -> CampaignScores:
    """What ``actor`` may read: the campaign must be visible (404), and only the visible units' rows are kept."""
    campaign = get_campaign(session, actor, campaign_id)
    scores = all_scores(session, campaign)
    mine = set(session.scalars(visible_unit_ids(actor)))
    scores.units = [u for u in scores.units if u.unit_id in mine]
    scores.towns = [t for t in scores.towns if t.unit_id in mine]
    return scores


def town_scores(session: Session, actor: Actor, campaign_id: int) -> dict[int, float]:
    """Town → score of the towns the actor may see, for the weighted ranking's ``checklist_score`` criterion;
    a campaign the actor cannot see gives none (the ranking then has every town unrated)."""
    try:
        scores = campaign_scores(session, actor, campaign_id)
    except NotFound:
        return {}
    return {t.unit_id: t.score for t in scores.towns if t.score is not None}
