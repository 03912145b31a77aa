"""Returned questionnaires as two-column CSV (question id, answer), for buyers' RFP portals.

The question ids are the workbook's: `pricing.rate`; a list question repeats its id, one line per
item (`security.certifications`); a site's answers are `sites.N.city` (N is the site's row, from
1); a language's are `languages.TAG.proficiency`. An optional first line `question,answer` is a
header. Every problem is located as `file.csv:LINE`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from vendorscore.errors import InputError, Problem
from vendorscore.inputs.rfp_answers import Flag, Response, check_text
from vendorscore.inputs.rfp_workbook import read_bytes
from vendorscore.model.codes import canonical_language_tag
from vendorscore.scoring.questions import Questionnaire

__all__ = ["MAX_CSV_BYTES", "read_csv"]

MAX_CSV_BYTES = 1_000_000
_HEADERS = {("question", "answer"), ("question_id", "answer"), ("id", "answer")}
_ROW = re.compile(r"^([a-z_]+)\.(\d{1,4})\.([a-z_]+)$")  # sites.3.city
_KEYED = re.compile(r"^([a-z_]+)\.([^.]+)\.([a-z_]+)$")  # languages.es-MX.agents


def read_csv(path: Path, questionnaire: Questionnaire) -> tuple[Response, str]:
    """A returned CSV's answers and its SHA-256; InputError when the file is refused whole."""
    file = str(path)
    data, digest = read_bytes(path)
    if len(data) > MAX_CSV_BYTES:
        raise InputError(Problem(f"is {len(data):,} bytes; the limit is {MAX_CSV_BYTES:,}", file))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(Problem("is not UTF-8 text (save the CSV as UTF-8)", file, line)) from None
    response = Response(file, questionnaire)
    _Reader(response, questionnaire).read(text)
    return response, digest


class _Reader:
    def __init__(self, response: Response, questionnaire: Questionnaire) -> None:
        self.response = response
        self.plain = {q.id: q for q in questionnaire.questions}
        self.tables = {t.id: t for t in questionnaire.tables}
        self.seen: dict[str, int] = {}
        self.items: dict[str, int] = {}
        self.rows: dict[tuple[str, int], int] = {}  # (table, N) -> list index
        self.tags: dict[str, str] = {}

    def read(self, text: str) -> None:
        lines = text.splitlines(keepends=True)
        reader = csv.reader(lines, strict=True)
        first = True
        while True:
            line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.response.problem(line, f"not valid CSV: {exc}")
                return
            if not record or all(not field.strip() for field in record):
                continue
            if first and tuple(f.strip().lower() for f in record[:2]) in _HEADERS:
                first = False
                continue
            first = False
            if len(record) != 2:
                self.response.problem(
                    line, f"expected two columns (question id, answer), found {len(record)}"
                )
                continue
            self.line(line, record[0].strip(), record[1])

    def line(self, line: int, qid: str, answer: str) -> None:
        value: object = answer
        # A CSV holds no formulas, but a portal may export one as its text: never a value.
        flag: Flag = "formula" if answer.lstrip().startswith("=") else ""
        question = self.plain.get(qid)
        if question is not None:
            if not question.many and qid in self.seen:
                self.response.problem(
                    line, f"question '{qid}' appears twice (first on line {self.seen[qid]})"
                )
                return
            self.seen.setdefault(qid, line)
            self.response.cell(qid, line)
            if not answer.strip():
                return
            path: tuple[str | int, ...] = tuple(qid.split("."))
            if question.many:
                path = (*path, self.items.get(qid, 0))
                self.items[qid] = self.items.get(qid, 0) + 1
            self.response.answer(path, value, line, flag)
            return
        table_path = self._table_path(line, qid)
        if table_path is None:
            return
        if qid in self.seen:
            self.response.problem(
                line, f"question '{qid}' appears twice (first on line {self.seen[qid]})"
            )
            return
        self.seen[qid] = line
        self.response.answer(table_path, value, line, flag)

    def _table_path(self, line: int, qid: str) -> tuple[str | int, ...] | None:
        """The profile path of a table answer (`sites.2.city`, `languages.fr.agents`)."""
        shown = qid if len(qid) <= 60 else qid[:57] + "..."
        unknown = f"unknown question id '{shown}'"
        row = _ROW.match(qid)
        keyed = _KEYED.match(qid)
        if row and row.group(1) in self.tables and self.tables[row.group(1)].key is None:
            table, number, column = row.group(1), int(row.group(2)), row.group(3)
            if column not in {c.id.rsplit(".", 1)[-1] for c in self.tables[table].columns}:
                self.response.problem(line, unknown)
                return None
            if number < 1:
                self.response.problem(line, f"{table}: rows are numbered from 1, got {number}")
                return None
            # Sites are listed in the order their numbers first appear.
            count = sum(1 for t, _ in self.rows if t == table)
            index = self.rows.setdefault((table, number), count)
            return (table, index, column)
        if keyed and keyed.group(1) in self.tables and self.tables[keyed.group(1)].key:
            table, tag, column = keyed.groups()
            if column not in {c.id.rsplit(".", 1)[-1] for c in self.tables[table].columns}:
                self.response.problem(line, unknown)
                return None
            reason = check_text(tag)
            if reason:
                self.response.problem(line, f"{table}: {reason}")
                return None
            canonical = canonical_language_tag(tag)
            first = self.tags.setdefault(canonical, tag)
            if first != tag:
                self.response.problem(
                    line, f"{table}: language {canonical} is given twice (as {first} and {tag})"
                )
                return None
            self.response.key((table, tag), line)
            return (table, tag, column)
        self.response.problem(line, unknown)
        return None
