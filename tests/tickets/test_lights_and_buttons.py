"""The buttons offered from the machine (lights: tests/test_deadline_policies.py and tests/pages)."""

from __future__ import annotations

from datetime import UTC, datetime

from states.ticket import Move, blockers, may

NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def test_submit_is_offered_but_blocked_until_this_rounds_evidence_is_uploaded():
    move = Move(state="rectifying", roles=frozenset({"operator"}), actor_in_lead_unit=True, has_responsible_unit=True)
    assert "submit" in may(move)
    assert blockers(move, "submit") == ["提交验收前必须上传本轮整改的佐证材料（照片或文件）"]
    move.evidence_count = 1
    assert blockers(move, "submit") == []  # the description is typed on the form, so it does not block the button


def test_verify_is_blocked_until_submitted_and_for_the_submitter_himself():
    move = Move(state="rectifying", roles=frozenset({"inspector"}), actor_id=7)
    assert blockers(move, "verify") == ["该问题尚未提交验收"]
    move.awaiting_verification, move.submitted_by_id = True, 7
    assert blockers(move, "verify") == ["验收人不能是整改材料的提交人"]
    assert blockers(move, "reject") == []


def test_a_trigger_from_the_wrong_state_is_blocked_with_the_reason():
    move = Move(state="closed", roles=frozenset({"office"}))
    assert blockers(move, "verify") == ["当前状态“已销号”不能执行“验收通过”"]
