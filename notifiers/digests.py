"""Digests: one message per channel per run (default 08:30 on working days) bundling that channel's
reminders, grouped by urgency (overdue, due today, due soon) with ticket numbers, villages and links.

A town with 200 overdue tickets gets a few messages, not 200: each group lists at most
``digest_group_limit`` lines and summarises the rest with a link; the webhook channel still gets every
item as data. Tickets due within 3 working days (or overdue) also @mention the responsible leader
(分管领导), as the 督办 practice does. ``Digest`` is unique per (channel, run), so a second run in the
same slot builds nothing, and a crash rolls the whole digest back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from notifiers.base import Notice
from notifiers.fanout import add_deliveries
from notifiers.policy import NotifyPolicy
from notifiers.render import Renderer, TemplateProblem
from notifiers.window import IsWorkingDay, digest_slot
from workflow.acknowledgements.service import ack_ids_for
from workflow.channels.models import NotifyChannel
from workflow.clock import to_local
from workflow.db import insert_ignoring_conflict, transaction
from workflow.orgs.models import OrgUnit
from workflow.outbox.models import Digest, DigestItem, OutboxMessage

URGENCIES = {"overdue": "已逾期", "due_today": "今日到期", "due_soon": "即将到期"}


@dataclass
class DigestLine:
    ticket_id: int | None
    ticket_number: str
    title: str
    place_name: str
    urgency: str
    due_date: str
    working_days_left: int | None
    url: str
    responsible_mobile: str | None
    leader_mobile: str | None
    leader_copied: bool = False
    ack_url: str = ""


@dataclass
class DigestReport:
    digests: int = 0
    deliveries: int = 0
    items: int = 0
    failed: int = 0


def line_from(message: OutboxMessage, renderer: Renderer, ack_id: int | None = None) -> DigestLine:
    p = message.payload or {}
    due_at = p.get("due_at")
    try:
        due_date = to_local(datetime.fromisoformat(due_at)).strftime("%m月%d日") if due_at else ""
    except ValueError:
        due_date = str(due_at)
    urgency = p.get("urgency") if p.get("urgency") in URGENCIES else "due_soon"
    return DigestLine(
        ticket_id=message.ticket_id, ticket_number=str(p.get("ticket_number") or ""), title=str(p.get("title") or ""),
        place_name=str(p.get("place_name") or ""), urgency=urgency, due_date=due_date,
        working_days_left=p.get("working_days_left"), url=renderer.ticket_url(message.ticket_id),
        responsible_mobile=p.get("responsible_mobile"), leader_mobile=p.get("leader_mobile"),
        ack_url=renderer.ack_url(ack_id),
    )


def _most_urgent_per_ticket(lines: list[DigestLine]) -> list[DigestLine]:
    """Two reminders for one ticket (due soon yesterday, overdue today) show once, as the more urgent."""
    order = list(URGENCIES)
    best: dict[str, DigestLine] = {}
    for line in lines:
        key = line.ticket_number or f"id:{line.ticket_id}"
        if key not in best or order.index(line.urgency) < order.index(best[key].urgency):
            best[key] = line
    return list(best.values())


def digest_notice(renderer: Renderer, lines: list[DigestLine], *, unit_name: str, policy: NotifyPolicy,
                  now: datetime) -> Notice:
    lines = _most_urgent_per_ticket(lines)
    mentions: list[str] = []
    leaders = 0
    for line in lines:
        if line.responsible_mobile:
            mentions.append(line.responsible_mobile)
        wd = line.working_days_left
        near = line.urgency != "due_soon" or (isinstance(wd, int) and wd <= policy.leader_copy_working_days)
        if line.leader_mobile and near:
            line.leader_copied = True
            mentions.append(line.leader_mobile)
            leaders += 1
    groups = []
    for key, label in URGENCIES.items():
        members = sorted((ln for ln in lines if ln.urgency == key),
                         key=lambda ln: (ln.working_days_left if isinstance(ln.working_days_left, int) else 0,
                                         ln.ticket_number))
        if members:
            shown = members[: policy.digest_group_limit]
            groups.append({"key": key, "label": label, "count": len(members), "lines": [asdict(x) for x in shown],
                           "more": len(members) - len(shown)})
    counts = {key: sum(1 for ln in lines if ln.urgency == key) for key in URGENCIES}
    context = {"unit_name": unit_name, "date": to_local(now).strftime("%m月%d日"), "total": len(lines),
               "counts": counts, "groups": groups, "list_url": f"{renderer.base_url}/tickets",
               "leader_count": leaders, "leader_days": policy.leader_copy_working_days,
               "mention_count": len(set(mentions))}
    data = {"unit_name": unit_name, "counts": counts, "items": [asdict(x) for x in lines]}
    return renderer.notice("digest", context, mentions=tuple(dict.fromkeys(mentions)), data=data)


def build_digests(sessions: sessionmaker[Session], *, now: datetime, policy: NotifyPolicy,
                  is_working_day: IsWorkingDay) -> DigestReport:
    """Bundle every channel's waiting reminders, if a digest slot has begun today inside the send window."""
    report = DigestReport()
    slot = digest_slot(now, policy.digest_times, policy.window.tz)
    if slot is None or not policy.window.is_open(now, is_working_day):
        return report
    with sessions() as session:
        channel_ids = session.scalars(
            select(DigestItem.channel_id).distinct()
            .join(NotifyChannel, NotifyChannel.id == DigestItem.channel_id)
            .join(OutboxMessage, OutboxMessage.id == DigestItem.message_id)
            .where(DigestItem.digest_id.is_(None), NotifyChannel.is_active, OutboxMessage.created_at <= slot)).all()
    for channel_id in channel_ids:
        with transaction(sessions) as session:
            _build_one(session, channel_id, slot, now=now, policy=policy, report=report)
    return report


