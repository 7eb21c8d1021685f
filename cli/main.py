"""``zhenggai``: init-db, seed-demo, serve, sweep, the ``ticket`` subcommands, ``units`` / ``people``, and
imports/exports (``cli/ledger.py``). Application modules are imported inside the commands (cli/context.py)."""

from __future__ import annotations

import typer

from cli import audit, backup, cadence, calendar, directory, ledger, notify, orgs, setup, tickets
from cli.context import clock_at, require_database, sessions, settings

app = typer.Typer(help="整改通：乡村振兴督导问题整改跟踪", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(tickets.app, name="ticket")
app.add_typer(calendar.app, name="calendar")
app.add_typer(audit.app, name="audit")
app.add_typer(cadence.app, name="campaign")
backup.register(app)
directory.register(app)
notify.register(app)
ledger.register(app)
orgs.register(app)
setup.register(app)


@app.command("init-db")
def init_db() -> None:
    """Migrate the database to the newest schema (alembic upgrade head)."""
    from workflow.db import transaction
    from workflow.migrate import upgrade_head
    from workflow.reference_data import ensure_reference_data

    config = settings()
    upgrade_head(config.database_url)
    typer.echo(f"数据库已迁移到最新版本：{config.database_url}")
    with transaction(sessions(config)) as session:
        added = ensure_reference_data(session, now=clock_at(None).now())
    years = added.calendar_years_added
    typer.echo(f"工作日历：新导入 {len(years)} 个年度" + (f"（{years[0]}–{years[-1]}）" if years else "")
               + f"；约谈规则：新增 {added.policies_added} 条")


@app.command("seed-demo")
def seed_demo_command(now: str = typer.Option(None, help="演示数据的当前时间，如 2026-11-24T09:00")) -> None:
    """Load the demo org tree, checklists, accounts and tickets; print the logins."""
    from workflow.db import transaction
    from workflow.demo import seed_demo
    from workflow.tickets.storage import EvidenceStore

    config, clock = settings(), clock_at(now)
    with transaction(sessions(config)) as session:
        result = seed_demo(session, store=EvidenceStore(config.data_dir), now=clock.now())
    if result.already_seeded:
        typer.echo("演示数据已存在，未重复导入。演示账号密码均为 demo1234。")
        return
    typer.echo(f"已导入演示数据：{result.tickets} 个问题。登录账号：")
    for username, password, who in result.logins:
        typer.echo(f"  {username:<11} {password}  {who}")


@app.command("rebuild-summary")
def rebuild_summary_command() -> None:
    """Recount the statistics summary from the tickets and events (after a bulk load that bypassed triggers)."""
    from workflow.db import transaction
    from workflow.ledger.summary import rebuild_summary

    config = settings()
    require_database(config.database_url)
    with transaction(sessions(config)) as session:
        tickets, events = rebuild_summary(session)
    typer.echo(f"统计汇总已重建：{tickets} 行问题计数，{events} 行退回/返工/逾期计数")


@app.command()
def sweep(now: str = typer.Option(None, help="按哪个时间执行（默认现在），如 2026-12-01T09:00")) -> None:
    """Run one sweep (红黄灯、催办提醒、约谈) now, or as at --now; prints what it did as JSON."""
    import json

    from workflow.scheduling import sweep_once
    from workflow.sweep import config_from

    config, clock = settings(), clock_at(now)
    report = sweep_once(sessions(config), now=clock.now(), config=config_from(config))
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          workers: int = typer.Option(1, help="worker 进程数（PostgreSQL 上可多个；调度租约让同一时刻只一个执行）"),
          ) -> None:
    """Serve the web app (and, unless ZHENGGAI_RUN_SCHEDULER=false, the scheduler); see cli/serving.py."""
    from cli.serving import serve as run

    config = settings()
    require_database(config.database_url)
    run(config, host=host, port=port, workers=workers)


if __name__ == "__main__":
    app()
