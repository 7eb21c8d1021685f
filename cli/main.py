"""``zhenggai``: init-db, seed-demo, serve, the ``ticket`` subcommands, and imports/exports (``cli/ledger.py``)."""

from __future__ import annotations

import json

import typer

from cli import calendar, ledger, notify, tickets
from cli.context import clock_at, sessions
from workflow.db import transaction
from workflow.demo import seed_demo
from workflow.migrate import is_at_head, upgrade_head
from workflow.reference_data import ensure_reference_data
from workflow.scheduling import sweep_once
from workflow.settings import Settings
from workflow.sweep import config_from
from workflow.tickets.storage import EvidenceStore

app = typer.Typer(help="整改通：乡村振兴督导问题整改跟踪", no_args_is_help=True)
app.add_typer(tickets.app, name="ticket")
app.add_typer(calendar.app, name="calendar")
notify.register(app)
ledger.register(app)

NEEDS_NO_SCHEMA = {"init-db", "template"}


@app.callback()
def require_migrated_database(ctx: typer.Context) -> None:
    """Every command but init-db works on a migrated database; say so plainly when it is not."""
    if ctx.invoked_subcommand in NEEDS_NO_SCHEMA or ctx.resilient_parsing:
        return
    if not is_at_head(Settings().database_url):
        typer.echo("错误：数据库尚未初始化或不是最新版本，请先运行 zhenggai init-db", err=True)
        raise typer.Exit(code=2)


@app.command("init-db")
def init_db() -> None:
    """Migrate the database to the newest schema (alembic upgrade head)."""
    settings = Settings()
    upgrade_head(settings.database_url)
    typer.echo(f"数据库已迁移到最新版本：{settings.database_url}")
    with transaction(sessions(settings)) as session:
        added = ensure_reference_data(session, now=clock_at(None).now())
    years = added.calendar_years_added
    typer.echo(f"工作日历：新导入 {len(years)} 个年度" + (f"（{years[0]}–{years[-1]}）" if years else "")
               + f"；约谈规则：新增 {added.policies_added} 条")


@app.command("seed-demo")
def seed_demo_command(now: str = typer.Option(None, help="演示数据的当前时间，如 2026-11-24T09:00")) -> None:
    """Load the demo org tree, checklists, accounts and tickets; print the logins."""
    settings = Settings()
    with transaction(sessions(settings)) as session:
        result = seed_demo(session, store=EvidenceStore(settings.data_dir), now=clock_at(now).now())
    if result.already_seeded:
        typer.echo("演示数据已存在，未重复导入。演示账号密码均为 demo1234。")
        return
    typer.echo(f"已导入演示数据：{result.tickets} 个问题。登录账号：")
    for username, password, who in result.logins:
        typer.echo(f"  {username:<11} {password}  {who}")


@app.command()
def sweep(now: str = typer.Option(None, help="按哪个时间执行（默认现在），如 2026-12-01T09:00")) -> None:
    """Run one sweep (红黄灯、催办提醒、约谈) now, or as at --now; prints what it did as JSON."""
    settings = Settings()
    report = sweep_once(sessions(settings), now=clock_at(now).now(), config=config_from(settings))
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web app (and, unless ZHENGGAI_RUN_SCHEDULER=false, the scheduler)."""
    import uvicorn

    from web.app import create_app
    from workflow.accounts.passwords import warm_up

    warm_up()  # the dummy hash for unknown accounts exists before the first login (equal timing)
    uvicorn.run(create_app(Settings()), host=host, port=port)


if __name__ == "__main__":
    app()
