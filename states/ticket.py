"""The ticket machine: one table of moves, one shared ``transitions.Machine``.

found → assigned → rectifying → verified → closed (发现 → 交办 → 整改中 → 验收 → 销号).
Seed rules enforced here: rule 8 (evidence required, verifier is not the submitter) and
rule 9 (close only from verified; reopen after a look-back).

The machine is built once at import with ``model=None`` and fired through
``MACHINE.events[trigger].trigger(move)``: binding a ``Machine`` per row costs an order of
magnitude more (see README, "State machine cost").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from transitions import Machine, MachineError

STATES = ["found", "assigned", "rectifying", "verified", "closed"]

STATE_LABELS = {
    "found": "发现问题",
    "assigned": "已交办",
    "rectifying": "整改中",
    "verified": "已验收",
    "closed": "已销号",
}

TRIGGER_LABELS = {
    "assign": "交办",
    "accept": "签收",
    "submit": "提交验收",
    "verify": "验收通过",
    "reject": "验收不通过（返工）",
    "close": "销号",
    "reopen": "重新整改",
    "return": "退回",
}


@dataclass
class Move:
    """What a guard may look at: the ticket's current facts and who is pressing."""

    state: str
    roles: frozenset[str]
    actor_id: int | None = None
    comment: str = ""
    has_responsible_unit: bool = False
    actor_in_lead_unit: bool = False
    plan: str = ""
    evidence_count: int = 0  # files of this round never seen on the ticket before
    recycled_evidence_count: int = 0  # files of this round already on the ticket (an earlier round, the finding)
    awaiting_verification: bool = False
    submitted_by_id: int | None = None
    flag_count: int = 0  # flags on this round's after and verification photos (workflow/provenance)
    justification: str = ""  # why the verifier passes over them; the comment serves when none is given
    verifier_photo_needed: bool = False  # the campaign wants the verifier's own photo and none is uploaded
    refusals: list[str] = field(default_factory=list)


Guard = Callable[[Move], str | None]


def _text(value: str | None) -> bool:
    return bool(value and value.strip())


def has_responsible_unit(m: Move) -> str | None:
    return None if m.has_responsible_unit else "尚未指定责任单位，不能交办"


def has_reason(m: Move) -> str | None:
    return None if _text(m.comment) else "必须填写理由"


def has_plan(m: Move) -> str | None:
    return None if _text(m.plan) else "签收时必须填写整改措施"


def has_evidence(m: Move) -> str | None:
    if m.evidence_count > 0:
        return None
    if m.recycled_evidence_count:
        return "本轮上传的材料与该问题此前的材料完全相同，不能作为新的整改材料，请上传整改后新拍摄的照片或文件"
    return "提交验收前必须上传本轮整改的佐证材料（照片或文件）"


def has_description(m: Move) -> str | None:
    return None if _text(m.comment) else "必须说明已完成的整改情况"


def is_awaiting_verification(m: Move) -> str | None:
    return None if m.awaiting_verification else "该问题尚未提交验收"


def is_not_awaiting_verification(m: Move) -> str | None:
    return "该问题已提交验收，请等待验收结果" if m.awaiting_verification else None


def verifier_is_not_submitter(m: Move) -> str | None:
    if m.submitted_by_id is not None and m.submitted_by_id == m.actor_id:
        return "验收人不能是整改材料的提交人"
    return None


def flags_are_justified(m: Move) -> str | None:
    if m.flag_count and not _text(m.justification):
        return f"本轮整改照片有 {m.flag_count} 处疑点，验收通过须填写一句核实说明"
    return None


def has_verifier_photo(m: Move) -> str | None:
    return "该检查领域要求验收人上传自己拍摄的现场照片（验收时），请先上传" if m.verifier_photo_needed else None


def actor_in_lead_unit(m: Move) -> str | None:
    return None if m.actor_in_lead_unit else "只有牵头责任单位的人员可以执行此操作"


