"""The kill harness in small: real server, dispatcher and sweep processes, SIGKILLed at random points
under a workload; nothing acknowledged is lost, nothing doubled. ``benchmarks/kill_harness.py`` runs the
same harness with 100 kills per database (figures in benchmarks/RESULTS.md)."""

from __future__ import annotations

from tests.faults.harness import run


def test_sigkill_at_random_points_loses_no_acknowledged_write_and_doubles_nothing(db_url, tmp_path):
    report = run(db_url, tmp_path, kills=3, seed=7, gap=(0.3, 1.0))
    assert sum(report.kills.values()) == 3 and report.checks == 3
    assert report.acknowledged > 0, report.refusals
    assert report.failures == [], report.failures[:10]
    assert report.final.lost == [] and report.final.duplicated == [] and report.final.integrity == "ok"
