"""The shell commands: zhenggai import-xlsx, export-ledger, bulletin, town-report, template problem-list."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app
from tests.docx_reading import open_docx, text_of
from tests.ledger_data import build_ledger
from tests.xlsx import make_campaign, problem, workbook_bytes

NOW = "2026-11-24T09:00"


@pytest.fixture
def shell(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DATABASE_URL", db_url)
    monkeypatch.setenv("ZHENGGAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_template_and_import_from_the_shell(shell, sessions, world, tmp_path):
    result = shell("template", "problem-list", tmp_path / "模板.xlsx")
    assert result.exit_code == 0 and load_workbook(tmp_path / "模板.xlsx").sheetnames == ["问题清单", "填写说明"]
    campaign_id = make_campaign(sessions, world)
    good = tmp_path / "清单.xlsx"
    good.write_bytes(workbook_bytes([problem("一"), problem("二")]))
    result = shell("import-xlsx", good, "--campaign-id", campaign_id, "--as", "inspector", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "新建问题 2 个，编号 QH-2026-0001 至 QH-2026-0002" in result.output
    result = shell("import-xlsx", good, "--campaign-id", campaign_id, "--as", "inspector", "--now", NOW)
    assert result.exit_code == 0 and "已导入过" in result.output


def test_a_bad_file_prints_every_error_and_exits_2(shell, sessions, world, tmp_path):
    campaign_id = make_campaign(sessions, world)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_bytes([problem("一"), problem("二", village="幸福村")]))
    result = shell("import-xlsx", bad, "--campaign-id", campaign_id, "--as", "inspector", "--now", NOW)
    assert result.exit_code == 2
    assert "第 3 行  村（社区）：督查范围内没有村（社区）“幸福村”" in result.output
    result = shell("import-xlsx", bad, "--campaign-id", campaign_id, "--as", "town", "--now", NOW)
    assert result.exit_code == 2 and "只有督查员或领导小组办公室可以导入问题清单" in result.output


def test_exports_from_the_shell_follow_the_users_scope(shell, sessions, world, tmp_path):
    ledger = build_ledger(sessions, world)
    result = shell("export-ledger", tmp_path / "all.xlsx", "--as", "office", "--now", NOW)
    assert result.exit_code == 0 and "问题 10 个，乡镇 2 个" in result.output
    result = shell("export-ledger", tmp_path / "boao.xlsx", "--as", "boao", "--overdue", "--now", NOW)
    assert result.exit_code == 0 and "问题 0 个" in result.output
    result = shell("export-ledger", tmp_path / "boao.xlsx", "--as", "boao", "--now", NOW)
    book = load_workbook(tmp_path / "boao.xlsx")
    assert {row[5] for row in book["问题清单"].iter_rows(min_row=2, values_only=True)} == {"博鳌镇"}
    result = shell("bulletin", tmp_path / "通报.docx", "--as", "office", "--campaign-id", ledger.campaign_id,
                   "--now", NOW)
    assert result.exit_code == 0 and "本期无约谈。" in text_of(open_docx((tmp_path / "通报.docx").read_bytes()))
    result = shell("bulletin", tmp_path / "x.docx", "--as", "office", "--half", "2026Q3", "--now", NOW)
    assert result.exit_code == 2 and "2026H1" in result.output
    result = shell("town-report", tmp_path / "报告.docx", "--town-id", world.units["longjiang"], "--as", "boao")
    assert result.exit_code == 2 and "乡镇不存在或无权查看" in result.output
    result = shell("town-report", tmp_path / "报告.docx", "--town-id", world.units["boao"], "--as", "boao",
                   "--now", NOW)
    assert result.exit_code == 0 and "共收到问题4个" in text_of(open_docx((tmp_path / "报告.docx").read_bytes()))
