"""Ranking and the red/black list (红黑榜, practice 6): thresholds are configuration."""

from __future__ import annotations

import pytest

from workflow.ledger.ranking import RedBlackThresholds, rank_units
from workflow.ledger.stats import UnitProgress
from workflow.settings import Settings


def town(name: str, on_time: int, finished: int, overdue: int = 0) -> UnitProgress:
    return UnitProgress(unit_id=hash(name) % 1000, name=name, found=finished + overdue, assigned=0, rectifying=overdue,
                        verified=finished, closed=0, overdue=overdue, on_time=on_time, finished=finished)


def test_towns_rank_by_on_time_rate_with_ties_sharing_a_rank():
    ranking = rank_units([town("甲镇", 9, 10), town("乙镇", 17, 20), town("丙镇", 18, 20), town("丁镇", 1, 1),
                          town("戊镇", 0, 0)])
    assert [(r.rank, r.progress.name, r.listed) for r in ranking.ranked] == [
        (1, "丁镇", "red"), (2, "丙镇", "red"), (2, "甲镇", "red"), (4, "乙镇", None)]
    assert [p.name for p in ranking.unrated] == ["戊镇"]


def test_default_lines_are_90_for_red_and_85_for_black():
    ranking = rank_units([town("甲镇", 90, 100), town("乙镇", 85, 100), town("丙镇", 84, 100)])
    assert [(r.progress.name, r.list_label) for r in ranking.ranked] == [
        ("甲镇", "红榜"), ("乙镇", ""), ("丙镇", "黑榜")]
    assert [r.progress.name for r in ranking.red] == ["甲镇"] and [r.progress.name for r in ranking.black] == ["丙镇"]


def test_thresholds_are_read_from_settings_and_checked():
    settings = Settings(red_list_min_rate=0.95, black_list_below_rate=0.6)
    thresholds = RedBlackThresholds.from_settings(settings)
    assert (thresholds.red_min_rate, thresholds.black_below_rate) == (0.95, 0.6)
    with pytest.raises(ValueError, match="红黑榜阈值"):
        RedBlackThresholds(red_min_rate=0.8, black_below_rate=0.9)
