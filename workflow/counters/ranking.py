"""The ranking with weighted criteria: on-time rates and consequence counters of the year (``weights.py``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.counters.queries import accountable_counters
from workflow.counters.weights import RankingWeights
from workflow.deadlines.local_time import local_date
from workflow.ledger.ranking import Ranking, RedBlackThresholds, rank_units
from workflow.ledger.stats import UnitProgress
from workflow.orgs.models import OrgUnit
from workflow.scoring.scores import town_scores


def weights_for(session: Session, *, requested: RankingWeights | None, campaign_id: int | None) -> RankingWeights:
    """The request's weights, else the campaign's, else the default (on-time rate alone)."""
    if requested is not None:
        return requested
    campaign = session.get(Campaign, campaign_id) if campaign_id else None
    if campaign is not None and campaign.ranking_weights:
        return RankingWeights(dict(campaign.ranking_weights))
    return RankingWeights()


def weighted_ranking(session: Session, actor: Actor, progress: list[UnitProgress], *, now: datetime,
                     thresholds: RedBlackThresholds | None, weights: RankingWeights,
                     year: int | None = None, campaign_id: int | None = None) -> Ranking:
    """Counters are those of ``year`` (default: this year), read only when a counter has a weight; the
    campaign's per-town values (``checklist_score``) only when one has a weight and a campaign is chosen."""
    counters = accountable_counters(session, actor, year or local_date(now).year) if weights.uses_counters else {}
    extras = campaign_extras(session, actor, campaign_id, weights.uses_extras)
    progress = progress + _unlisted(session, progress, extras)
    return rank_units(progress, thresholds, score=lambda p: weights.score(
        p, counters.get(p.unit_id), {name: values.get(p.unit_id) for name, values in extras.items()}))


def campaign_extras(session: Session, actor: Actor, campaign_id: int | None,
                    names: set[str]) -> dict[str, dict[int, float]]:
    """criterion → town id → value, for the towns the actor may see; without a campaign, no values (unrated)."""
    extras: dict[str, dict[int, float]] = {name: {} for name in names}
    if campaign_id and "checklist_score" in names:
        extras["checklist_score"] = town_scores(session, actor, campaign_id)
    return extras


def _unlisted(session: Session, progress: list[UnitProgress], extras: dict[str, dict[int, float]]) -> list:
    """Towns with a campaign value but no ticket in it (a clean 大比拼 town) still take part in the ranking."""
    listed = {p.unit_id for p in progress}
    missing = sorted({uid for values in extras.values() for uid in values} - listed)
    if not missing:
        return []
    names = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(missing))).all())
    return [UnitProgress(unit_id=uid, name=names[uid], found=0, assigned=0, rectifying=0, verified=0, closed=0,
                         overdue=0, on_time=0, finished=0) for uid in missing]


__all__ = ["weighted_ranking", "weights_for"]
