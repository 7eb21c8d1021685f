"""``zhenggai serve``: one process, or ``--workers N`` uvicorn worker processes on one port.

Several workers need an import string, so each worker builds its own app (own engine, pool and
scheduler) from ``app_factory``, reading the same settings from the environment. Every worker runs the
scheduler; the lease (``workflow/scheduling.py``) lets one of them at a time do each job.

SQLite with several workers is allowed but warned about: reads spread over the cores, writes still go
one at a time (one write transaction holds the database file), and the file must be local to the
one machine. Several machines need PostgreSQL (README, "Deployment").
"""

from __future__ import annotations

import typer

SQLITE_WORKERS_WARNING = (
    "警告：SQLite 上运行 {n} 个 worker：读取可并行，写入仍逐个进行（同一时刻只有一个写事务），"
    "且数据库文件只能在本机。多台机器或写入繁忙时请使用 PostgreSQL。\n"
    "warning: {n} workers on SQLite: reads run in parallel, writes still one at a time; "
    "use PostgreSQL for several machines or heavy writing."
)


def app_factory(config=None):
    """What each worker process calls (``uvicorn --factory cli.serving:app_factory``): settings from the
    environment, as the parent read them."""
    from web.app import create_app
    from workflow.accounts.passwords import warm_up

    warm_up()  # the dummy hash for unknown accounts exists before the first login (equal timing)
    return create_app(config)


def serve(config, *, host: str, port: int, workers: int) -> None:
    import uvicorn

    from cli.context import refuse

    if workers < 1:
        refuse("--workers", "必须是正整数（worker 进程数），如 --workers 2")
    if workers > 1 and config.database_url.startswith("sqlite"):
        typer.echo(SQLITE_WORKERS_WARNING.format(n=workers), err=True)
    if workers == 1:
        uvicorn.run(app_factory(config), host=host, port=port)
    else:
        uvicorn.run("cli.serving:app_factory", factory=True, host=host, port=port, workers=workers)
