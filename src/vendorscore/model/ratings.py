"""Evaluation panels: the rubric a rated criterion is scored on, and one evaluator's file.

A leaf criterion may be `rated:` by a panel instead of reading a profile field: its rubric
names anchored levels (1 to 5, each described in words), the roles allowed to rate it, and how
the ratings combine into one consensus value. Each evaluator writes one file (untrusted, like a
vendor profile): who, role, date, conflicts of interest, and per vendor a rating per criterion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vendorscore.model.criteria import COMBINE_RULES, Combine, Rubric
from vendorscore.model.limits import MAX_COMMENT_CHARS, MAX_EVALUATORS
from vendorscore.model.records import (
    DATE,
    IDENTIFIER,
    LAX_TEXT,
    NUMBER,
    TEXT,
    Locations,
    Record,
    defaulted,
    dict_of,
    list_of,
    one_of,
    optional,
    ref,
    required,
    text,
)

__all__ = [
    "COMBINE_RULES",
    "MAX_EVALUATORS",
    "Combine",
    "Conflict",
    "Evaluator",
    "EvaluatorFile",
    "Rating",
    "Rubric",
]


class Rating(Record):
    """One rating with the evaluator's comment."""

    rating: float = required(NUMBER, description="The level given, one of the rubric's (e.g. 4).")
    comment: str | None = optional(
        text(MAX_COMMENT_CHARS, min_length=1),
        description="Why, in a sentence or two (shown next to the other evaluators').",
    )


class Conflict(Record):
    """A declared conflict of interest: the evaluator does not rate this vendor."""

    vendor: str = required(TEXT, description="The vendor's name, as in its profile.")
    reason: str | None = optional(
        text(MAX_COMMENT_CHARS, min_length=1),
        description="What the conflict is (e.g. 'former employer, left 2024').",
    )


class EvaluatorFile(Record):
    """One evaluator's file: who, role, when, conflicts, and ratings per vendor and criterion."""

    evaluator: str = required(TEXT, description="The evaluator's name (e.g. 'Dana Whitfield').")
    role: str = required(
        IDENTIFIER, description="The evaluator's role on the panel (e.g. operations, quality)."
    )
    date: dt.date = required(DATE, description="When the ratings were made (e.g. 2026-11-20).")
    conflicts: list[Conflict] = defaulted(
        list_of(ref(Conflict)),
        factory=list,
        description="Vendors the evaluator has a conflict of interest with and does not rate.",
    )
    ratings: dict[str, dict[str, float | Rating]] = defaulted(
        dict_of(LAX_TEXT, dict_of(LAX_TEXT, one_of(NUMBER, ref(Rating)))),
        factory=dict,
        description="Per vendor name, per rated criterion id: a level (4) or "
        "{rating: 4, comment: '...'}.",
    )


@dataclass(frozen=True)
class Evaluator:
    """A validated evaluator file with where it came from (locations for later checks)."""

    spec: EvaluatorFile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)
