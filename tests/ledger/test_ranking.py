"""红黑榜: ranking by on-time rate with configurable thresholds (practice 6)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from workflow.errors import InvalidInput
from workflow.ledger.ranking import red_black_list


@dataclass
class Row:
    name: str
    on_time_rate: float | None


ROWS = [Row("甲镇", 0.85), Row("乙镇", 0.95), Row("丙镇", None), Row("丁镇", 0.9), Row("戊镇", 0.84),
        Row("己镇", 0.9)]


def test_best_rate_first_and_equal_rates_share_a_rank():
    ranking = red_black_list(ROWS).ranking
    assert [(r.rank, r.row.name) for r in ranking] == [
        (1, "乙镇"), (2, "丁镇"), (2, "己镇"), (4, "甲镇"), (5, "戊镇"), (None, "丙镇")]


def test_red_from_ninety_percent_inclusive_black_below_eighty_five():
    board = red_black_list(ROWS)
    assert [r.row.name for r in board.red] == ["乙镇", "丁镇", "己镇"]
    assert [r.row.name for r in board.black] == ["戊镇"]  # 85% itself is on neither list


def test_a_town_with_nothing_judged_yet_is_on_neither_list():
    board = red_black_list([Row("丙镇", None)], red_at=0, black_below=0)
    assert board.red == [] and board.black == [] and board.ranking[0].rank is None


def test_thresholds_are_configurable():
    board = red_black_list(ROWS, red_at=0.95, black_below=0.9)
    assert [r.row.name for r in board.red] == ["乙镇"]
    assert [r.row.name for r in board.black] == ["甲镇", "戊镇"]


@pytest.mark.parametrize(("red_at", "black_below"), [(0.8, 0.9), (1.2, 0.5), (0.9, -0.1)])
def test_nonsense_thresholds_are_refused_in_chinese(red_at, black_below):
    with pytest.raises(InvalidInput, match="红榜门槛须不低于黑榜门槛"):
        red_black_list(ROWS, red_at=red_at, black_below=black_below)
