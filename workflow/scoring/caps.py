"""The checklist as a score tree, and the caps on deductions (rule 17, seed 004).

Points sit on areas and indicators (004: 责任落实 200 → 1.1 市县党委和政府责任落实 50 → items without
points). A leaf's cap is the points of its nearest ancestor (or itself) that has points, and the sum of
the deductions under any node with points never exceeds that node's points — so an item never deducts
more than its indicator, and an area never more than the area (its subtotal never goes below 0).

A deduction that would break a cap is refused with the reason, not clipped: the inspector sees at once
that the figure is wrong. Scores are still computed with ``capped()`` so that two saves racing on sibling
items (each checked alone) can never push a subtotal below 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.checklists.models import ChecklistItem
from workflow.errors import InvalidInput

EPSILON = 1e-9


@dataclass
class ScoreTree:
    items: dict[int, ChecklistItem]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    def chain(self, item_id: int) -> list[ChecklistItem]:
        """The item and its ancestors that carry points, nearest first."""
        found, node = [], self.items.get(item_id)
        while node is not None:
            if node.points is not None:
                found.append(node)
            node = self.items.get(node.parent_id) if node.parent_id else None
        return found

    def cap_of(self, item_id: int) -> float | None:
        chain = self.chain(item_id)
        return chain[0].points if chain else None

    @property
    def areas(self) -> list[ChecklistItem]:
        """The outermost nodes with points (004: the four areas); their points add up to the total."""
        return [i for i in self.items.values() if i.points is not None and len(self.chain(i.id)) == 1]

    @property
    def total_points(self) -> float:
        return sum(a.points for a in self.areas)

    def leaves_under(self, node_id: int) -> list[int]:
        kids = self.children.get(node_id, [])
        if not kids:
            return [node_id]
        return [leaf for k in kids for leaf in self.leaves_under(k)]

    def capped(self, node_id: int, deductions: dict[int, float]) -> float:
        """What the node deducts: its leaves' deductions summed, held at every node's points on the way up."""
        kids = self.children.get(node_id, [])
        total = sum(self.capped(k, deductions) for k in kids) if kids else deductions.get(node_id) or 0.0
        points = self.items[node_id].points
        return min(total, points) if points is not None else total


def tree_of(session: Session, checklist_id: str) -> ScoreTree:
    items = list(session.scalars(select(ChecklistItem).where(ChecklistItem.checklist_id == checklist_id)
                                 .order_by(ChecklistItem.position)))
    tree = ScoreTree({i.id: i for i in items})
    for i in items:
        tree.children.setdefault(i.parent_id, []).append(i.id)
    return tree


def checked_deduction(tree: ScoreTree, item_id: int, value: float | None, mark: str,
                      others: dict[int, float]) -> float | None:
    """The deduction to store for ``item_id``, or a refusal in Chinese. ``others``: the unit's other items."""
    if value is None or value == 0:
        return None if value is None else 0.0
    if not math.isfinite(value):
        raise InvalidInput("扣分须为数字", detail={"field": "deduction"})
    if value < 0:
        raise InvalidInput("扣分不能为负数", detail={"field": "deduction"})
    if mark != "fail":
        raise InvalidInput("扣分的条目须标为“不符合”", detail={"field": "deduction"})
    value = round(value, 2)
    chain = tree.chain(item_id)
    if not chain:
        raise InvalidInput("该条目没有分值，不能扣分", detail={"field": "deduction"})
    for node in chain:
        used = sum(others.get(leaf) or 0.0 for leaf in tree.leaves_under(node.id) if leaf != item_id)
        if used + value > node.points + EPSILON:
            left = max(node.points - used, 0.0)
            others_text = f"，同一指标下其他条目已扣 {used:g} 分" if used else ""
            raise InvalidInput(f"扣分超过上限：{node.code} 分值 {node.points:g} 分{others_text}，"
                               f"本项最多扣 {left:g} 分",
                               detail={"field": "deduction", "cap": node.points, "code": node.code,
                                       "already": used, "left": left})
    return value
