"""The campaign criteria of the weighted ranking, per town: 群众满意度, 指标达标率 and 督导细则得分 (issue 17, 大比拼).

Read only for the criteria that have a weight. A town without survey answers (or without an actual
for any indicator) has no value, so with that criterion weighted it is unrated, as a town with nothing
judged is for the on-time rate.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.errors import NotFound
from workflow.indicators.results import met_shares
from workflow.scoring.scores import town_scores
from workflow.surveys.results import town_rates

READERS = {"satisfaction_rate": town_rates, "indicators_met": met_shares, "checklist_score": town_scores}


def campaign_rates(session: Session, actor: Actor, campaign_id: int, names: list[str]) -> dict[int, dict]:
    """``{town_id: {"satisfaction_rate": 0.93, "indicators_met": 0.75}}`` for the named criteria."""
    found: dict[int, dict] = {}
    try:
        for name in names:
            for unit_id, value in READERS[name](session, actor, campaign_id).items():
                found.setdefault(unit_id, {})[name] = value
    except NotFound:  # a campaign the reader cannot see ranks no one on its criteria
        return {}
    return found


__all__ = ["READERS", "campaign_rates"]
