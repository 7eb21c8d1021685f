"""``zhenggai campaign plan``: create the next campaigns of a cadence template (with their milestones), for
cron or the office's shell; ``zhenggai campaign templates`` lists the templates. Reminders come from ``sweep``."""

from __future__ import annotations

import typer

from cli.context import actor_named, clock_at, day_of, run

app = typer.Typer(help="督查活动周期", no_args_is_help=True, rich_markup_mode=None)


@app.command("templates")
def templates_command() -> None:
    """The cadence templates from the seeds, with their milestones."""
    from workflow.cadence.templates import TEMPLATES

    for t in TEMPLATES.values():
        typer.echo(f"{t.key}\t{t.title}（种子{t.seed}）：{' → '.join(s.name for s in t.steps)}")


@app.command("plan")
def plan_command(template: str = typer.Argument(..., help="模板，见 zhenggai campaign templates"),
                 count: int = typer.Option(1, help="安排几期（1–12）"),
                 starts_on: str = typer.Option(None, help="从哪天所在的周期开始 YYYY-MM-DD（默认下一期）"),
                 as_user: str = typer.Option(..., "--as", help="以哪个账号的身份操作（领导小组办公室）"),
                 now: str = typer.Option(None, help="操作时间（默认现在）")) -> None:
    """Print one line per period: the campaign id, its name, and whether it was created now or before."""
    from workflow.cadence.planning import plan_campaigns

    clock, start = clock_at(now), day_of(starts_on, "--starts-on")

    def work(session):
        planned = plan_campaigns(session, actor=actor_named(session, as_user), template=template, now=clock.now(),
                                 count=count, starts_on=start)
        return [(p.campaign.id, p.campaign.name, p.created) for p in planned]

    for campaign_id, name, created in run(work):
        typer.echo(f"{campaign_id}\t{name}\t{'新建' if created else '此前已安排'}")
