"""The machine table itself (pure, no database): every legal move, every illegal one, every guard."""

from __future__ import annotations

import pytest

from states.ticket import MOVES, STATES, TRIGGERS, Move, MoveRefused, fire, may

ALL_ROLES = ("admin", "office", "inspector", "operator", "leader")


def ready(state: str, role: str, **facts) -> Move:
    """A move whose facts satisfy every guard, so only role and state decide."""
    base = dict(state=state, roles=frozenset({role}), actor_id=7, comment="理由充分", has_responsible_unit=True,
                actor_in_lead_unit=True, plan="整改措施", evidence_count=1, awaiting_verification=False,
                submitted_by_id=99)
    base["awaiting_verification"] = bool(facts.pop("awaiting", False))
    return Move(**(base | facts))


LEGAL = [(t, s, d, r) for t, s, d, roles, _ in MOVES for r in sorted(roles)]


@pytest.mark.parametrize(("trigger", "source", "dest", "role"), LEGAL)
def test_each_legal_move_reaches_its_destination(trigger, source, dest, role):
    awaiting = trigger in ("verify", "reject")
    move = ready(source, role, awaiting=awaiting)
    assert fire(move, trigger) == dest
    assert move.state == dest


ILLEGAL_STATE = [(t, s) for t in TRIGGERS for s in STATES if not any(m[0] == t and m[1] == s for m in MOVES)]


@pytest.mark.parametrize(("trigger", "state"), ILLEGAL_STATE)
def test_a_trigger_from_the_wrong_state_is_refused_and_nothing_moves(trigger, state):
    move = ready(state, "office")
    move.roles = frozenset(ALL_ROLES)
    with pytest.raises(MoveRefused) as err:
        fire(move, trigger)
    assert "不能执行" in err.value.reasons[0]
    assert move.state == state


ILLEGAL_ROLE = [(t, s, r) for t, s, _d, roles, _ in MOVES for r in ALL_ROLES if r not in roles]


@pytest.mark.parametrize(("trigger", "source", "role"), ILLEGAL_ROLE)
def test_a_role_that_may_not_press_is_refused(trigger, source, role):
    move = ready(source, role, awaiting=trigger in ("verify", "reject"))
    with pytest.raises(MoveRefused) as err:
        fire(move, trigger)
    assert "您的角色无权执行此操作" in err.value.reasons
    assert move.state == source


def test_unknown_trigger_is_refused():
    with pytest.raises(MoveRefused, match="未知操作"):
        fire(ready("found", "office"), "destroy")


@pytest.mark.parametrize(
    ("trigger", "state", "role", "facts", "reason"),
    [
        ("assign", "found", "office", {"has_responsible_unit": False}, "尚未指定责任单位"),
        ("return", "assigned", "operator", {"comment": "  "}, "必须填写理由"),
        ("return", "assigned", "operator", {"actor_in_lead_unit": False}, "牵头责任单位"),
        ("accept", "assigned", "operator", {"plan": ""}, "整改措施"),
        ("accept", "assigned", "operator", {"actor_in_lead_unit": False}, "牵头责任单位"),
        ("submit", "rectifying", "operator", {"evidence_count": 0}, "佐证材料"),
        ("submit", "rectifying", "operator", {"comment": ""}, "整改情况"),
        ("submit", "rectifying", "operator", {"awaiting": True}, "已提交验收"),
        ("verify", "rectifying", "inspector", {"awaiting": False}, "尚未提交验收"),
        ("verify", "rectifying", "inspector", {"awaiting": True, "submitted_by_id": 7}, "不能是整改材料的提交人"),
        ("reject", "rectifying", "inspector", {"awaiting": False}, "尚未提交验收"),
        ("reject", "rectifying", "inspector", {"awaiting": True, "comment": ""}, "必须填写理由"),
        ("reopen", "closed", "office", {"comment": ""}, "必须填写理由"),
    ],
)
def test_each_guard_refuses_with_its_reason(trigger, state, role, facts, reason):
    move = ready(state, role, **facts)
    with pytest.raises(MoveRefused) as err:
        fire(move, trigger)
    assert any(reason in r for r in err.value.reasons), err.value.reasons
    assert move.state == state


def test_every_failing_guard_is_reported_not_only_the_first():
    move = ready("rectifying", "operator", evidence_count=0, comment="")
    with pytest.raises(MoveRefused) as err:
        fire(move, "submit")
    assert len(err.value.reasons) == 2


def test_may_lists_the_buttons_for_role_and_state():
    assert may(ready("rectifying", "inspector")) == ["reject", "verify"]
    assert may(ready("rectifying", "operator")) == ["submit"]
    assert may(ready("verified", "operator")) == []
    assert may(ready("closed", "leader")) == []
