"""``zhenggai dispatch`` and ``zhenggai digest``: send the outbox from the shell or a cron line, and
``zhenggai outbox``: look at dead letters and retry them. The scheduler runs the same job functions."""

from __future__ import annotations

import time

import typer

from cli.context import clock_at, refuse, sessions, settings

NOW = typer.Option(None, help="当前时间（默认现在），如 2026-12-01T08:30；用于补发或演示")


def _report(report) -> str:
    return (f"已分发 {report.routed} 条，无法分发 {report.unroutable} 条；发送成功 {report.sent}，"
            f"稍后重试 {report.retried}，限流顺延 {report.throttled}，等待发送时段 {report.deferred}，"
            f"失败 {report.dead}，中断后重发 {report.interrupted}")


def dispatch(
    now: str = NOW,
    loop: bool = typer.Option(False, "--loop", help="持续运行：每隔 --interval 秒发送一次，并按时生成汇总"),
    interval: float = typer.Option(15.0, help="--loop 时两次发送之间的秒数"),
) -> None:
    """Send pending notifications once (route the outbox, then every delivery due now)."""
    from notifiers.jobs import dispatch_once, make_transport, run_digests
    from notifiers.policy import NotifyPolicy
    from workflow.calendar.reader import working_day_checker

    if loop and now:
        refuse("--now", "不能与 --loop 同用（--loop 使用真实时间）")
    config = settings()
    factory, clock, policy = sessions(config), clock_at(now), NotifyPolicy.from_settings(config)
    transport = make_transport(config)
    with transport.http:
        while True:
            if loop:
                run_digests(factory, clock=clock, policy=policy, is_working_day=working_day_checker(factory))
            report = dispatch_once(factory, clock=clock, policy=policy, transport=transport,
                                   is_working_day=working_day_checker(factory))
            typer.echo(_report(report))
            if not loop:
                return
            time.sleep(interval)


def digest(now: str = NOW) -> None:
    """Build this slot's reminder digests (inside the send window on working days); dispatch sends them."""
    from notifiers.jobs import run_digests
    from notifiers.policy import NotifyPolicy
    from workflow.calendar.reader import working_day_checker

    config, clock = settings(), clock_at(now)
    factory = sessions(config)
    report = run_digests(factory, clock=clock, policy=NotifyPolicy.from_settings(config),
                         is_working_day=working_day_checker(factory))
    typer.echo(f"生成催办汇总 {report.digests} 份，含提醒 {report.items} 条，待发送消息 {report.deliveries} 条")


def register(app: typer.Typer) -> None:
    app.command("dispatch")(dispatch)
    app.command("digest")(digest)