#  trigger    source        dest          who may press              what must hold
MOVES: list[tuple[str, str, str, frozenset[str], list[Guard]]] = [
    ("assign", "found", "assigned", frozenset({"office", "inspector"}), [has_responsible_unit]),
    ("return", "assigned", "found", frozenset({"operator"}), [actor_in_lead_unit, has_reason]),
    ("accept", "assigned", "rectifying", frozenset({"operator"}), [actor_in_lead_unit, has_plan]),
    ("submit", "rectifying", "rectifying", frozenset({"operator"}),
     [actor_in_lead_unit, is_not_awaiting_verification, has_evidence, has_description]),
    ("reject", "rectifying", "rectifying", frozenset({"inspector", "office"}),
     [is_awaiting_verification, has_reason]),
    ("verify", "rectifying", "verified", frozenset({"inspector", "office"}),
     [is_awaiting_verification, verifier_is_not_submitter, has_verifier_photo, flags_are_justified]),
    ("close", "verified", "closed", frozenset({"office"}), []),
    ("reopen", "closed", "rectifying", frozenset({"office", "inspector"}), [has_reason]),
]

TRIGGERS = [name for name, *_ in MOVES]


class MoveRefused(Exception):
    """Raised with every reason a move was refused, in Chinese, for the user."""

    def __init__(self, trigger: str, reasons: list[str]):
        self.trigger = trigger
        self.reasons = reasons
        super().__init__("；".join(reasons))


def _checker(roles: frozenset[str], guards: list[Guard]) -> Callable:
    """One condition per move that records every failing reason, not only the first."""

    def check(event) -> bool:
        move: Move = event.model
        if not roles & move.roles:
            move.refusals.append("您的角色无权执行此操作")
        move.refusals.extend(reason for guard in guards if (reason := guard(move)))
        return not move.refusals

    return check


MACHINE = Machine(
    model=None,
    states=STATES,
    initial=None,
    auto_transitions=False,
    send_event=True,
    transitions=[
        {"trigger": t, "source": s, "dest": d, "conditions": [_checker(roles, guards)]}
        for t, s, d, roles, guards in MOVES
    ],
)


def fire(move: Move, trigger: str) -> str:
    """Run the move on the shared machine; return the new state or raise ``MoveRefused``."""
    if trigger not in MACHINE.events:
        raise MoveRefused(trigger, [f"未知操作：{trigger}"])
    if not MACHINE.events[trigger].transitions.get(move.state):
        label = TRIGGER_LABELS.get(trigger, trigger)
        raise MoveRefused(trigger, [f"当前状态“{STATE_LABELS[move.state]}”不能执行“{label}”"])
    move.refusals = []
    try:
        moved = MACHINE.events[trigger].trigger(move)
    except MachineError as exc:  # pragma: no cover - guarded by the source check above
        raise MoveRefused(trigger, [str(exc)]) from exc
    if not moved:
        raise MoveRefused(trigger, list(move.refusals) or ["条件不满足"])
    return move.state


def may(move: Move) -> list[str]:
    """The triggers this actor could press now; the pages turn these into buttons."""
    allowed = []
    for trigger, source, _dest, roles, _guards in MOVES:
        if source != move.state or not roles & move.roles:
            continue
        allowed.append(trigger)
    return allowed


# Guards that read what the user types on the move's form: a button is offered before anything is typed.
FORM_GUARDS: frozenset[Guard] = frozenset({has_reason, has_plan, has_description, flags_are_justified})


def blockers(move: Move, trigger: str) -> list[str]:
    """Why the facts already on the ticket refuse ``trigger`` now, the form's text aside.

    The pages show a move's form only when this is empty, and otherwise say why not
    (e.g. 提交验收 before any evidence of this round is uploaded).
    """
    for name, source, _dest, roles, guards in MOVES:
        if name == trigger and source == move.state:
            reasons = [] if roles & move.roles else ["您的角色无权执行此操作"]
            return reasons + [r for g in guards if g not in FORM_GUARDS and (r := g(move))]
    return [f"当前状态“{STATE_LABELS.get(move.state, move.state)}”不能执行“{TRIGGER_LABELS.get(trigger, trigger)}”"]
