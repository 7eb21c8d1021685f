"""Ranking criteria with weights: the on-time rates and the consequence counters (practice 6, 红黑榜).

A unit's score is Σ weight × rate × 100 over the rate criteria minus Σ weight × count over the counters,
so a unit urged, returned or interviewed more ranks lower. The default, ``on_time_rate:1``, is the
ranking as it was (the on-time rate alone). Weights come from the request (``weights=on_time_rate:1,urges:2``),
else from the campaign (``campaign.ranking_weights``), else the default. A unit is unrated when a rate
criterion with a weight has no rate yet (nothing judged), as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workflow.counters.queries import COUNTER_LABELS, Counters
from workflow.errors import InvalidInput

RATE_CRITERIA = {"on_time_rate": "按期整改率（延期后期限）", "on_time_rate_original": "按期整改率（原定期限）"}
# Rates of one campaign per town (issue 17): 满意度 (workflow/surveys), 指标达标率 (workflow/indicators).
CAMPAIGN_CRITERIA = {"satisfaction_rate": "群众满意度", "indicators_met": "指标达标率",
                     "checklist_score": "督导细则得分"}
# Campaign criteria that are points, not rates: weight × value (checklist_score: the town's 督导细则 score,
# e.g. out of 1000 for 004, workflow/scoring/scores.py); the rates count weight × rate × 100.
POINT_CRITERIA = {"checklist_score"}
CRITERIA = {**RATE_CRITERIA, **COUNTER_LABELS, **CAMPAIGN_CRITERIA}
DEFAULT_WEIGHTS = {"on_time_rate": 1.0}


@dataclass(frozen=True)
class RankingWeights:
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self):
        unknown = sorted(set(self.weights) - set(CRITERIA))
        if unknown:
            raise InvalidInput(f"未知的排名指标：{'、'.join(unknown)}（可选：{'、'.join(CRITERIA)}）",
                               detail={"field": "weights"})
        if any(w < 0 or w > 1000 for w in self.weights.values()):
            raise InvalidInput("排名权重须在 0 到 1000 之间", detail={"field": "weights"})
        if not any(self.weights.values()):
            raise InvalidInput("至少一个排名指标的权重须大于 0", detail={"field": "weights"})

    @classmethod
    def parse(cls, text: str | None) -> RankingWeights | None:
        """``on_time_rate:1,urges:2`` → weights; empty → None (use the campaign's or the default)."""
        if not text or not text.strip():
            return None
        weights: dict[str, float] = {}
        for part in text.split(","):
            name, _, raw = part.strip().partition(":")
            try:
                weights[name.strip()] = float(raw) if raw.strip() else 1.0
            except ValueError as exc:
                raise InvalidInput(f"排名权重写法有误：“{part.strip()}”（应为 指标:权重，如 urges:2）",
                                   detail={"field": "weights"}) from exc
        return cls(weights)

    @property
    def uses_counters(self) -> bool:
        return any(w and name in COUNTER_LABELS for name, w in self.weights.items())

    @property
    def campaign_criteria(self) -> list[str]:
        return [name for name, w in self.weights.items() if w and name in CAMPAIGN_CRITERIA]

    @property
    def text(self) -> str:
        return ",".join(f"{name}:{w:g}" for name, w in self.weights.items())

    @property
    def labels(self) -> str:
        return "、".join(f"{CRITERIA[name]}×{w:g}" for name, w in self.weights.items() if w)

    def score(self, progress, counters: Counters | None, campaign_rates: dict | None = None) -> float | None:
        """``campaign_rates``: this unit's campaign criteria (``{"satisfaction_rate": 0.93, …}``)."""
        total = 0.0
        for name, weight in self.weights.items():
            if not weight:
                continue
            if name in RATE_CRITERIA or name in CAMPAIGN_CRITERIA:
                rate = getattr(progress, name) if name in RATE_CRITERIA else (campaign_rates or {}).get(name)
                if rate is None:
                    return None
                total += weight * rate * (1 if name in POINT_CRITERIA else 100)
            else:
                total -= weight * getattr(counters or Counters(), name)
        return round(total, 6)


__all__ = ["CAMPAIGN_CRITERIA", "CRITERIA", "DEFAULT_WEIGHTS", "POINT_CRITERIA", "RankingWeights"]
