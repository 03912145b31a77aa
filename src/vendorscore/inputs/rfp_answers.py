"""Answers from a returned questionnaire (workbook or CSV) to a validated vendor profile.

Both readers feed a `Response`: each answer with its profile path and where it sits (a cell such
as `Questions!C12`, or a CSV line). Answers are converted by their question's kind (a typed cell
is taken as typed; text is parsed as a number, yes/no or date only where the question asks for
one), assembled into the same plain data a YAML profile gives, and validated by the same record
schemas, so every message has the YAML wording, located at the cell or line it came from.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Literal, NamedTuple

from pydantic_core import ValidationError

from vendorscore.errors import Problem, ProfileError
from vendorscore.inputs.diagnostics import describe_value, problems_from_validation
from vendorscore.model.vendor import VendorProfile
from vendorscore.scoring.questions import Question, Questionnaire, template_id

__all__ = ["Flag", "Response", "Where", "check_text"]

Where = str | int  # a cell ("Questions!C12") or a line of a CSV file
Flag = Literal["", "formula", "error"]
Path = tuple[str | int, ...]

# What YAML refuses in text (C0 and C1 controls but tab, newline and carriage return; NEL is
# refused too), and the Unicode bidi controls that make text display in another order than it is
# stored (a vendor name that reads as another's).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_YES = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def check_text(text: str) -> str | None:
    """Why `text` cannot be taken as written (a control or bidi character), or None."""
    found = _CONTROL.search(text)
    if found:
        return f"control character U+{ord(found.group()):04X} is not allowed in text (remove it)"
    found = _BIDI.search(text)
    if found:
        return (
            f"bidirectional control character U+{ord(found.group()):04X} is not allowed in "
            "text (remove it)"
        )
    return None


_FIRST = 2


class _Bad(Exception):
    """An answer that cannot be converted; its message is the problem."""


class _Answer(NamedTuple):
    path: Path
    value: object
    spot: int


class Response:
    """One returned questionnaire being read: answers and problems, each with its place."""

    def __init__(self, file: str, questionnaire: Questionnaire) -> None:
        self.file = file
        self.questionnaire = questionnaire
        self.questions = questionnaire.lookup()
        self._spots: list[Where] = []
        self._answers: list[_Answer] = []
        self._keys: dict[Path, int] = {}
        self._cells: dict[str, int] = {}  # question id -> its first answer cell
        self._problems: list[tuple[int, Problem]] = []
        self._given: set[str] = set()  # questions with an answer, good or bad
        self.answered = 0

    def _spot(self, where: Where) -> int:
        self._spots.append(where)
        return len(self._spots) - 1

    def _located(self, spot: int, message: str) -> Problem:
        where = self._spots[spot]
        if isinstance(where, str):
            return Problem(message, self.file, cell=where)
        return Problem(message, self.file, where)

    def problem(self, where: Where | None, message: str) -> None:
        """A problem at `where` (None: the file as a whole)."""
        if where is None:
            self._problems.append((-1, Problem(message, self.file)))
            return
        spot = self._spot(where)
        self._problems.append((spot, self._located(spot, message)))

    def cell(self, question_id: str, where: Where) -> None:
        """Where the answer to `question_id` goes (answered or not), for a missing answer."""
        self._cells.setdefault(question_id, self._spot(where))

    def key(self, path: Path, where: Where) -> None:
        """Where a table key (a language tag) was written."""
        self._keys[path] = self._spot(where)

    def answer(self, path: Path, value: object, where: Where, flag: Flag = "") -> None:
        """One answer: `value` as read, for the question at profile `path`; blanks are dropped."""
        if isinstance(value, str) and not value.strip() and flag == "":
            return
        if value is None and flag == "":
            return
        spot = self._spot(where)
        name = ".".join(str(p) for p in path)
        qid = template_id(path)
        self._given.add(qid)
        question = self.questions[qid]
        try:
            converted = _convert(question, value, name, flag)
        except _Bad as exc:
            self._problems.append((spot, self._located(spot, str(exc))))
            return
        self._answers.append(_Answer(path, converted, spot))
        self.answered += 1

    def profile(self) -> VendorProfile:
        """The validated profile; ProfileError with every problem, located, in reading order."""
        # Locations go to the shared diagnostics as (line, column) pairs: the line is a spot's
        # index plus _FIRST, so its (1, 1) fallback for the unlocatable stays apart.
        data: dict[str, object] = {}
        values: dict[Path, tuple[int, int]] = {}
        for answer in self._answers:
            _place(data, answer.path, answer.value)
            for depth in range(len(answer.path) + 1):
                values.setdefault(answer.path[:depth], (answer.spot + _FIRST, 1))
        keys = {path: (spot + _FIRST, 1) for path, spot in self._keys.items()}
        problems = list(self._problems)
        missing: set[str] = set()
        for question in self.questionnaire.questions:
            if not question.required:
                continue
            # Validation reports a missing key at the document; the answer cell says more, and an
            # answer that could not be read is reported as such, not as missing.
            message = f"missing required key '{question.id}'"
            missing.add(message)
            if question.id not in self._given:
                spot = self._cells.get(question.id)
                if spot is None:
                    problems.append((-1, Problem(message, self.file)))
                else:
                    problems.append((spot, self._located(spot, message)))
        profile = None
        try:
            profile = VendorProfile.model_validate(data)
        except ValidationError as exc:
            found = problems_from_validation(
                exc, model=VendorProfile, file=self.file, values=values, keys=keys, data=data
            )
            for p in found:
                if p.message in missing:
                    continue  # already located at the answer cell
                spot = (p.line or 0) - _FIRST
                if spot >= 0:
                    problems.append((spot, self._located(spot, p.message)))
                else:
                    problems.append((-1, Problem(p.message, self.file)))
        if problems:
            problems.sort(key=lambda sp: sp[0])
            raise ProfileError([p for _, p in problems])
        assert profile is not None
        return profile


def _place(data: dict[str, object], path: Path, value: object) -> None:
    """Put `value` at `path` in nested dicts and lists (list indexes arrive in order)."""
    node: object = data
    for part, nxt in itertools.pairwise(path):
        fresh: object = [] if isinstance(nxt, int) else {}
        if isinstance(node, list):
            assert isinstance(part, int)
            while len(node) <= part:
                node.append(fresh if len(node) == part else {})
            node = node[part]
        else:
            assert isinstance(node, dict)
            node = node.setdefault(part, fresh)
    last = path[-1]
    if isinstance(node, list):
        assert isinstance(last, int)
        while len(node) < last:
            node.append(None)
        node.append(value)
    else:
        assert isinstance(node, dict)
        node[last] = value


def _convert(q: Question, value: object, name: str, flag: Flag) -> object:
    """An answer as the question's kind; _Bad says why it cannot be one."""
    if flag == "formula":
        shown = describe_value(value)
        raise _Bad(
            f"{name}: is a formula ({shown}); type the value itself (formulas are never "
            "calculated or trusted on import)"
        )
    if flag == "error":
        raise _Bad(f"{name}: is the error value {value}; type the value itself")
    if isinstance(value, str):
        reason = check_text(value)
        if reason:
            raise _Bad(f"{name}: {reason}")
        value = value.strip()
    if q.kind in ("number", "integer"):
        return _number(q, value)
    if q.kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _YES:
            return _YES[value.lower()]
        raise _Bad(f"{name}: must be yes or no, got {describe_value(value)}")
    if q.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date | str):
            return value
        raise _Bad(f"{name}: must be a date written YYYY-MM-DD, got {describe_value(value)}")
    # text and categories
    if isinstance(value, bool):
        raise _Bad(f"{name}: must be text, got {describe_value(value)}")
    if isinstance(value, dt.date):
        raise _Bad(
            f"{name}: must be text, got a date ({value:%Y-%m-%d}); format the cell as text and "
            "type it again"
        )
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return value


def _number(q: Question, value: object) -> object:
    """A number answer: typed numbers as they are, text such as `13.20` or `85%` parsed."""
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        if percent:
            text = text[:-1]
        if not _NUMBER.fullmatch(text):
            return value  # refused by the schema, with its wording
        if percent:
            return float(text) / 100
        value = int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text)
    if q.kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value
