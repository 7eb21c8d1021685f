"""``zhenggai calendar``: fill the working-day calendar and correct it when a new notice is published."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.context import clock_at, day_of, refuse, run

if TYPE_CHECKING:
    from workflow.deadlines.recompute import CorrectionReport

app = typer.Typer(help="工作日历（节假日与调休）", no_args_is_help=True, rich_markup_mode=None)
NOW = typer.Option(None, help="操作时间（默认现在），如 2026-12-01T09:00")



def _print_report(report: CorrectionReport) -> None:
    from workflow.deadlines.local_time import local_date

    typer.echo(f"更改了 {len(report.changed_days)} 天；重新计算了 {len(report.moved)} 个问题的整改期限。")
    for m in report.moved:
        typer.echo(f"  {m.number}: {local_date(m.previous_due_at)} → {local_date(m.due_at)}")
    for ticket_id, message in report.not_recomputed.items():
        typer.echo(f"  问题 {ticket_id} 未能重算：{message}", err=True)


@app.command("seed")
def seed_command(now: str = NOW) -> None:
    """Cover every year the installed chinese-calendar package knows (years already covered are kept)."""
    from workflow.calendar.service import seed_from_package

    clock = clock_at(now)
    added = run(lambda s: seed_from_package(s, now=clock.now()))
    typer.echo(f"已导入年度：{', '.join(map(str, added))}" if added else "没有新的年度需要导入。")


@app.command("import")
def import_command(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
                   now: str = NOW) -> None:
    """Import days from FILE: lines ``YYYY-MM-DD,workday|holiday[,说明]``.

    A year not yet covered is created (Monday–Friday working) and then the listed days applied,
    so a file holds exactly what the State Council notice lists.
    """
    from workflow.calendar.service import parse_day_file
    from workflow.deadlines.recompute import correct_calendar

    clock = clock_at(now)
    changes = run(lambda _s: parse_day_file(file.read_text(encoding="utf-8-sig")))
    report = run(lambda s: correct_calendar(s, changes=changes, source="import", now=clock.now(),
                                             cover_new_years=True))
    _print_report(report)


@app.command("set")
def set_command(day: str = typer.Argument(..., help="日期 YYYY-MM-DD"),
                kind: str = typer.Argument(..., help="workday（上班）或 holiday（放假）"),
                note: str = typer.Option("", help="说明，如“春节调休上班”"), now: str = NOW) -> None:
    """Correct one day; deadlines counted in working days that are not yet past are recomputed."""
    from workflow.calendar.service import DayChange
    from workflow.deadlines.recompute import correct_calendar

    if kind not in ("workday", "holiday"):
        refuse("KIND", f"不能是“{kind}”，可选：workday（上班）、holiday（放假）")
    parsed, clock = day_of(day, "DAY"), clock_at(now)
    report = run(lambda s: correct_calendar(s, changes=[DayChange(parsed, kind == "workday", note)],
                                             source="manual", now=clock.now()))
    _print_report(report)


@app.command("coverage")
def coverage_command(now: str = NOW) -> None:
    """Which years are covered, and what is missing."""
    from workflow.calendar.coverage import coverage
    from workflow.deadlines.local_time import local_date

    clock = clock_at(now)
    found = run(lambda s: coverage(s, today=local_date(clock.now())))
    typer.echo(json.dumps({"years": found.years, "warnings": found.warnings}, ensure_ascii=False))
