"""``zhenggai ticket``: file, move, attach evidence to, show and list tickets from the shell, acting as a
named user — enough to drive a ticket from 登记 to 销号 (README, "A filed ticket driven to 销号")."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cli.context import actor_named, clock_at, day_of, one_of, refuse, run, settings

app = typer.Typer(help="问题（工单）操作", no_args_is_help=True, rich_markup_mode=None)

AS_USER = typer.Option(..., "--as", help="以哪个账号的身份操作（用户名）")
NOW = typer.Option(None, help="操作时间（默认现在），如 2026-12-01T09:00")
QUIET = typer.Option(False, "--quiet", "-q", help="只输出问题的内部编号（ID），便于在脚本中使用")


def _print(ticket, *, quiet: bool = False) -> None:
    from workflow.tickets.schemas import TicketRead

    if quiet:
        typer.echo(ticket.id)
        return
    typer.echo(json.dumps(TicketRead.model_validate(ticket).model_dump(mode="json"), ensure_ascii=False, indent=2))


@app.command("file")
def file_command(
    title: str, place_id: int = typer.Option(..., help="问题所在地（单位 ID，见 zhenggai units）"),
    lead_unit_id: int = typer.Option(None, help="牵头单位 ID"), description: str = "",
    source: str = typer.Option("inspection", help="问题来源：inspection（督查）、covert（暗访）等，也可写中文"),
    severity: str = typer.Option("general", help="严重程度：general（一般）、serious（较重）、major（严重）"),
    due_on: str = typer.Option(None, help="整改期限 YYYY-MM-DD"), campaign_id: int = typer.Option(None),
    responsible_person_id: int = typer.Option(None, help="责任人 ID（见 zhenggai people）"),
    as_user: str = AS_USER, now: str = NOW, quiet: bool = QUIET,
) -> None:
    """Register a problem (state found); prints it as JSON, or only its ID with --quiet."""
    from pydantic import ValidationError

    from workflow.tickets.filing import file_ticket
    from workflow.tickets.models import SEVERITIES, SOURCES
    from workflow.tickets.schemas import TicketCreate

    clock = clock_at(now)
    fields = dict(title=title, description=description, place_id=place_id, lead_unit_id=lead_unit_id,
                  source=one_of(source, SOURCES, "--source"), severity=one_of(severity, SEVERITIES, "--severity"),
                  campaign_id=campaign_id, due_on=day_of(due_on, "--due-on"),
                  responsible_person_id=responsible_person_id)
    if not title.strip() or len(title.strip()) > 300:
        refuse("TITLE", "问题标题不能为空，且不超过 300 字")
    try:
        data = TicketCreate(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        option = f"--{str(first['loc'][0]).replace('_', '-')}" if first["loc"] else ""
        if first["type"] in ("greater_than_equal", "less_than_equal"):  # ids and dates bounded by workflow/bounds.py
            refuse(option, f"超出可用范围：{first['input']}")
        refuse(option, first["msg"].removeprefix("Value error, "))
    _print(run(lambda s: file_ticket(s, actor=actor_named(s, as_user), data=data, now=clock.now())), quiet=quiet)


@app.command("move")
def move_command(
    ticket_id: int, trigger: str = typer.Argument(..., help="assign 交办、return 退回、accept 签收、submit 提交验收、"
                                                   "reject 返工、verify 验收、close 销号、reopen 重新整改"),
    comment: str = typer.Option("", help="说明（退回、返工、重新整改须写明原因；提交验收须写明整改情况）"),
    plan: str = typer.Option(None, help="整改措施（签收时必填）"),
    lead_unit_id: int = typer.Option(None, help="改派：交办给另一个牵头单位（仅 assign，如退回后重新交办）"),
    responsible_person_id: int = typer.Option(None, help="交办时指定责任人（仅 assign）"),
    as_user: str = AS_USER, now: str = NOW,
) -> None:
    """Fire a trigger; on assign (also after a return: 改派) --lead-unit-id / --responsible-person-id reassign."""
    from states.ticket import TRIGGER_LABELS

    clock = clock_at(now)
    # 交办 works as well as assign; anything else unknown is refused below with the triggers possible now.
    trigger = {label: key for key, label in TRIGGER_LABELS.items()}.get(trigger, trigger)
    if trigger != "assign" and (lead_unit_id is not None or responsible_person_id is not None):
        refuse("--lead-unit-id/--responsible-person-id", "只能用于 assign（交办，或退回后改派）")

    def work(session):
        from workflow.errors import TransitionRefused
        from workflow.tickets import queries
        from workflow.tickets.moves import MoveInput, apply_trigger

        actor = actor_named(session, as_user)
        ticket = queries.get_visible(session, actor, ticket_id)
        data = MoveInput(trigger=trigger, version=ticket.version, comment=comment, plan=plan,
                         lead_unit_id=lead_unit_id, responsible_person_id=responsible_person_id)
        try:
            return apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=clock.now())
        except TransitionRefused as exc:
            hint = _possible_now(session, ticket, actor, trigger)
            exc.message = f"{exc.message}。{hint}" if hint else exc.message
            raise

    _print(run(work))


def _possible_now(session, ticket, actor, trigger: str) -> str:
    """A wrong trigger's refusal names what this user could press instead, so the next try is the right one
    (a right trigger refused by its guards already says what is missing)."""
    from states.ticket import STATE_LABELS, TRIGGER_LABELS
    from workflow.tickets.moves import available_triggers

    possible = available_triggers(session, ticket, actor)
    if trigger in possible:
        return ""
    state = STATE_LABELS.get(ticket.state, ticket.state)
    if not possible:
        return f"问题当前为“{state}”，您现在没有可执行的操作"
    listed = "、".join(f"{t}（{TRIGGER_LABELS.get(t, t)}）" for t in possible)
    return f"问题当前为“{state}”，您现在可执行：{listed}"


@app.command("evidence")
def evidence_command(
    ticket_id: int, files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                                       help="照片、PDF 等佐证材料，可多个"),
    stage: str = typer.Option(..., help="found（发现问题）、rectified（整改后）或 verification（验收时）"),
    comment: str = typer.Option("", help="说明"), as_user: str = AS_USER, now: str = NOW,
) -> None:
    """Attach evidence files to a ticket (整改后的照片 before 提交验收)."""
    import mimetypes

    from workflow.tickets.models import EVIDENCE_STAGES

    stage_key = one_of(stage, EVIDENCE_STAGES, "--stage")
    clock = clock_at(now)
    uploads_args = [(f.name, mimetypes.guess_type(f.name)[0] or "application/octet-stream", f.read_bytes())
                    for f in files]

    def work(session):
        from workflow.tickets.evidence import EvidenceRules, Upload, attach_evidence
        from workflow.tickets.storage import EvidenceStore

        return attach_evidence(session, actor=actor_named(session, as_user), ticket_id=ticket_id, stage=stage_key,
                               uploads=[Upload(*u) for u in uploads_args], comment=comment, now=clock.now(),
                               store=EvidenceStore(settings().data_dir), rules=EvidenceRules.from_settings(settings()))

    for row in run(work):
        typer.echo(f"已上传：{row.filename}（{EVIDENCE_STAGES[row.stage]}，第 {row.round} 轮，{row.size} 字节）")


@app.command("show")
def show_command(ticket_id: int, as_user: str = AS_USER) -> None:
    """Print a ticket and its events."""
    from workflow.tickets.schemas import EventRead

    def work(session):
        from workflow.tickets import queries

        actor = actor_named(session, as_user)
        ticket = queries.get_visible(session, actor, ticket_id)
        return ticket, queries.events_of(session, actor, ticket_id)

    ticket, events = run(work)
    _print(ticket)
    for e in events:
        typer.echo(json.dumps(EventRead.model_validate(e).model_dump(mode="json"), ensure_ascii=False))


@app.command("list")
def list_command(as_user: str = AS_USER,
                 state: str = typer.Option(None, help="found 发现问题、assigned 已交办、rectifying 整改中、"
                                                      "verified 已验收、closed 已销号")) -> None:
    """List the tickets this user may see."""
    from states.ticket import STATE_LABELS

    state = one_of(state, STATE_LABELS, "--state")

    def work(session):
        from workflow.tickets import queries

        query = queries.filtered(actor_named(session, as_user), queries.TicketFilters(state=state))
        return queries.page_of(session, query, page=1, per_page=200)[0]

    for t in run(work):
        typer.echo(f"{t.id}\t{t.number}\t{t.state}\t{t.title}")
