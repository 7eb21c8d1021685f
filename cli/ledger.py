"""``zhenggai import-xlsx | export-ledger | bulletin | town-report | template problem-list``.

The same service functions as the API, acting as a named user (``--as``), so the shell sees exactly
what that user would see in the browser. Errors print in Chinese and exit with status 2; an import
report prints one line per bad cell.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import typer

from cli.context import actor_named, clock_at, one_of, refuse, run, settings

AS_USER = typer.Option(..., "--as", help="以哪个账号的身份操作（用户名）")
NOW = typer.Option(None, help="操作时间（默认现在），如 2026-12-01T09:00")
HALF = typer.Option(None, help="半年度，如 2026H1（上半年）、2026H2（下半年）")

template_app = typer.Typer(help="下载导入模板", no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    app.command("import-xlsx")(import_xlsx)
    app.command("export-ledger")(export_ledger)
    app.command("bulletin")(bulletin)
    app.command("town-report")(town_report)
    app.add_typer(template_app, name="template")


def import_xlsx(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="问题清单 .xlsx 文件"),
                campaign_id: int = typer.Option(..., help="导入到哪次督查活动"), as_user: str = AS_USER,
                now: str = NOW) -> None:
    """Import a problem list (问题清单): all rows or none."""
    from workflow.imports.problem_list import import_problem_list

    clock = clock_at(now)
    content = file.read_bytes()
    result = run(lambda s: import_problem_list(s, actor=actor_named(s, as_user), campaign_id=campaign_id,
                                                filename=file.name, content=content, now=clock.now()))
    if result.already_imported:
        typer.echo(f"该文件已导入过（批次 {result.batch_id}），未重复建立问题。")
        return
    numbers = f"，编号 {result.first_number} 至 {result.last_number}" if result.created else ""
    typer.echo(f"导入完成：共 {result.rows} 行，新建问题 {result.created} 个{numbers}；"
               f"已存在而跳过 {result.skipped} 个。")


def export_ledger(out: Path = typer.Argument(..., dir_okay=False, help="输出的 .xlsx 文件"), as_user: str = AS_USER,
                  campaign_id: int = typer.Option(None), state: str = typer.Option(None),
                  unit_id: int = typer.Option(None), source: str = typer.Option(None),
                  severity: str = typer.Option(None), overdue: bool = typer.Option(False, help="只导出逾期问题"),
                  q: str = typer.Option(None, help="标题、编号或描述包含的文字"),
                  found_from: str = typer.Option(None, help="发现日期起（含），如 2026-07-01"),
                  found_to: str = typer.Option(None, help="发现日期止（含）"), now: str = NOW) -> None:
    """Export the ledger (整改台账): 问题清单, 措施清单, 责任清单, 进度统计表."""
    from states.ticket import STATE_LABELS
    from workflow.ledger.ledger_xlsx import write_ledger
    from workflow.ledger.ranking import RedBlackThresholds
    from workflow.tickets.models import SEVERITIES, SOURCES
    from workflow.tickets.queries import TicketFilters

    at = clock_at(now).now()
    state = one_of(state, STATE_LABELS, "--state")
    source, severity = one_of(source, SOURCES, "--source"), one_of(severity, SEVERITIES, "--severity")
    found_from_at = _day_start(found_from, "--found-from")
    found_before = _day_start(found_to, "--found-to", plus_days=1)
    filters = TicketFilters(state=state, campaign_id=campaign_id, unit_id=unit_id, source=source, severity=severity,
                            overdue_at=at if overdue else None, text=q, found_from=found_from_at,
                            found_before=found_before)
    thresholds = RedBlackThresholds.from_settings(settings())
    counts = run(lambda s: write_ledger(s, actor=actor_named(s, as_user), filters=filters, now=at, target=str(out),
                                         thresholds=thresholds))
    typer.echo(f"已导出整改台账：{out}（问题 {counts.tickets} 个，乡镇 {counts.towns} 个）")


def bulletin(out: Path = typer.Argument(..., dir_okay=False, help="输出的 .docx 文件"), as_user: str = AS_USER,
             campaign_id: int = typer.Option(None, help="按督查活动"), half: str = HALF,
             issuer: str = typer.Option(None, help="落款单位（默认：本单位实施乡村振兴战略领导小组办公室）"),
             issue: bool = typer.Option(False, "--issue", help="印发：被通报的单位计入通报次数（仅办公室）"),
             now: str = NOW) -> None:
    """Write the bulletin (通报) for a campaign or a half-year: a draft, or with --issue the issued one."""
    from workflow.ledger.bulletin_docx import bulletin_docx
    from workflow.ledger.ranking import RedBlackThresholds

    period = _period(half)
    clock = clock_at(now)
    thresholds = RedBlackThresholds.from_settings(settings())

    def work(session):
        actor = actor_named(session, as_user)
        return bulletin_docx(session, actor=actor, now=clock.now(), campaign_id=campaign_id, period=period,
                             thresholds=thresholds, issuer=issuer, issue=issue)

    out.write_bytes(run(work))
    typer.echo(f"已生成通报：{out}")


def town_report(out: Path = typer.Argument(..., dir_okay=False, help="输出的 .docx 文件"),
                town_id: int = typer.Option(..., help="乡镇（街道）的单位编号"), as_user: str = AS_USER,
                campaign_id: int = typer.Option(None), half: str = HALF, now: str = NOW) -> None:
    """Write a town's rectification report (整改报告), ready to sign."""
    from workflow.ledger.town_report_docx import town_report_docx

    period = _period(half)
    clock = clock_at(now)
    out.write_bytes(run(lambda s: town_report_docx(s, actor=actor_named(s, as_user), town_id=town_id,
                                                    now=clock.now(), campaign_id=campaign_id, period=period)))
    typer.echo(f"已生成整改报告：{out}")


@template_app.command("problem-list")
def template_problem_list(out: Path = typer.Argument(Path("问题清单导入模板.xlsx"), dir_okay=False)) -> None:
    """Write the problem-list import template (.xlsx)."""
    from workflow.imports.template import problem_list_template

    out.write_bytes(problem_list_template())
    typer.echo(f"已生成问题清单导入模板：{out}")




def _period(half: str | None):
    from workflow.errors import DomainError
    from workflow.ledger.periods import half_year

    if not half:
        return None
    try:
        return half_year(half)
    except DomainError as exc:
        refuse("--half", exc.message)


def _day_start(text: str | None, option: str, *, plus_days: int = 0) -> datetime | None:
    from workflow.clock import LOCAL_TZ

    if not text:
        return None
    try:
        day = datetime.fromisoformat(text.strip()).date()
    except ValueError:
        refuse(option, f"日期写法有误：{text}（应为 YYYY-MM-DD，如 2026-07-01）")
    return datetime.combine(day + timedelta(days=plus_days), time(0), tzinfo=LOCAL_TZ)
