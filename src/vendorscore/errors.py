"""One exception base for everything a user can get wrong, with located, readable messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

__all__ = [
    "ASK_FOR",
    "CriteriaError",
    "DependencyError",
    "InputError",
    "MissingInputError",
    "OutputError",
    "Problem",
    "ProfileError",
    "ScoringError",
    "VendorScoreError",
]


# How a library message asks for an input the call did not give. The command line says the
# same with its option (`pass --demand FILE`): library messages never name flags.
ASK_FOR = {
    "demand": "give a demand profile",
    "ratings": "give the panel's evaluator files",
    "rate": "give the rate with the run as",
}


class Problem(NamedTuple):
    """One thing wrong with the input, at a place in a file when that is known."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    cell: str | None = None  # a spreadsheet cell, "Questions!C12", instead of line and column

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file
        if ":" in where:  # `a:3:4.yaml:1:2:` would be ambiguous; quoted it is not
            where = '"' + where.replace('"', '\\"') + '"'
        if self.cell is not None:
            where += f":{self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class VendorScoreError(Exception):
    """Base of every error meant for the user; carries one or more located problems."""

    exit_code = 2

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(VendorScoreError):
    """A file could not be read or parsed (missing, too large, not YAML, unsafe YAML)."""


class ProfileError(VendorScoreError):
    """A vendor profile is invalid."""


class CriteriaError(VendorScoreError):
    """A criteria file is invalid or does not fit the vendor profiles."""


class MissingInputError(CriteriaError):
    """The criteria set reads figures that need an input the call did not give (`needs`)."""

    def __init__(self, problems: Problem | str | Iterable[Problem], *, needs: str) -> None:
        super().__init__(problems)
        self.needs = needs  # a key of ASK_FOR, e.g. "demand"


class DependencyError(VendorScoreError, ImportError):
    """An optional library a feature needs is not installed (the message says how to add it)."""


class ScoringError(VendorScoreError):
    """Scoring found a value it cannot turn into a utility (e.g. an unmapped category)."""


class OutputError(VendorScoreError):
    """An output file cannot be written safely (would overwrite an input, is locked, ...)."""
