"""Through the service and a real database (both): in every state, every trigger the table does not
allow from that state is refused, and the row, its version and its timeline stay as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from states.ticket import MOVES, STATES, TRIGGERS
from tests.conftest import START
from tests.helpers import PNG
from workflow.accounts.service import actor_for
from workflow.errors import TransitionRefused
from workflow.tickets.evidence import Upload, attach_evidence
from workflow.tickets.filing import file_ticket
from workflow.tickets.models import Ticket, TicketEvent
from workflow.tickets.moves import MoveInput, apply_trigger
from workflow.tickets.schemas import TicketCreate
from workflow.tickets.storage import EvidenceStore

PATH = [("inspector", "assign", {}), ("village", "accept", {"plan": "整改"}), ("village", "submit", {}),
        ("inspector", "verify", {}), ("office", "close", {})]
STATE_AFTER = {0: "found", 1: "assigned", 2: "rectifying", 4: "verified", 5: "closed"}


def drive_to(session, world, steps: int, tmp_path) -> Ticket:
    actor = actor_for(session, world.people["inspector"])
    ticket = file_ticket(session, actor=actor, now=START, data=TicketCreate(
        title="状态测试", place_id=world.units["dongfeng"], lead_unit_id=world.units["dongfeng"]))
    for username, trigger, extra in PATH[:steps]:
        who = actor_for(session, world.people[username])
        if trigger == "submit":
            attach_evidence(session, actor=who, ticket_id=ticket.id, stage="rectified", comment="",
                            uploads=[Upload("a.png", "image/png", PNG)], now=START, store=EvidenceStore(tmp_path))
        apply_trigger(session, actor=who, ticket_id=ticket.id, now=START,
                      data=MoveInput(trigger, ticket.version, comment="ok", **extra))
    return ticket


@pytest.mark.parametrize("steps", sorted(STATE_AFTER))
def test_triggers_not_allowed_from_a_state_are_refused_and_change_nothing(session, world, steps, tmp_path):
    ticket = drive_to(session, world, steps, tmp_path)
    state = STATE_AFTER[steps]
    assert ticket.state == state
    session.commit()
    allowed = {t for t, s, *_ in MOVES if s == state}
    office = actor_for(session, world.people["office"])
    events_before = session.scalar(select(func.count()).select_from(TicketEvent))
    for trigger in set(TRIGGERS) - allowed:
        with pytest.raises(TransitionRefused, match="不能执行"):
            apply_trigger(session, actor=office, ticket_id=ticket.id, now=START,
                          data=MoveInput(trigger, ticket.version, comment="x", plan="x"))
        session.rollback()
    session.expire_all()
    fresh = session.get(Ticket, ticket.id)
    assert (fresh.state, fresh.version) == (state, 1 + steps)
    assert session.scalar(select(func.count()).select_from(TicketEvent)) == events_before


def test_every_state_is_reachable_on_the_happy_path():
    assert set(STATE_AFTER.values()) == set(STATES)
