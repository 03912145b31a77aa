"""AHP: criteria weights from Saaty 1-9 pairwise comparisons, with the consistency ratio.

The AHP file (YAML) names the criteria once and gives each pair's judgement once (upper triangle):

    criteria: [cost, security, language]
    comparisons:
      cost: {security: 3, language: 5}   # cost is 3x as important as security, 5x as language
      security: {language: "1/2"}         # security is half as important as language

A judgement `a: {b: x}` reads "a is x times as important as b"; x is 1..9 (2, 4, 6, 8 are
in-between steps), its reciprocal (1/2 .. 1/9) or, for finer work, any number in [1/9, 9]. Each
pair appears once, under either criterion; a pair given twice or left out is an error.

Weights are the principal right eigenvector of the comparison matrix (Saaty, "The Analytic
Hierarchy Process", McGraw-Hill, 1980); CI = (lambda_max - n) / (n - 1); CR = CI / RI(n) with
RI from Alonso and Lamata, "Consistency in the analytic hierarchy process: a new approach",
Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4):445-459, 2006 (up to 15
criteria; beyond, their regression RI(n) = (1.7699 n - 4.3513) / (n - 1)). A CR above 0.10 is
Saaty's threshold for judgements too inconsistent to use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from pydantic_core import ValidationError
from pydantic_core import core_schema as cs

from vendorscore.errors import CriteriaError, Problem
from vendorscore.records import IDENTIFIER, Record, required

__all__ = [
    "CR_THRESHOLD",
    "AhpInput",
    "AhpResult",
    "Judgement",
    "ahp_weights",
    "random_index",
    "rewrite_weights",
    "validate_ahp",
]

CR_THRESHOLD = 0.10
MAX_CRITERIA = 30

# Alonso & Lamata (2006), random index for n = 1..15 (n = 1, 2 are always consistent).
_RANDOM_INDEX = (
    0.0,
    0.0,
    0.5247,
    0.8816,
    1.1086,
    1.2479,
    1.3417,
    1.4057,
    1.4499,
    1.4854,
    1.5140,
    1.5365,
    1.5551,
    1.5713,
    1.5838,
)
_SAATY = tuple([Fraction(1, k) for k in range(9, 1, -1)] + [Fraction(k) for k in range(1, 10)])
_RATIO = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def _judgement(value: object) -> float:
    """A judgement as a float: a number, or a string '1/3', '3' or '0.5'."""
    if isinstance(value, bool):
        raise ValueError("must be a number like 3 or a ratio like '1/3', not true/false")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _RATIO.match(value)
        try:
            number = float(match[1]) / float(match[2]) if match else float(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError(
                f"must be a number like 3 or a ratio like '1/3', got '{value}'"
            ) from None
    else:
        raise ValueError("must be a number like 3 or a ratio like '1/3'")
    if not math.isfinite(number) or not 1 / 9 - 1e-9 <= number <= 9 + 1e-9:
        raise ValueError(f"must be between 1/9 and 9 (Saaty's scale), got {value}")
    return number


_JUDGEMENT = cs.no_info_before_validator_function(_judgement, cs.float_schema())


class AhpInput(Record):
    """An AHP file: the criteria (ids as in the criteria file) and one judgement per pair."""

    criteria: list[str] = required(
        cs.list_schema(IDENTIFIER, min_length=2, max_length=MAX_CRITERIA)
    )
    comparisons: dict[str, dict[str, float]] = required(
        cs.dict_schema(IDENTIFIER, cs.dict_schema(IDENTIFIER, _JUDGEMENT))
    )


@dataclass(frozen=True, slots=True)
class Judgement:
    """One pairwise judgement and how far it is from what the weights imply."""

    first: str
    second: str
    given: float  # "first is `given` times as important as second"
    implied: float  # w_first / w_second from the derived weights
    suggested: str  # the Saaty value nearest to `implied`, e.g. "3" or "1/2"

    @property
    def error_factor(self) -> float:
        """How many times too high (>1) or too low (<1) the judgement is against the weights."""
        return self.given / self.implied


@dataclass(frozen=True, slots=True)
class AhpResult:
    """Weights, consistency and the judgement that fits the weights worst."""

    criteria: tuple[str, ...]
    weights: tuple[float, ...]  # sum to 1
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float | None  # None for two criteria (always consistent)
    most_inconsistent: Judgement | None  # None when every judgement fits exactly
    threshold: float = CR_THRESHOLD

    @property
    def acceptable(self) -> bool:
        """CR at or below Saaty's 0.10 threshold (or not defined)."""
        return self.consistency_ratio is None or self.consistency_ratio <= self.threshold


def random_index(n: int) -> float:
    """Alonso & Lamata's (2006) random consistency index for an n x n comparison matrix."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n <= len(_RANDOM_INDEX):
        return _RANDOM_INDEX[n - 1]
    return (1.7699 * n - 4.3513) / (n - 1)


def _saaty_label(ratio: float) -> str:
    best = min(_SAATY, key=lambda f: abs(math.log(ratio / float(f))))
    return str(best.numerator) if best.denominator == 1 else f"1/{best.denominator}"


def ahp_weights(
    criteria: tuple[str, ...], judgements: Mapping[tuple[str, str], float]
) -> AhpResult:
    """Principal-eigenvector weights and consistency of a complete set of pairwise judgements."""
    n = len(criteria)
    index = {c: i for i, c in enumerate(criteria)}
    matrix = np.ones((n, n))
    for (a, b), value in judgements.items():
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1.0 / value
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    # Perron-Frobenius: the principal eigenvector of a positive matrix has one sign.
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()
    lam = float(eigenvalues[k].real)
    ci = max(0.0, (lam - n) / (n - 1)) if n > 1 else 0.0
    ri = random_index(n)
    cr = ci / ri if ri > 0 else None
    worst: Judgement | None = None
    worst_error = 1e-9
    for (a, b), value in judgements.items():
        implied = float(weights[index[a]] / weights[index[b]])
        error = abs(math.log(value / implied))
        if error > worst_error:
            worst_error = error
            worst = Judgement(a, b, value, implied, _saaty_label(implied))
    return AhpResult(criteria, tuple(float(w) for w in weights), lam, ci, ri, cr, worst)


Locations = Mapping[tuple[str | int, ...], tuple[int, int]]


def validate_ahp(
    data: object, *, file: str, values: Locations, keys: Locations
) -> tuple[tuple[str, ...], dict[tuple[str, str], float]]:
    """Parsed YAML of an AHP file to (criteria, judgements); every problem located, at once."""
    from vendorscore.diagnostics import problems_from_validation

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


_SCALAR = re.compile(r"[^\s,}\]#]+")


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
    edits = []
    for k, cid in enumerate(ids):
        where = values.get((*path, k, "weight"))
        if where is None:
            raise CriteriaError(Problem(f"criterion '{cid}' has no weight to replace", file))
        line, column = where
        found = _SCALAR.match(lines[line - 1], column - 1)
        if found is None:
            raise CriteriaError(Problem(f"cannot read the weight of '{cid}'", file, line, column))
        edits.append((line - 1, found.start(), found.end(), f"{100 * weights[cid]:.1f}"))
    for row, start, end, new in sorted(edits, reverse=True):
        lines[row] = lines[row][:start] + new + lines[row][end:]
    return "".join(lines)
