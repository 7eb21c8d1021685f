"""The shell for a newcomer: help without a database, one-line refusals, and the whole loop from the CLI
(evidence, 改派, looking units and people up). In-process through typer's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from PIL import Image
from sqlalchemy import select
from typer.testing import CliRunner

from cli.main import app
from workflow.tickets.models import Evidence, Ticket

NOW = "2026-11-24T09:00"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shell(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_DATABASE_URL", db_url)
    monkeypatch.setenv("ZHENGGAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def every_command_path(command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            found += every_command_path(sub, (*path, name))
    return found


def test_every_help_answers_without_a_database_and_creates_none(tmp_path, monkeypatch):
    missing = tmp_path / "none.db"
    monkeypatch.setenv("ZHENGGAI_DATABASE_URL", f"sqlite:///{missing}")
    runner = CliRunner()
    paths = every_command_path(typer.main.get_command(app))
    assert len(paths) > 22 and ("ticket", "evidence") in paths and ("units",) in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, (path, result.output)
    assert not missing.exists()


def test_a_missing_database_is_named_by_its_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ZHENGGAI_DATABASE_URL", raising=False)  # the default, relative to the current folder
    result = CliRunner().invoke(app, ["ticket", "list", "--as", "office"])
    assert result.exit_code == 2
    assert f"数据库 {tmp_path / 'var' / 'zhenggai.db'} 不存在" in result.output
    assert "请先运行 zhenggai init-db" in result.output and not (tmp_path / "var" / "zhenggai.db").exists()


FILE = ["ticket", "file", "路灯", "--place-id", "1"]


@pytest.mark.parametrize(("args", "allowed"), [
    ([*FILE, "--due-on", "2026/12/31"], "--due-on 日期写法有误：2026/12/31（应为 YYYY-MM-DD"),
    ([*FILE, "--severity", "bogus"], "可选：general（一般）、serious（较重）、major（严重）"),
    ([*FILE, "--source", "bogus"], "可选：inspection（督查）、covert（暗访）"),
    ([*FILE, "--now", "yesterday"], "--now 时间写法有误：yesterday"),
    (["ticket", "file", "路灯", "--place-id", "0"], "--place-id 超出可用范围：0"),
    (["ticket", "file", " ", "--place-id", "1"], "TITLE 问题标题不能为空"),
    (["ticket", "list", "--state", "bogus"], "--state 不能是“bogus”，可选：found（发现问题）、assigned（已交办）"),
    (["ticket", "list", "--as", "nobody"], "--as 账号不存在：nobody（现有账号：admin、office"),
    (["sweep", "--now", "yesterday"], "--now 时间写法有误"),
    (["units", "--kind", "bogus"], "可选：district（区/市）、town（乡镇街道）、village（村/社区）"),
])
def test_bad_values_are_refused_in_one_chinese_line_naming_what_is_allowed(shell, world, args, allowed):
    if "--as" not in args:
        args = [*args, "--as", "inspector"] if args[0] == "ticket" else args
    result = shell(*args)
    assert result.exit_code == 2
    assert allowed in result.output and result.output.startswith("错误：")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_wrong_trigger_names_the_triggers_possible_now(shell, world):
    place = world.units["dongfeng"]
    filed = shell("ticket", "file", "路灯", "--place-id", place, "--lead-unit-id", place, "--as", "inspector", "-q")
    ticket_id = filed.output.strip()
    result = shell("ticket", "move", ticket_id, "close", "--as", "inspector")
    assert result.exit_code == 2
    assert "不能执行“销号”。问题当前为“发现问题”，您现在可执行：assign（交办）" in result.output
    result = shell("ticket", "move", ticket_id, "bogus", "--as", "inspector")
    assert result.exit_code == 2 and "未知操作：bogus。" in result.output and "assign（交办）" in result.output
    result = shell("ticket", "move", ticket_id, "assign", "--as", "village")
    assert result.exit_code == 2 and "您现在没有可执行的操作" in result.output


def test_units_and_people_are_listed_by_kind_name_and_unit_within_the_users_scope(shell, world):
    villages = shell("units", "--kind", "village")
    assert [line.split("\t")[2] for line in villages.output.splitlines()] == ["东风村", "新和村", "朝烈村"]
    assert villages.output.splitlines()[0] == f"{world.units['dongfeng']}\t村/社区\t东风村\t龙江镇"
    assert shell("units", "--name", " 新和 村", "-q").output == f"{world.units['xinhe']}\n"
    assert shell("units", "--under", "博鳌镇", "-q").output.split() == [str(world.units["boao"]),
                                                                       str(world.units["chaolie"])]
    assert shell("units", "--as", "boao", "-q").output.split() == [str(world.units["boao"]),
                                                                  str(world.units["chaolie"])]
    people = shell("people", "--unit", "东风村")
    assert people.output == f"{world.people['village']}\tvillage-name\t东风村\t\tvillage\t专干\n"
    assert shell("people", "--role", "inspector", "-q").output.split() == [str(world.people["inspector"]),
                                                                           str(world.people["inspector2"])]
    assert "找不到单位：幸福村" in shell("people", "--unit", "幸福村").output


def test_the_shell_returns_reassigns_attaches_evidence_and_closes_a_ticket(shell, world, sessions, tmp_path):
    dongfeng, xinhe = world.units["dongfeng"], world.units["xinhe"]
    ticket_id = shell("ticket", "file", "村口路灯损坏", "--place-id", dongfeng, "--lead-unit-id", dongfeng,
                      "--as", "inspector", "--now", NOW, "-q").output.strip()
    assert shell("ticket", "move", ticket_id, "assign", "--as", "inspector").exit_code == 0
    refused = shell("ticket", "move", ticket_id, "accept", "--plan", "修", "--lead-unit-id", xinhe, "--as", "village")
    assert refused.exit_code == 2 and "只能用于 assign" in refused.output
    assert shell("ticket", "move", ticket_id, "return", "--comment", "路灯属新和村", "--as", "village").exit_code == 0
    moved = shell("ticket", "move", ticket_id, "assign", "--lead-unit-id", xinhe, "--responsible-person-id",
                  world.people["xinhe"], "--as", "inspector")
    assert moved.exit_code == 0, moved.output
    assert (json.loads(moved.output)["lead_unit_id"], json.loads(moved.output)["state"]) == (xinhe, "assigned")
    assert shell("ticket", "move", ticket_id, "accept", "--plan", "更换灯具", "--as", "village").exit_code == 2
    assert shell("ticket", "move", ticket_id, "accept", "--plan", "更换灯具", "--as", "xinhe").exit_code == 0
    no_photo = shell("ticket", "move", ticket_id, "submit", "--comment", "已更换", "--as", "xinhe")
    assert no_photo.exit_code == 2 and "必须上传本轮整改的佐证材料" in no_photo.output
    assert "可执行" not in no_photo.output

    photo = tmp_path / "整改后.jpg"
    Image.new("RGB", (64, 48), (90, 140, 60)).save(photo, "JPEG")  # a real photo: the content is checked
    bad_stage = shell("ticket", "evidence", ticket_id, photo, "--stage", "after", "--as", "xinhe")
    assert bad_stage.exit_code == 2
    assert "可选：found（发现问题）、rectified（整改后）、verification（验收时）" in bad_stage.output
    attached = shell("ticket", "evidence", ticket_id, photo, "--stage", "rectified", "--comment", "整改后照片",
                     "--as", "xinhe")
    assert attached.exit_code == 0 and "已上传：整改后.jpg（整改后，第 1 轮" in attached.output
    for trigger, user in [("submit", "xinhe"), ("verify", "inspector2"), ("close", "office")]:
        result = shell("ticket", "move", ticket_id, trigger, "--comment", "好", "--as", user)
        assert result.exit_code == 0, result.output
    with sessions() as s:
        ticket = s.get(Ticket, int(ticket_id))
        assert (ticket.state, ticket.lead_unit_id, ticket.responsible_person_id, ticket.return_count) == (
            "closed", xinhe, world.people["xinhe"], 1)
        (evidence,) = s.scalars(select(Evidence).where(Evidence.ticket_id == ticket.id))
        assert (evidence.stage, evidence.content_type, evidence.filename) == ("rectified", "image/jpeg", "整改后.jpg")


def test_starting_the_cli_loads_no_heavy_module(tmp_path):
    """openpyxl, python-docx, SQLAlchemy … are imported by the commands that use them, so help is instant
    (timings: benchmarks/cli_startup.py)."""
    probe = ("import sys\nfrom cli.main import app\ntry:\n    app(['ticket', 'move', '--help'])\nexcept SystemExit:\n"
             "    pass\nprint('LOADED:' + ' '.join(m for m in ('openpyxl', 'docx', 'sqlalchemy', 'fastapi', 'lxml',"
             " 'alembic', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True,
                         cwd=ROOT, env=os.environ | {"ZHENGGAI_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"})
    assert "--lead-unit-id" in out.stdout
    assert next(line for line in out.stdout.splitlines() if line.startswith("LOADED:")) == "LOADED:"
