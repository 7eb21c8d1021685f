"""The ranking with weighted criteria: on-time rates and consequence counters of the year (``weights.py``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.counters.campaign_criteria import campaign_rates
from workflow.counters.queries import ACCOUNTABLE_KINDS, accountable_counters
from workflow.counters.weights import RankingWeights
from workflow.deadlines.local_time import local_date
from workflow.ledger.ranking import Ranking, RedBlackThresholds, rank_units
from workflow.ledger.stats import UnitProgress
from workflow.orgs.models import OrgUnit


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
    campaign criteria (满意度, 指标达标率) are the campaign's, and leave every unit unrated without one."""
    counters = accountable_counters(session, actor, year or local_date(now).year) if weights.uses_counters else {}
    rates = campaign_rates(session, actor, campaign_id, weights.campaign_criteria) if campaign_id else {}
    progress = progress + rated_without_tickets(session, progress, rates)
    return rank_units(progress, thresholds,
                      score=lambda p: weights.score(p, counters.get(p.unit_id), rates.get(p.unit_id)))


def rated_without_tickets(session: Session, progress: list[UnitProgress], rates: dict[int, dict]) -> list[UnitProgress]:
    """Towns a campaign criterion rates (a survey, an indicator) that lead no ticket yet still rank."""
    missing = set(rates) - {p.unit_id for p in progress}
    if not missing:
        return []
    units = session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(missing),
                                                                   OrgUnit.kind.in_(ACCOUNTABLE_KINDS)))
    return [UnitProgress(unit_id, name, 0, 0, 0, 0, 0, 0, 0, 0) for unit_id, name in units]


__all__ = ["weighted_ranking", "weights_for"]