def _build_one(session: Session, channel_id: int, slot: datetime, *, now: datetime, policy: NotifyPolicy,
               report: DigestReport) -> None:
    run_key = slot.strftime("%Y-%m-%d %H:%M")
    # The insert comes first: it takes SQLite's write lock, and the unique key makes the run idempotent.
    if not insert_ignoring_conflict(session, Digest, channel_id=channel_id, run_key=run_key, item_count=0,
                                    created_at=now):
        return
    digest = session.scalar(select(Digest).where(Digest.channel_id == channel_id, Digest.run_key == run_key))
    rows = session.execute(
        select(DigestItem.id, OutboxMessage).join(OutboxMessage, OutboxMessage.id == DigestItem.message_id)
        .where(DigestItem.channel_id == channel_id, DigestItem.digest_id.is_(None), OutboxMessage.created_at <= slot)
        .order_by(DigestItem.id)).all()
    if not rows:
        session.execute(delete(Digest).where(Digest.id == digest.id))
        return
    item_ids = [r[0] for r in rows]
    channel = session.get(NotifyChannel, channel_id)
    unit = session.get(OrgUnit, channel.unit_id)
    renderer = Renderer.for_session(session, policy.base_url, policy.ack_secret)
    try:
        acks = ack_ids_for(session, [r[1] for r in rows])
        lines = [line_from(r[1], renderer, acks.get(r[1].id)) for r in rows]
        notice = digest_notice(renderer, lines, unit_name=unit.name,
                               policy=policy, now=now)
    except TemplateProblem as exc:
        _give_back(session, digest, item_ids, [r[1].id for r in rows], str(exc))
        report.failed += len(rows)
        return
    session.execute(update(DigestItem).where(DigestItem.id.in_(item_ids)).values(digest_id=digest.id))
    digest.item_count = len(rows)
    report.deliveries += add_deliveries(session, channel, notice, kind="digest", now=now, key=f"digest:{digest.id}",
                                        digest_id=digest.id, quiet=True)
    report.digests += 1
    report.items += len(rows)


def _give_back(session: Session, digest: Digest, item_ids: list[int], message_ids: list[int], problem: str) -> None:
    """A template that fails to render: the messages become unroutable with the reason; retrying re-routes them."""
    session.execute(delete(DigestItem).where(DigestItem.id.in_(item_ids)))
    session.execute(delete(Digest).where(Digest.id == digest.id))
    session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(message_ids))
                    .values(status="unroutable", last_error=problem))
