"""Satisfaction rate = satisfied answers / answers to the rated questions, per village and per town.

Counted in SQL (GROUP BY village) over the villages the reader may see, so a town sees its own
villages and its own total only. A rate under the campaign's target (seed 004: 90%) is ``below_target``
and shown red. No answers yet: no rate, neither red nor green.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.campaigns.service import get_campaign
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.surveys.models import SurveyAnswer, SurveyResponse
from workflow.surveys.questionnaire import target_of


@dataclass
class Rate:
    unit_id: int
    name: str
    town: str | None = None
    answered: int = 0
    satisfied: int = 0
    target: float = 0.9

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None

    @property
    def below_target(self) -> bool:
        return self.rate is not None and self.rate < self.target - 1e-9

    def as_dict(self) -> dict:
        return {"unit_id": self.unit_id, "name": self.name, "town": self.town, "answered": self.answered,
                "satisfied": self.satisfied, "rate": self.rate, "below_target": self.below_target}


@dataclass
class SurveyResults:
    campaign_id: int
    target: float
    total: Rate
    towns: list[Rate]
    villages: list[Rate]

    def as_dict(self) -> dict:
        return {"campaign_id": self.campaign_id, "target": self.target, "total": self.total.as_dict(),
                "towns": [t.as_dict() for t in self.towns], "villages": [v.as_dict() for v in self.villages]}


def survey_results(session: Session, actor: Actor, campaign_id: int) -> SurveyResults:
    campaign = get_campaign(session, actor, campaign_id)
    target = target_of(session, campaign.id)
    satisfied = func.sum(case((SurveyAnswer.satisfied.is_(True), 1), else_=0))
    village, town = OrgUnit.__table__.alias("village"), OrgUnit.__table__.alias("town")
    rows = session.execute(
        select(village.c.id, village.c.name, town.c.id, town.c.name, func.count(SurveyAnswer.id), satisfied,
               village.c.path)
        .select_from(SurveyResponse)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .join(village, village.c.id == SurveyResponse.village_id)
        .join(town, town.c.id == village.c.parent_id)
        .where(SurveyResponse.campaign_id == campaign.id, SurveyAnswer.satisfied.is_not(None),
               SurveyResponse.village_id.in_(visible_unit_ids(actor)))
        .group_by(village.c.id, village.c.name, town.c.id, town.c.name, village.c.path)).all()
    rows.sort(key=lambda row: row[-1])  # tree order, the same on both databases (collations differ)
    villages, towns = [], {}
    total = Rate(0, "合计", target=target)
    for vid, vname, tid, tname, answered, yes, _path in rows:
        villages.append(Rate(vid, vname, tname, answered, int(yes or 0), target))
        t = towns.setdefault(tid, Rate(tid, tname, target=target))
        t.answered += answered
        t.satisfied += int(yes or 0)
        total.answered += answered
        total.satisfied += int(yes or 0)
    return SurveyResults(campaign.id, target, total, list(towns.values()), villages)


def town_rates(session: Session, actor: Actor, campaign_id: int) -> dict[int, float | None]:
    """The towns' satisfaction rates, as the ranking criterion ``satisfaction_rate`` reads them."""
    return {t.unit_id: t.rate for t in survey_results(session, actor, campaign_id).towns}


__all__ = ["Rate", "SurveyResults", "survey_results", "town_rates"]
