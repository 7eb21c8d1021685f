"""``zhenggai campaign plan`` from the shell: the next periods' campaigns, once; refusals in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from workflow.cadence.models import CampaignMilestone


@pytest.fixture
def shell(db_url, tmp_path):
    env = os.environ | {"ZHENGGAI_DATABASE_URL": db_url, "ZHENGGAI_DATA_DIR": str(tmp_path / "data"),
                        "ZHENGGAI_SECRET_KEY": "cli-test"}

    def shell(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True,
                              timeout=120)

    return shell


def test_the_office_plans_the_next_quarters_from_the_shell_once(shell, world, sessions):
    first = shell("campaign", "plan", "quarterly_covert", "--count", "2", "--as", "office", "--now", "2026-11-24T09:00")
    assert first.returncode == 0, first.stderr
    lines = [line.split("\t")[1:] for line in first.stdout.splitlines()]
    assert lines == [["2027年第1季度市级暗访督导（每季度一次）", "新建"],
                     ["2027年第2季度市级暗访督导（每季度一次）", "新建"]]
    again = shell("campaign", "plan", "quarterly_covert", "--as", "office", "--now", "2026-11-24T09:00")
    assert again.stdout.split("\t")[2].strip() == "此前已安排"
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(CampaignMilestone)) == 8
    refused = shell("campaign", "plan", "quarterly_covert", "--as", "town")
    assert refused.returncode == 2 and "只有领导小组办公室可以创建或修改督查活动" in refused.stderr
    assert "每月一主题" in shell("campaign", "templates").stdout
