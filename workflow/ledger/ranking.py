"""The ranking by on-time rectification rate and the red/black list (红黑榜) built from it.

Practice 6: rankings are built from counts. The rate is ``UnitProgress.on_time_rate`` (see
``stats.py``): on time against the deadline in force, over every ticket finished or already
overdue. A unit with nothing judged yet has no rate and is ranked on neither list.
Thresholds are configuration (practice 5); 90% / 85% are the usual published ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from workflow.errors import InvalidInput

RED_AT = 0.9
BLACK_BELOW = 0.85


class HasRate(Protocol):
    name: str

    @property
    def on_time_rate(self) -> float | None: ...


@dataclass
class Ranked:
    rank: int | None
    row: HasRate
    rate: float | None
    board: str | None  # "red", "black" or None


@dataclass
class RedBlackList:
    ranking: list[Ranked] = field(default_factory=list)
    red_at: float = RED_AT
    black_below: float = BLACK_BELOW

    @property
    def red(self) -> list[Ranked]:
        return [r for r in self.ranking if r.board == "red"]

    @property
    def black(self) -> list[Ranked]:
        return [r for r in self.ranking if r.board == "black"]


def red_black_list(progress_rows: Iterable[HasRate], red_at: float = RED_AT,
                   black_below: float = BLACK_BELOW) -> RedBlackList:
    """Rank by rate (best first, ties share a rank); ≥ ``red_at`` is red, < ``black_below`` is black."""
    if not (0 <= black_below <= red_at <= 1):
        raise InvalidInput("红榜门槛须不低于黑榜门槛，且都在 0%–100% 之间",
                           detail={"red_at": red_at, "black_below": black_below})
    rows = list(progress_rows)
    rated = sorted((r for r in rows if r.on_time_rate is not None), key=lambda r: (-r.on_time_rate, r.name))
    ranking: list[Ranked] = []
    for index, row in enumerate(rated):
        rate = row.on_time_rate
        rank = ranking[-1].rank if ranking and ranking[-1].rate == rate else index + 1
        board = "red" if rate >= red_at else "black" if rate < black_below else None
        ranking.append(Ranked(rank=rank, row=row, rate=rate, board=board))
    ranking += [Ranked(rank=None, row=r, rate=None, board=None) for r in rows if r.on_time_rate is None]
    return RedBlackList(ranking=ranking, red_at=red_at, black_below=black_below)
