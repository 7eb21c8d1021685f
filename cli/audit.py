"""``zhenggai audit``: check the hash chains and anchors; take or print the day's anchor (docs/audit-and-backup.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from cli.context import clock_at, day_of, require_database, run, settings

if TYPE_CHECKING:
    from workflow.audit.models import AuditAnchor

app = typer.Typer(help="审计：事件哈希链与每日锚点", no_args_is_help=True, rich_markup_mode=None)


@app.command("verify")
def verify_command() -> None:
    """Walk every ticket's chain and every anchor; exit 1 naming each broken link."""
    from workflow.audit.verify import verify
    from workflow.db import make_engine, make_sessionmaker

    url = settings().database_url
    require_database(url)
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine, write=False)() as session:
            report = verify(session)
    finally:
        engine.dispose()
    for problem in report.breaks:
        typer.echo(problem.line(), err=True)
    if not report.ok:
        typer.echo(f"审计链已损坏：{len(report.breaks)} 处断链（{report.tickets} 个问题、{report.events} 条事件、"
                   f"{report.anchors} 个锚点）", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"审计链完好：{report.tickets} 个问题、{report.events} 条事件、{report.anchors} 个锚点")


DAY = typer.Option(None, "--date", help="打印某日的锚点，如 2026-11-30（默认：今天的，没有就现在生成）")


@app.command("anchor")
def anchor_command(day: str = DAY, now: str = typer.Option(None, help="按哪个时间生成（默认现在）")) -> None:
    """Print the anchor of a day, for the office to print or send out; without --date take today's if missing."""
    from workflow.audit.anchors import anchor_of_day, take_anchor

    if day:
        wanted = day_of(day, "--date")
        anchor = run(lambda s: anchor_of_day(s, day=wanted))
    else:
        clock = clock_at(now)
        anchor = run(lambda s: take_anchor(s, now=clock.now()))
        if anchor is None:
            typer.echo("错误：已有更晚日期的锚点，不能补生成更早的锚点", err=True)
            raise typer.Exit(code=2)
    typer.echo(describe(anchor))


def describe(anchor: AuditAnchor) -> str:
    from workflow.clock import LOCAL_TZ

    return "\n".join([
        f"整改通审计锚点 {anchor.day.isoformat()}",
        f"生成时间：{anchor.at.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M:%S}（北京时间）",
        f"覆盖：{anchor.tickets} 个问题、{anchor.events} 条事件（至事件 #{anchor.last_event_id}）",
        f"前一锚点摘要：{anchor.prev_digest}",
        f"摘要（SHA-256）：{anchor.digest}",
    ])


