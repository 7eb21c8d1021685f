"""A campaign's survey results, indicators and weighted town ranking, as the bulletin reports them.

Gathered only for a campaign bulletin that has something to say: answers, indicators, or ranking
weights of its own (a 大比拼). The ranking is the campaign's weighted one (``counters/ranking.py``)
over the same per-town progress as the bulletin's own tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.models import Campaign
from workflow.counters.ranking import weighted_ranking
from workflow.counters.weights import RankingWeights
from workflow.indicators.results import IndicatorBoard, indicator_board
from workflow.ledger.ranking import Ranking
from workflow.ledger.stats import UnitProgress
from workflow.surveys.results import SurveyResults, survey_results


@dataclass
class CampaignResults:
    survey: SurveyResults
    indicators: IndicatorBoard
    ranking: Ranking | None
    weights_label: str = ""


def campaign_results(session: Session, actor: Actor, campaign: Campaign, progress: list[UnitProgress], *,
                     now: datetime) -> CampaignResults | None:
    survey = survey_results(session, actor, campaign.id)
    board = indicator_board(session, actor, campaign.id)
    ranking, label = None, ""
    if campaign.ranking_weights:
        weights = RankingWeights(dict(campaign.ranking_weights))
        ranking = weighted_ranking(session, actor, progress, now=now, thresholds=None, weights=weights,
                                   campaign_id=campaign.id)
        label = weights.labels
    if not survey.total.answered and not board.indicators and ranking is None:
        return None
    return CampaignResults(survey, board, ranking, label)


__all__ = ["CampaignResults", "campaign_results"]
