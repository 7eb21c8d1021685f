"""Ranking towns by on-time rectification rate, and the red/black list (红黑榜, practice 6).

Thresholds are configuration (``Settings.red_list_min_rate`` / ``black_list_below_rate``; by default
≥ 90 % red list, < 85 % black list). A town with nothing yet judged (no ticket verified or overdue)
has no rate: it is listed apart, neither praised nor shamed. Ties rank equal (1, 2, 2, 4), broken
for display by fewer overdue tickets, then by name. Pages, the bulletin and the API share this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workflow.ledger.stats import UnitProgress

RED, BLACK = "red", "black"
LIST_LABELS = {RED: "红榜", BLACK: "黑榜"}


@dataclass(frozen=True)
class RedBlackThresholds:
    red_min_rate: float = 0.90
    black_below_rate: float = 0.85

    def __post_init__(self):
        if not 0 <= self.black_below_rate <= self.red_min_rate <= 1:
            raise ValueError("红黑榜阈值须满足 0 ≤ 黑榜线 ≤ 红榜线 ≤ 1")

    @classmethod
    def from_settings(cls, settings) -> RedBlackThresholds:
        return cls(red_min_rate=settings.red_list_min_rate, black_below_rate=settings.black_list_below_rate)

    def list_for(self, rate: float | None) -> str | None:
        if rate is None:
            return None
        if rate >= self.red_min_rate:
            return RED
        if rate < self.black_below_rate:
            return BLACK
        return None


@dataclass(frozen=True)
class RankedUnit:
    rank: int
    progress: UnitProgress
    listed: str | None
    score: float | None = None

    @property
    def list_label(self) -> str:
        return LIST_LABELS.get(self.listed or "", "")


@dataclass(frozen=True)
class Ranking:
    ranked: list[RankedUnit]
    unrated: list[UnitProgress]
    thresholds: RedBlackThresholds

    @property
    def red(self) -> list[RankedUnit]:
        return [r for r in self.ranked if r.listed == RED]

    @property
    def black(self) -> list[RankedUnit]:
        return [r for r in self.ranked if r.listed == BLACK]


def rank_units(progress: list[UnitProgress], thresholds: RedBlackThresholds | None = None,
               score: Callable[[UnitProgress], float | None] | None = None) -> Ranking:
    """``score`` (higher is better; None = unrated) is the weighted criteria of ``workflow/counters/weights.py``;
    without it the on-time rate alone ranks. The red/black list always follows the on-time rate."""
    thresholds = thresholds or RedBlackThresholds()
    score = score or (lambda p: p.on_time_rate)
    scores = {p.unit_id: score(p) for p in progress}
    rated = sorted((p for p in progress if scores[p.unit_id] is not None),
                   key=lambda p: (-scores[p.unit_id], p.overdue, p.name))
    ranked: list[RankedUnit] = []
    for index, unit in enumerate(rated):
        tied = ranked and ranked[-1].score == scores[unit.unit_id]
        rank = ranked[-1].rank if tied else index + 1
        ranked.append(RankedUnit(rank, unit, thresholds.list_for(unit.on_time_rate), scores[unit.unit_id]))
    unrated = sorted((p for p in progress if scores[p.unit_id] is None), key=lambda p: p.name)
    return Ranking(ranked, unrated, thresholds)


__all__ = ["LIST_LABELS", "RankedUnit", "Ranking", "RedBlackThresholds", "rank_units"]
