"""Issuing a 督办函 and recording the unit's reply (回复), each an event on the ticket and counted per unit.

Only the office issues, and only for a seriously overdue ticket: still with the unit, not submitted, and
past its deadline by at least ``min_overdue`` working days (``letter_min_overdue_working_days``). The
number comes from the shared per-prefix counter under its row lock (gapless, unique per year). Only the
addressed unit's operators reply; the reply closes the letter, and a second reply is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.actor import Actor
from workflow.calendar.reader import WorkingCalendar
from workflow.deadlines.local_time import local_date
from workflow.deadlines.targets import CHASED_STATES
from workflow.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from workflow.letters.models import SupervisionLetter
from workflow.orgs.models import OrgUnit
from workflow.orgs.scope import visible_unit_ids
from workflow.tickets import events, queries
from workflow.tickets.models import Ticket
from workflow.tickets.numbering import next_number
from workflow.tickets.storage import EvidenceStore
from workflow.uploads.checks import Upload, check_uploads

DEFAULT_MIN_OVERDUE = 3
DEFAULT_REPLY_WITHIN = 5
MAX_TEXT = 4000


class LetterRefused(DomainError):
    status = 409
    code = "letter_refused"
    message = "当前不能发督办函"


@dataclass
class LetterInput:
    requirement: str
    reply_due_on: date | None = None


def issue_letter(session: Session, *, actor: Actor, ticket_id: int, data: LetterInput, now: datetime,
                 min_overdue: int = DEFAULT_MIN_OVERDUE) -> SupervisionLetter:
    ticket = queries.get_visible(session, actor, ticket_id)
    if not actor.has_any("office"):
        raise PermissionDenied("只有领导小组办公室可以发督办函")
    calendar = WorkingCalendar(session)
    late = overdue_working_days(ticket, calendar, now)
    if late < min_overdue:
        raise LetterRefused(f"督办函用于严重逾期的问题：逾期满 {min_overdue} 个工作日、仍在整改中且未提交验收"
                            f"（该问题{'逾期 ' + str(late) + ' 个工作日' if late else '未逾期或不在整改中'}）")
    requirement = (data.requirement or "").strip()
    if not requirement:
        raise InvalidInput("请填写督办要求", detail={"field": "requirement"})
    today = local_date(now)
    reply_due_on = data.reply_due_on or calendar.add_working_days(today, DEFAULT_REPLY_WITHIN)
    if reply_due_on <= today:
        raise InvalidInput("回复期限须晚于今天", detail={"field": "reply_due_on"})
    unit = session.get(OrgUnit, ticket.lead_unit_id)
    seq = int(next_number(session, prefix="督办函", year=today.year).rsplit("-", 1)[1])
    letter = SupervisionLetter(
        number=f"督办函〔{today.year}〕{seq}号", year=today.year, seq=seq, ticket_id=ticket.id, unit_id=unit.id,
        problem=f"{ticket.number} {ticket.title}" + (f"：{ticket.description}" if ticket.description else ""),
        requirement=requirement[:MAX_TEXT], reply_due_on=reply_due_on, issued_by_id=actor.person_id,
        issued_at=now, status="open", reply_text="")
    session.add(letter)
    session.flush()
    events.record(session, ticket, trigger="supervision_letter", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=requirement[:MAX_TEXT],
                  payload={"letter_id": letter.id, "number": letter.number, "unit_id": unit.id,
                           "reply_due_on": reply_due_on.isoformat(), "overdue_working_days": late})
    return letter


def reply_letter(session: Session, *, actor: Actor, letter_id: int, text: str, upload: Upload | None,
                 now: datetime, store: EvidenceStore) -> SupervisionLetter:
    letter = get_visible_letter(session, actor, letter_id)
    unit = session.get(OrgUnit, letter.unit_id)
    if not actor.has_any("operator") or not actor.covers(unit.path):
        raise PermissionDenied("只有被督办单位的工作人员可以回复督办函")
    if letter.status != "open":
        raise LetterRefused("该督办函已回复，不能重复回复")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("请填写回复内容", detail={"field": "text"})
    if upload is not None:
        checked = check_uploads([upload], has_thumbnail=store.has_thumbnail_of)[0]
        letter.reply_sha256 = store.put(checked.content, thumbnail=checked.thumbnail)
        letter.reply_filename, letter.reply_content_type = checked.filename, checked.content_type
    letter.reply_text, letter.status = text[:MAX_TEXT], "replied"
    letter.replied_by_id, letter.replied_at = actor.person_id, now
    session.flush()
    ticket = session.get(Ticket, letter.ticket_id)
    events.record(session, ticket, trigger="supervision_reply", actor=actor, at=now, from_state=ticket.state,
                  to_state=ticket.state, comment=letter.reply_text,
                  payload={"letter_id": letter.id, "number": letter.number, "unit_id": letter.unit_id,
                           "file": letter.reply_filename, "late": local_date(now) > letter.reply_due_on})
    return letter


def overdue_working_days(ticket: Ticket, calendar: WorkingCalendar, now: datetime) -> int:
    """Working days past the deadline of a ticket still with its unit; 0 when it is not overdue or not chased."""
    if ticket.state not in CHASED_STATES or ticket.awaiting_verification or ticket.due_at is None:
        return 0
    if now <= ticket.due_at or ticket.lead_unit_id is None:
        return 0
    return calendar.working_days_between(local_date(ticket.due_at), local_date(now))


def get_visible_letter(session: Session, actor: Actor, letter_id: int) -> SupervisionLetter:
    letter = session.get(SupervisionLetter, letter_id)
    if letter is None:
        raise NotFound("督办函不存在或无权查看")
    queries.get_visible(session, actor, letter.ticket_id)
    return letter


def letters_of(session: Session, actor: Actor, ticket_id: int) -> list[SupervisionLetter]:
    queries.get_visible(session, actor, ticket_id)
    return list(session.scalars(select(SupervisionLetter).where(SupervisionLetter.ticket_id == ticket_id)
                                .order_by(SupervisionLetter.id)))


def letter_counts(session: Session, actor: Actor, *, year: int) -> dict[int, int]:
    """督办函 per addressed unit in a year, for the units the actor may see."""
    return dict(session.execute(
        select(SupervisionLetter.unit_id, func.count(SupervisionLetter.id))
        .where(SupervisionLetter.year == year, SupervisionLetter.unit_id.in_(visible_unit_ids(actor)))
        .group_by(SupervisionLetter.unit_id)).tuples().all())


__all__ = ["LetterInput", "LetterRefused", "issue_letter", "letters_of", "reply_letter"]
