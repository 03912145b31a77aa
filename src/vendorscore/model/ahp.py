"""An AHP file: the criteria compared and one Saaty judgement per pair (maths in robustness/ahp.py).

criteria: [cost, security, language]
comparisons:
  cost: {security: 3, language: 5}   # cost is 3x as important as security, 5x as language
  security: {language: "1/2"}         # security is half as important as language
"""

from __future__ import annotations

import math
import re

from vendorscore.model.records import (
    IDENTIFIER,
    LAX_NUMBER,
    Record,
    before,
    dict_of,
    list_of,
    required,
)

__all__ = ["MAX_CRITERIA", "AhpInput"]

MAX_CRITERIA = 30
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


_JUDGEMENT = before(_judgement, LAX_NUMBER)


class AhpInput(Record):
    """An AHP file: the criteria (ids as in the criteria file) and one judgement per pair."""

    criteria: list[str] = required(list_of(IDENTIFIER, min_length=2, max_length=MAX_CRITERIA))
    comparisons: dict[str, dict[str, float]] = required(
        dict_of(IDENTIFIER, dict_of(IDENTIFIER, _JUDGEMENT))
    )
