"""How much a move costs: a Machine built per ticket versus the one shared machine (states/ticket.py).

Run: .venv/bin/python benchmarks/machine.py
"""

from __future__ import annotations

import time
import tracemalloc

from transitions import Machine

from states.ticket import MACHINE, MOVES, STATES, Move, fire

N = 5000


def _move() -> Move:
    return Move(state="found", roles=frozenset({"office"}), has_responsible_unit=True)


def per_row_machine() -> float:
    """What the issue forbids: a Machine constructed for each row on each request."""
    transitions = [
        {"trigger": t, "source": s, "dest": d, "conditions": MACHINE.events[t].transitions[s][0].conditions[0].func}
        for t, s, d, _r, _g in MOVES
    ]
    start = time.perf_counter()
    for _ in range(N):
        move = _move()
        Machine(model=move, states=STATES, initial="found", auto_transitions=False, send_event=True,
                transitions=transitions)
        move.trigger("assign")
    return (time.perf_counter() - start) / N * 1e6


def shared_machine() -> float:
    start = time.perf_counter()
    for _ in range(N):
        fire(_move(), "assign")
    return (time.perf_counter() - start) / N * 1e6


def bytes_per_bound_row() -> int:
    tracemalloc.start()
    keep = []
    before = tracemalloc.take_snapshot()
    for _ in range(200):
        move = _move()
        keep.append(Machine(model=move, states=STATES, initial="found", auto_transitions=False,
                            transitions=[{"trigger": t, "source": s, "dest": d} for t, s, d, _r, _g in MOVES]))
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return sum(s.size_diff for s in after.compare_to(before, "filename")) // 200


if __name__ == "__main__":
    per_row, shared = per_row_machine(), shared_machine()
    print(f"moves timed: {N} each")
    print(f"machine per row : {per_row:8.1f} µs per move")
    print(f"shared machine  : {shared:8.1f} µs per move  ({per_row / shared:.1f}x faster)")
    print(f"memory per bound Machine: ~{bytes_per_bound_row() / 1024:.1f} KiB (shared machine: 0 per row)")
