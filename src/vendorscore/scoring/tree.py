"""The weighted criteria tree, rolled up for one vendor: group utilities and effective weights.

A group's utility is the weighted mean of its children's that have one; a leaf excluded as
missing (utility None) drops out and its siblings share its weight. A node's effective weight
is its share of the total after those exclusions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vendorscore.model.results import CriterionInfo, MissingPolicy

__all__ = ["MISSING_UTILITY", "Node", "RolledUp", "build_tree", "roll_up"]

# The utility a missing value scores under each policy; None leaves it out (exclude).
MISSING_UTILITY: dict[MissingPolicy, float | None] = {
    "worst": 0.0,
    "neutral": 50.0,
    "exclude": None,
}


class Node:
    """A criterion with its raw weight and its children (none for a leaf)."""

    __slots__ = ("children", "id", "weight")

    def __init__(self, id: str, weight: float, children: tuple[Node, ...]) -> None:
        self.id, self.weight, self.children = id, weight, children


# One vendor's tree: every node's utility (None when excluded), and its effective weight.
RolledUp = tuple[dict[str, float | None], dict[str, float]]


def build_tree(infos: Sequence[CriterionInfo]) -> tuple[tuple[Node, ...], tuple[str, ...]]:
    """The top-level nodes, and the order of group ids that rolled-up utilities follow."""
    by_id = {c.id: c for c in infos}

    def node(c: CriterionInfo) -> Node:
        return Node(c.id, c.weight, tuple(node(by_id[k]) for k in c.children))

    # Results list groups after the leaves, the last group first (the order JSON shows).
    groups = tuple(c.id for c in reversed(infos) if not c.is_leaf)
    return tuple(node(c) for c in infos if c.parent is None), groups


def roll_up(
    top: Sequence[Node], groups: Sequence[str], leaf_utilities: Mapping[str, float | None]
) -> RolledUp:
    """Group utilities bottom-up, then effective weights top-down, for one vendor."""
    utilities: dict[str, float | None] = dict(leaf_utilities)
    utilities.update(dict.fromkeys(groups))

    def mean(node: Node) -> float | None:
        if not node.children:
            return utilities[node.id]
        num = den = 0.0
        for child in node.children:
            u = mean(child)
            if u is not None:
                num += child.weight * u
                den += child.weight
        utilities[node.id] = u = num / den if den > 0 else None
        return u

    for node in top:
        mean(node)
    effective: dict[str, float] = {}

    def share_out(nodes: Sequence[Node], share: float) -> None:
        live = 0.0  # the siblings' weight that is not excluded
        for n in nodes:
            if utilities[n.id] is not None:
                live += n.weight
        for n in nodes:
            present = live > 0 and utilities[n.id] is not None
            effective[n.id] = share * n.weight / live if present else 0.0
            if n.children:
                share_out(n.children, effective[n.id])

    share_out(top, 1.0)
    return utilities, effective
