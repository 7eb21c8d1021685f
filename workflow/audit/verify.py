"""``zhenggai audit verify``: walk every ticket's chain and every anchor; name the first broken link.

Per ticket, in seq order, each event must hash to its stored hash (else *edited*), follow its
predecessor without a gap (else *missing*), link to the predecessor's hash (else that predecessor was
*edited* and re-hashed), and keep the id order (else *reordered*). A ticket without any event lost its
filing event (*missing*). Anchors are then recomputed from the events they cover: a tail event deleted
or a chain rewritten wholesale after the anchor shows up there, and a deleted or altered anchor breaks
the anchors' own chain. Reads run in one snapshot (REPEATABLE READ on PostgreSQL) and never lock writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.audit.anchors import anchor_digest
from workflow.audit.chain import GENESIS, event_hash
from workflow.audit.models import AuditAnchor
from workflow.tickets.models import Ticket, TicketEvent

KINDS = {"edited": "被修改", "missing": "缺失", "reordered": "顺序被调换"}
BATCH = 5000


@dataclass(frozen=True)
class Break:
    kind: str  # edited | missing | reordered
    detail: str
    ticket_number: str | None = None
    event_id: int | None = None
    anchor_day: date | None = None

    def line(self) -> str:
        where = f"问题 {self.ticket_number}" if self.ticket_number else f"锚点 {self.anchor_day}"
        event = f" 事件 #{self.event_id}" if self.event_id is not None else ""
        return f"{where}{event}：{KINDS[self.kind]}（{self.kind}）— {self.detail}"


@dataclass
class Report:
    tickets: int = 0
    events: int = 0
    anchors: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(session: Session) -> Report:
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    report = Report()
    numbers = dict(session.execute(select(Ticket.id, Ticket.number)).all())
    report.tickets = len(numbers)
    seen = _walk_chains(session, numbers, report)
    for ticket_id in sorted(numbers.keys() - seen):
        report.breaks.append(Break("missing", "没有任何事件（登记事件已被删除）", numbers[ticket_id]))
    report.breaks.sort(key=lambda b: (b.ticket_number is None, b.ticket_number or "", b.event_id or 0))
    _check_anchors(session, report)
    return report


def _walk_chains(session: Session, numbers: dict[int, str], report: Report) -> set[int]:
    rows = session.connection().execute(
        select(TicketEvent.id, TicketEvent.ticket_id, TicketEvent.seq, TicketEvent.at, TicketEvent.actor_id,
               TicketEvent.trigger, TicketEvent.from_state, TicketEvent.to_state, TicketEvent.comment,
               TicketEvent.payload, TicketEvent.prev_hash, TicketEvent.hash)
        .order_by(TicketEvent.ticket_id, TicketEvent.seq).execution_options(yield_per=BATCH))
    seen: set[int] = set()
    for ticket_id, chain in groupby(rows, key=lambda r: r.ticket_id):
        seen.add(ticket_id)
        broken = None
        expected_seq, expected_prev, prev_id = 1, GENESIS, 0
        for row in chain:
            report.events += 1
            if broken is None:
                broken = _link_break(row, expected_seq, expected_prev, prev_id)
                if broken is not None:
                    kind, event_id, detail = broken
                    report.breaks.append(Break(kind, detail, numbers.get(ticket_id, f"#{ticket_id}"), event_id))
            expected_seq, expected_prev, prev_id = row.seq + 1, row.hash, row.id
    return seen


def _link_break(row, expected_seq: int, expected_prev: str, prev_id: int) -> tuple[str, int, str] | None:
    recomputed = event_hash(ticket_id=row.ticket_id, seq=row.seq, at=row.at, actor_id=row.actor_id,
                            trigger=row.trigger, from_state=row.from_state, to_state=row.to_state,
                            comment=row.comment, payload=row.payload, prev_hash=row.prev_hash, from_database=True)
    if recomputed != row.hash:
        return "edited", row.id, "内容与其哈希不符"
    if row.seq > expected_seq:
        gap = f"第 {expected_seq} 条" if row.seq == expected_seq + 1 else f"第 {expected_seq}–{row.seq - 1} 条"
        return "missing", row.id, f"本条是第 {row.seq} 条，之前的{gap}事件不见了"
    if row.prev_hash != expected_prev:
        return "edited", prev_id or row.id, f"前一条事件已被改写并重新计算了哈希（事件 #{row.id} 记录的前序哈希对不上）"
    if row.id < prev_id:
        return "reordered", row.id, f"第 {row.seq} 条事件的编号小于前一条（#{prev_id}）"
    return None


def _check_anchors(session: Session, report: Report) -> None:
    anchors = list(session.scalars(select(AuditAnchor).order_by(AuditAnchor.id)))
    report.anchors = len(anchors)
    if not anchors:
        return
    rows = session.connection().execute(
        select(TicketEvent.id, TicketEvent.ticket_id, TicketEvent.seq, TicketEvent.hash)
        .order_by(TicketEvent.id).execution_options(yield_per=BATCH))
    heads: dict[int, tuple[int, str]] = {}
    counted, index, previous = 0, 0, None
    for event_id, ticket_id, seq, digest in rows:
        while index < len(anchors) and event_id > anchors[index].last_event_id:
            _check_anchor(anchors[index], previous, heads, counted, report)
            previous, index = anchors[index], index + 1
        heads[ticket_id] = (seq, digest)
        counted += 1
    for anchor in anchors[index:]:
        _check_anchor(anchor, previous, heads, counted, report)
        previous = anchor


def _check_anchor(anchor: AuditAnchor, previous: AuditAnchor | None, heads: dict[int, tuple[int, str]],
                  counted: int, report: Report) -> None:
    expected_prev = previous.digest if previous is not None else GENESIS
    if anchor.prev_digest != expected_prev or (previous is not None and previous.day >= anchor.day):
        report.breaks.append(Break("missing", "锚点链断开：前一个锚点被删除或改动", anchor_day=anchor.day))
        return
    digest, _ = anchor_digest(day=anchor.day, last_event_id=anchor.last_event_id, prev_digest=anchor.prev_digest,
                              heads=((tid, *heads[tid]) for tid in sorted(heads)))
    if digest == anchor.digest:
        return
    if counted < anchor.events:
        report.breaks.append(Break("missing", f"锚定时有 {anchor.events} 条事件（至 #{anchor.last_event_id}），"
                                              f"现在只有 {counted} 条：有事件被删除", anchor_day=anchor.day))
    else:
        report.breaks.append(Break("edited", f"锚定后，至事件 #{anchor.last_event_id} 的历史被改写"
                                             "（摘要与锚点不符）", anchor_day=anchor.day))
