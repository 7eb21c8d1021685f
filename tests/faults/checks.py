"""What must hold after every kill and restart, read straight from the database and the fake robot."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.fakes.wecom import FakeWeCom
from tests.faults.workload import Acked
from workflow.escalation.models import Interview
from workflow.outbox.models import Delivery, DeliveryAttempt, OutboxMessage
from workflow.reminders.models import Reminder
from workflow.tickets.models import Evidence, Ticket, TicketEvent
from workflow.tickets.storage import EvidenceStore


@dataclass
class Findings:
    checked_writes: int = 0
    lost: list[str] = field(default_factory=list)
    replay_mismatches: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)  # sent twice with no interrupted attempt to explain it
    resent_after_kill: int = 0  # at-least-once: the kill fell between the robot's answer and the commit
    phantom: list[str] = field(default_factory=list)  # received by the robot, unknown to the database
    sent: int = 0
    pending: int = 0
    unrouted: int = 0  # outbox messages not yet fanned out to deliveries
    doubled_keys: list[str] = field(default_factory=list)
    integrity: str = "ok"

    @property
    def failures(self) -> list[str]:
        broken = self.lost + self.replay_mismatches + self.duplicated + self.phantom + self.doubled_keys
        return broken + ([] if self.integrity == "ok" else [f"integrity_check: {self.integrity}"])


def check(session: Session, acked: Acked, robot: FakeWeCom | None, data_dir: Path) -> Findings:
    """``robot`` None: between kills, when the dispatcher is mid-flight and the robot's side cannot be judged."""
    found = Findings()
    _acknowledged_writes_present(session, acked, data_dir, found)
    _states_replay_from_events(session, found)
    if robot is not None:
        _deliveries_once_or_pending(session, robot, found)
    _no_doubled_keys(session, found)
    if session.get_bind().dialect.name == "sqlite":
        found.integrity = session.execute(text("PRAGMA integrity_check")).scalar_one()
    return found


def _acknowledged_writes_present(session: Session, acked: Acked, data_dir: Path, found: Findings) -> None:
    versions = dict(session.execute(select(Ticket.id, Ticket.version)).all())
    events = Counter(session.execute(select(TicketEvent.ticket_id, TicketEvent.trigger)).all())
    found.lost += [f"ticket {t} acknowledged, missing" for t in acked.tickets if t not in versions]
    expected = Counter((t, trigger) for t, trigger, _ in acked.moves)
    found.lost += [f"ticket {t}: {n} × {trig} acknowledged, {events[(t, trig)]} in its events"
                   for (t, trig), n in expected.items() if events[(t, trig)] < n]
    found.lost += [f"ticket {t}: version {v} acknowledged, {versions.get(t)} stored"
                   for t, _, v in acked.moves if versions.get(t, -1) < v]
    stored = dict(session.execute(select(Evidence.id, Evidence.sha256)).all())
    for evidence_id, sha in acked.evidence.items():
        path = EvidenceStore(data_dir).path_for(sha)
        on_disk = path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == sha
        if stored.get(evidence_id) != sha or not on_disk:
            found.lost.append(f"evidence {evidence_id} acknowledged, row {stored.get(evidence_id)!r}, file {on_disk}")
    found.checked_writes = acked.writes


def _states_replay_from_events(session: Session, found: Findings) -> None:
    chains: dict[int, list[tuple[str | None, str | None]]] = defaultdict(list)
    for ticket_id, before, after in session.execute(
            select(TicketEvent.ticket_id, TicketEvent.from_state, TicketEvent.to_state).order_by(TicketEvent.id)):
        chains[ticket_id].append((before, after))
    for ticket_id, state in session.execute(select(Ticket.id, Ticket.state)):
        replayed = None
        for before, after in chains.get(ticket_id, []):
            if after is None:
                continue
            if before != replayed:
                found.replay_mismatches.append(f"ticket {ticket_id}: event from {before} after {replayed}")
            replayed = after
        if replayed != state:
            found.replay_mismatches.append(f"ticket {ticket_id}: state {state}, events replay to {replayed}")


def _deliveries_once_or_pending(session: Session, robot: FakeWeCom, found: Findings) -> None:
    """At least once, and more than once only when a kill fell between the robot's answer and our commit
    (the attempt is then recorded as interrupted): that window cannot be closed from our side."""
    received = Counter(_fingerprint(r.body) for r in robot.delivered())
    interrupted = set(session.scalars(select(DeliveryAttempt.delivery_id).where(
        DeliveryAttempt.outcome == "interrupted")))
    known = set()
    found.unrouted = session.scalar(select(func.count()).where(OutboxMessage.status == "pending"))
    for delivery in session.scalars(select(Delivery)):  # the one channel is the harness robot
        fingerprint = _fingerprint(delivery.payload)
        known.add(fingerprint)
        copies = received[fingerprint]
        if delivery.status != "sent":
            found.pending += 1
            continue
        found.sent += 1
        if copies > 1 and delivery.id in interrupted:
            found.resent_after_kill += 1
        elif copies != 1:
            found.duplicated.append(f"delivery {delivery.id} ({delivery.dedupe_key}) arrived {copies} times")
    found.phantom += [f"the robot got a message the database does not know: {f[:80]}" for f in received
                      if f not in known]


def _fingerprint(body: dict) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def _no_doubled_keys(session: Session, found: Findings) -> None:
    for model, column in ((Reminder, Reminder.dedupe_key), (Interview, Interview.episode_key),
                          (Delivery, Delivery.dedupe_key)):
        doubled = session.execute(select(column, func.count()).group_by(column).having(func.count() > 1)).all()
        found.doubled_keys += [f"{model.__tablename__} {key} × {n}" for key, n in doubled]
