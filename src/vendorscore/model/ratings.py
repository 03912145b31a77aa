"""Evaluation panels: the rubric a rated criterion is scored on, and one evaluator's file.

A leaf criterion may be `rated:` by a panel instead of reading a profile field: its rubric
names anchored levels (1 to 5, each described in words), the roles allowed to rate it, and how
the ratings combine into one consensus value. Each evaluator writes one file (untrusted, like a
vendor profile): who, role, date, conflicts of interest, and per vendor a rating per criterion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.limits import (
    MAX_COMMENT_CHARS,
    MAX_EVALUATORS,
    MAX_RUBRIC_LEVEL,
    MAX_RUBRIC_LEVELS,
)
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
    integer,
    list_of,
    literal,
    number,
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

Combine = Literal["median", "mean", "trimmed_mean"]
COMBINE_RULES: tuple[Combine, ...] = get_args(Combine)


class Rubric(Record):
    """How a panel rates one criterion: anchored levels, who may rate, how ratings combine."""

    levels: dict[str, str] = required(
        dict_of(LAX_TEXT, text(500, min_length=1), min_length=2),
        description=(
            "The rubric's levels, consecutive whole numbers, each with what it means in words "
            '(e.g. {1: "no evidence", 3: "meets our standard", 5: "best seen"}); the lowest '
            "scores 0, the highest 100, evenly between."
        ),
    )
    roles: list[str] | None = optional(
        list_of(IDENTIFIER, min_length=1),
        description="The evaluator roles allowed to rate it (e.g. [operations, quality]); "
        "left out, any role may.",
    )
    combine: Combine = defaulted(
        literal(COMBINE_RULES),
        default="median",
        description="How the panel's ratings of one vendor combine: median (default), mean, "
        "or trimmed_mean (the mean after cutting `trim` of the ratings from each end).",
    )
    trim: float = defaulted(
        number(ge=0, lt=0.5),
        default=0.2,
        description="For trimmed_mean: the share of ratings cut from each end, 0 to under 0.5 "
        "(e.g. 0.2 cuts one of five from each end).",
    )
    disagreement: int | None = optional(
        integer(ge=1, le=MAX_RUBRIC_LEVELS),
        description="Flag a vendor when its ratings span at least this many levels (e.g. 2 on "
        "a 1-5 rubric); left out, half the rubric's span, rounded down.",
    )

    def _check(self) -> None:
        values: list[int] = []
        for key in self.levels:
            try:
                values.append(int(key))
            except ValueError:
                raise ValueError(
                    f"rubric level '{key}' is not a whole number; write levels as 1, 2, 3..."
                ) from None
        values.sort()
        if len(values) > MAX_RUBRIC_LEVELS:
            raise ValueError(f"a rubric has at most {MAX_RUBRIC_LEVELS} levels")
        if values[0] < -MAX_RUBRIC_LEVEL or values[-1] > MAX_RUBRIC_LEVEL:
            raise ValueError(
                f"rubric levels lie between -{MAX_RUBRIC_LEVEL} and {MAX_RUBRIC_LEVEL}"
            )
        if values != list(range(values[0], values[0] + len(values))):
            raise ValueError("rubric levels must be consecutive whole numbers (e.g. 1 to 5)")

    @property
    def scale(self) -> tuple[int, ...]:
        """The levels in order, lowest first."""
        return tuple(sorted(int(k) for k in self.levels))

    @property
    def low(self) -> int:
        """The lowest level (utility 0)."""
        return min(int(k) for k in self.levels)

    @property
    def high(self) -> int:
        """The highest level (utility 100)."""
        return max(int(k) for k in self.levels)

    @property
    def disagreement_levels(self) -> int:
        """The range of ratings, in levels, that flags a disagreement."""
        if self.disagreement is not None:
            return self.disagreement
        return max(1, (self.high - self.low) // 2)

    def anchor(self, level: int) -> str:
        """What a level means, in the rubric's words."""
        return next(v for k, v in self.levels.items() if int(k) == level)

    def describe(self) -> str:
        """One line for people, e.g. `rated 1-5 by operations, quality (median)`."""
        who = f" by {', '.join(self.roles)}" if self.roles else ""
        rule = f"trimmed mean {self.trim:g}" if self.combine == "trimmed_mean" else self.combine
        return f"rated {self.low}-{self.high}{who} ({rule})"


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
