"""A move refused because someone changed the ticket meanwhile: back to the ticket page, typing kept.

The refusal is not shown on the POST URL (its 刷新 would re-send the stale form): the page redirects to the
ticket (Post/Redirect/Get), says what changed, by whom and when — 「李督查 于 10:32 已验收」, or 「您在另一个
页面」 when it was the same person in another tab — and the forms show again what was typed
(workflow/tickets/drafts.py).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from states.ticket import TRIGGER_LABELS
from web.pages.render import done
from workflow.accounts.models import Person
from workflow.actor import Actor
from workflow.clock import to_local
from workflow.tickets import queries
from workflow.tickets.drafts import changes_since, keep_draft
from workflow.tickets.models import TicketEvent


def stale_move(request: Request, session: Session, *, actor: Actor, ticket_id: int, typed: dict[str, str],
               seen_version: int | None, now: datetime, done_labels: dict[str, str]) -> Response:
    session.rollback()  # nothing of the refused move stays; the draft below commits with the request
    ticket = queries.get_visible(session, actor, ticket_id)
    keep_draft(session, actor=actor, ticket=ticket, fields=typed, now=now)
    missed = changes_since(session, ticket, seen_version or ticket.version - 1)
    return done(request, f"/tickets/{ticket_id}#moves", kind="warning",
                message=what_changed(session, actor, missed, now=now, done_labels=done_labels))


def what_changed(session: Session, actor: Actor, missed: list[TicketEvent], *, now: datetime,
                 done_labels: dict[str, str]) -> str:
    kept = "请查看最新情况后再办理，您填写的内容已保留。"
    if not missed:
        return f"该问题刚刚有变动。{kept}"
    latest = missed[0]
    if latest.actor_id == actor.person_id:
        who = "您在另一个页面"
    else:
        person = session.get(Person, latest.actor_id) if latest.actor_id else None
        who = person.name if person else "系统"
    at = to_local(latest.at)
    when = at.strftime("%H:%M") if at.date() == to_local(now).date() else at.strftime("%m-%d %H:%M")
    what = done_labels.get(latest.trigger) or f"已{TRIGGER_LABELS.get(latest.trigger, latest.trigger)}"
    more = f"（此前另有 {len(missed) - 1} 项变动）" if len(missed) > 1 else ""
    return f"该问题已有变动：{who} 于 {when} {what}{more}。{kept}"
