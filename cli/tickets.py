"""``zhenggai ticket``: file, move, show and list tickets from the shell, acting as a named user."""

from __future__ import annotations

import json
from datetime import date

import typer

from cli.context import actor_named, clock_at, run
from workflow.tickets import queries
from workflow.tickets.filing import file_ticket
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import EventRead, TicketCreate, TicketRead

app = typer.Typer(help="问题（工单）操作", no_args_is_help=True)

AS_USER = typer.Option(..., "--as", help="以哪个账号的身份操作（用户名）")
NOW = typer.Option(None, help="操作时间（默认现在），如 2026-12-01T09:00")




def _print(ticket) -> None:
    typer.echo(json.dumps(TicketRead.model_validate(ticket).model_dump(mode="json"), ensure_ascii=False, indent=2))


@app.command("file")
def file_command(
    title: str, place_id: int = typer.Option(...), lead_unit_id: int = typer.Option(None),
    description: str = "", source: str = "inspection", severity: str = "general",
    due_on: str = typer.Option(None, help="整改期限 YYYY-MM-DD"), campaign_id: int = typer.Option(None),
    as_user: str = AS_USER, now: str = NOW,
) -> None:
    """Register a problem (state found)."""
    data = TicketCreate(title=title, description=description, place_id=place_id, lead_unit_id=lead_unit_id,
                        source=source, severity=severity, campaign_id=campaign_id,
                        due_on=date.fromisoformat(due_on) if due_on else None)
    _print(run(lambda s: file_ticket(s, actor=actor_named(s, as_user), data=data, now=clock_at(now).now())))


@app.command("move")
def move_command(
    ticket_id: int, trigger: str, comment: str = "", plan: str = typer.Option(None),
    as_user: str = AS_USER, now: str = NOW,
) -> None:
    """Fire a trigger (assign, accept, submit, verify, reject, close, reopen, return)."""

    def work(session):
        actor = actor_named(session, as_user)
        version = queries.get_visible(session, actor, ticket_id).version
        data = MoveInput(trigger=trigger, version=version, comment=comment, plan=plan)
        return apply_trigger(session, actor=actor, ticket_id=ticket_id, data=data, now=clock_at(now).now())

    _print(run(work))


@app.command("show")
def show_command(ticket_id: int, as_user: str = AS_USER) -> None:
    """Print a ticket and its events."""

    def work(session):
        actor = actor_named(session, as_user)
        ticket = queries.get_visible(session, actor, ticket_id)
        return ticket, queries.events_of(session, actor, ticket_id)

    ticket, events = run(work)
    _print(ticket)
    for e in events:
        typer.echo(json.dumps(EventRead.model_validate(e).model_dump(mode="json"), ensure_ascii=False))


@app.command("list")
def list_command(as_user: str = AS_USER, state: str = typer.Option(None)) -> None:
    """List the tickets this user may see."""

    def work(session):
        query = queries.filtered(actor_named(session, as_user), queries.TicketFilters(state=state))
        return queries.page_of(session, query, page=1, per_page=200)[0]

    for t in run(work):
        typer.echo(f"{t.id}\t{t.number}\t{t.state}\t{t.title}")
