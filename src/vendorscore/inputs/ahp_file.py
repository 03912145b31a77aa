"""Reading an AHP file (every problem located) and writing derived weights into a criteria file."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic_core import ValidationError

from vendorscore.errors import CriteriaError, Problem
from vendorscore.inputs.diagnostics import problems_from_validation
from vendorscore.model.ahp import AhpInput
from vendorscore.model.criteria import CriterionNode
from vendorscore.model.records import Locations

__all__ = ["check_rewritten", "rewrite_weights", "validate_ahp"]


def validate_ahp(
    data: object, *, file: str, values: Locations, keys: Locations
) -> tuple[tuple[str, ...], dict[tuple[str, str], float]]:
    """Parsed YAML of an AHP file to (criteria, judgements); every problem located, at once."""

    if not isinstance(data, dict):
        raise CriteriaError(Problem("expected `criteria:` and `comparisons:` keys", file, 1, 1))
    try:
        parsed = AhpInput.model_validate(data)
    except ValidationError as exc:
        raise CriteriaError(
            problems_from_validation(
                exc, model=AhpInput, file=file, data=data, values=values, keys=keys
            )
        ) from None

    def at(path: tuple[str | int, ...], message: str) -> Problem:
        line, column = keys.get(path) or values.get(path) or (None, None)
        return Problem(message, file, line, column)

    problems: list[Problem] = []
    criteria = tuple(parsed.criteria)
    seen: set[str] = set()
    for i, name in enumerate(criteria):
        if name in seen:
            problems.append(at(("criteria", i), f"'{name}' is listed twice"))
        seen.add(name)
    judgements: dict[tuple[str, str], float] = {}
    for a, row in parsed.comparisons.items():
        if a not in seen:
            problems.append(at(("comparisons", a), f"'{a}' is not in `criteria`"))
            continue
        for b, value in row.items():
            if b not in seen:
                problems.append(at(("comparisons", a, b), f"'{b}' is not in `criteria`"))
            elif a == b:
                problems.append(at(("comparisons", a, b), f"'{a}' is compared with itself"))
            elif (b, a) in judgements or (a, b) in judgements:
                problems.append(
                    at(("comparisons", a, b), f"the pair {a}/{b} is judged twice; keep one")
                )
            else:
                judgements[(a, b)] = value
    missing = [
        f"{a}/{b}"
        for i, a in enumerate(criteria)
        for b in criteria[i + 1 :]
        if a != b and (a, b) not in judgements and (b, a) not in judgements
    ]
    if missing and not problems:
        shown = ", ".join(missing[:8]) + (
            f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        )
        problems.append(at(("comparisons",), f"missing judgements for {shown}"))
    if problems:
        raise CriteriaError(problems)
    return criteria, judgements


# The weight's value where its node starts: an anchor (`&w`) is kept before it, an alias (`*w`)
# is replaced by the number itself.
_SCALAR = re.compile(r"(&[^\s,}\]]+\s+)?([^\s,}\]#]+)")


def _groups(
    nodes: object, path: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], list[str]]]:
    """Every sibling group in a criteria file's data: (path of its list, the ids in it)."""
    if not isinstance(nodes, list):
        return []
    ids = [n.get("id") for n in nodes if isinstance(n, dict)]
    found = [(path, [i for i in ids if isinstance(i, str)])]
    for k, node in enumerate(nodes):
        if isinstance(node, dict) and "criteria" in node:
            found += _groups(node["criteria"], (*path, k, "criteria"))
    return found


def rewrite_weights(
    text: str, data: object, values: Locations, weights: Mapping[str, float], *, file: str
) -> str:
    """The criteria file's text with one sibling group's weights replaced in place (as percent).

    Only the weight values change: comments, order, quoting and every other line are kept.
    """
    wanted = set(weights)
    groups = _groups(data.get("criteria") if isinstance(data, dict) else None, ("criteria",))
    match = [(path, ids) for path, ids in groups if set(ids) == wanted]
    if not match:
        near = next((ids for _, ids in groups if wanted & set(ids)), None)
        hint = f"; its group has {', '.join(near)}" if near else ""
        raise CriteriaError(
            Problem(
                f"the AHP criteria ({', '.join(sorted(wanted))}) are not exactly the criteria of "
                f"one group in this file{hint}",
                file,
            )
        )
    path, ids = match[0]
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    for k, cid in enumerate(ids):
        where = values.get((*path, k, "weight"))
        if where is None:
            raise CriteriaError(Problem(f"criterion '{cid}' has no weight to replace", file))
        line, column = where
        found = _SCALAR.match(lines[line - 1], column - 1)
        if found is None:
            raise CriteriaError(Problem(f"cannot read the weight of '{cid}'", file, line, column))
        if any(e[:2] == (line - 1, found.start(2)) for e in edits):
            raise CriteriaError(
                Problem(
                    f"the weights of '{cid}' and another criterion are one YAML value (an anchor "
                    "and its alias); give each weight its own number",
                    file,
                    line,
                    column,
                )
            )
        edits.append((line - 1, found.start(2), found.end(2), _percent(weights[cid])))
    for row, start, end, new in sorted(edits, reverse=True):
        lines[row] = lines[row][:start] + new + lines[row][end:]
    return "".join(lines)


def _percent(weight: float) -> str:
    return f"{100 * weight:.1f}"


def check_rewritten(text: str, weights: Mapping[str, float], *, file: str) -> None:
    """Refuse an edited criteria file that is not valid, or does not give each criterion exactly
    its new weight: nothing is written then."""
    from vendorscore.inputs.loading import criteria_from_text

    try:
        criteria = criteria_from_text(text, file)
    except CriteriaError as exc:
        raise CriteriaError(
            Problem(f"writing the weights would leave an invalid file: {p.message}", *p[1:])
            for p in exc.problems
        ) from None
    nodes: dict[str, CriterionNode] = {}
    pending = list(criteria.spec.criteria)
    while pending:
        node = pending.pop()
        nodes[node.id] = node
        pending.extend(node.criteria or ())
    wrong = [cid for cid, w in weights.items() if nodes[cid].weight != float(_percent(w))]
    if wrong:
        shown = ", ".join(f"'{cid}' to {_percent(weights[cid])}" for cid in wrong)
        raise CriteriaError(Problem(f"cannot edit the weights in place; set {shown} by hand", file))
