"""Saved results read back: the round trip, and every way a mailed file can be wrong.

Each bad input gives one clear located line (`file:line:col: message`), exit code 2 from the CLI
(see test_cli_diff.py); positions are found in the test's own text, never guessed.
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SAMPLES

from vendorscore.compare.runs import compare_runs
from vendorscore.errors import InputError
from vendorscore.inputs import saved_result
from vendorscore.inputs.loading import (
    criteria_from_text,
    input_files,
    load_criteria,
    load_vendors,
    vendor_from_text,
)
from vendorscore.inputs.saved_result import read_saved_run, saved_run_from_text
from vendorscore.model.results import Ranking
from vendorscore.model.saved import saved_run
from vendorscore.report.text import ranking_json
from vendorscore.scoring.pipeline import score

HINT = "save one with `vendorscore rank ... --format json > FILE`"


@pytest.fixture(scope="module")
def ranking() -> Ranking:
    vendors = load_vendors([SAMPLES])
    crit = load_criteria("default")
    return score(vendors, crit, inputs=input_files(vendors, crit))


@pytest.fixture(scope="module")
def tiny() -> str:
    """A one-vendor, two-leaf result: small enough to edit and locate problems by hand."""
    crit = criteria_from_text(
        "name: t\ncurrency: USD\ncriteria:\n"
        "  - {id: price, weight: 1, field: derived.rate, scale: {linear: {worst: 40, best: 8}}}\n"
        "  - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0.5, best: 1}}}\n"
    )
    vendor = vendor_from_text(
        "name: X\ndelivery_model: nearshore\n"
        "pricing: {currency: USD, model: per_productive_hour, rate: 24}\nscorecard: {fcr: 0.75}\n",
        file="x.yaml",
    )
    return ranking_json(score([vendor], crit, inputs=input_files([vendor], crit)))


def problems(text: str, source: str = "r.json") -> list[str]:
    with pytest.raises(InputError) as caught:
        saved_run_from_text(text, source)
    assert caught.value.exit_code == 2
    return [str(p) for p in caught.value.problems]


def at(text: str, needle: str, nth: int = 0) -> str:
    """`line:col` of the `nth` occurrence of `needle` in `text` (1-based, as messages give)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def quoted(text: str, word: str) -> str:
    """`line:col` of the JSON string `"word"` in `text`."""
    return at(text, json.dumps(word))


def edited(text: str, change: Any) -> str:
    doc = json.loads(text)
    change(doc)
    return json.dumps(doc, indent=2)


# ---------------------------------------------------------------- the round trip


def test_a_saved_ranking_reads_back_as_the_run_it_saved(ranking: Ranking) -> None:
    read = saved_run_from_text(ranking_json(ranking), "r.json")
    live = saved_run(ranking, source="r.json", tool_version=read.tool_version)
    assert read.criteria == live.criteria  # weights keep every digit
    assert read.inputs == live.inputs and read.requirement_rules == live.requirement_rules
    for a, b in zip(read.vendors, live.vendors, strict=True):
        assert (a.name, a.rank, a.eligible, a.failed_requirements) == (
            b.name, b.rank, b.eligible, b.failed_requirements,
        )  # fmt: skip
        assert a.effective_weights == b.effective_weights
        assert a.values == b.values
        assert a.total == pytest.approx(b.total, abs=1e-10)  # totals keep 10 decimals
    # Compared with itself (one side saved, one side live): nothing changed, not even by 1e-10.
    comparison = compare_runs(read, live)
    assert comparison.criteria_changed == () and comparison.notes == ()
    assert {v.status for v in comparison.vendors} == {"same", "still_knocked_out"}
    assert all(v.leaves == () for v in comparison.vendors)


def test_keys_a_newer_vendorscore_adds_are_ignored(tiny: str) -> None:
    text = edited(tiny, lambda d: d.update(extra={"x": 1}) or d["vendors"][0].update(more=[1]))
    assert saved_run_from_text(text, "r.json").vendors[0].name == "X"


# ---------------------------------------------------------------- not a saved result


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", f"r.json:1:1: not a saved vendorscore result; {HINT}"),
        ('{"a": 1}', f"r.json:1:1: not a saved vendorscore result; {HINT}"),
        ('{"demand_name": "week", "vendors": []}',
         f"r.json:1:1: not a saved vendorscore result; {HINT}"),
        ('{"format": "vendorscore-diff", "vendors": []}',
         f"r.json:1:1: a `diff` document, not a saved ranking; {HINT}"),
        ("# What changed\n", f"r.json:1:1: not JSON, so not a saved vendorscore result; {HINT}"),
    ],
)  # fmt: skip
def test_json_that_is_not_a_saved_ranking_says_so(text: str, message: str) -> None:
    assert problems(text) == [message]


def test_a_ranking_saved_before_format_versions_says_to_save_it_again(tiny: str) -> None:
    text = edited(tiny, lambda d: [d.pop("format"), d.pop("format_version")])
    assert problems(text) == [
        "r.json:1:1: saved by a vendorscore that did not record the weights and values a "
        "comparison needs (no `format_version`); run `vendorscore rank ... --format json` again "
        "on the same files to save it anew"
    ]


def test_a_newer_format_version_is_refused_at_its_key(tiny: str) -> None:
    text = edited(tiny, lambda d: d.update(format_version=2, tool_version="0.9.0"))
    assert problems(text) == [
        f"r.json:{at(text, '2,')}: saved in result format 2 by vendorscore 0.9.0; this "
        "vendorscore (0.1.0) reads format 1 and older: upgrade vendorscore to compare it"
    ]


def test_a_truncated_file_says_it_is_cut_short(tiny: str) -> None:
    text = tiny[: tiny.index(",", len(tiny) // 2) + 1]  # after a value, not inside a string
    lines = text.split("\n")
    [message] = problems(text)
    assert message == (
        f"r.json:{len(lines)}:{len(lines[-1]) + 1}: the JSON ends early: the file is cut short "
        f"(truncated?); {HINT}"
    )
    # Cut inside a string: the same message, at the string's start.
    cut = tiny.index('"nearshore"') + 4
    assert problems(tiny[:cut])[0].endswith(
        f"the JSON ends early: the file is cut short (truncated?); {HINT}"
    )


def test_broken_json_is_located() -> None:
    text = '{"format": "vendorscore-ranking",\n  "x": [1, 2,, 3]}'
    assert problems(text) == ["r.json:2:14: not valid JSON: Expecting value"]


def test_a_repeated_key_is_refused_where_it_repeats(tiny: str) -> None:
    text = tiny.replace('"name": "X",', '"name": "X",\n      "name": "Y",')
    assert problems(text) == [
        f"r.json:{at(text, chr(34) + 'name', 2)}: vendors.0.name: the key appears twice in one "
        "object; keep one"
    ]


def test_deep_nesting_and_endless_numbers_are_refused() -> None:
    assert problems("[" * 100_000 + "]" * 100_000) == ["r.json: the JSON is nested too deeply"]
    assert problems('{"format": ' + "1" * 5000 + "}") == [
        "r.json: not valid JSON: a number has more than 4,300 digits"
    ]


# ---------------------------------------------------------------- wrong values, all at once


def test_every_wrong_value_is_reported_at_once_and_located(tiny: str) -> None:
    def spoil(d: dict[str, Any]) -> None:
        d["criteria"]["method"] = "magic"
        d["criteria"]["tree"][1]["effective_weight"] = 1.5
        vendor = d["vendors"][0]
        vendor["total"] = "high"
        vendor["scores"]["bogus"] = 10
        vendor["effective_weights"].pop("fcr")
        d["inputs"][0]["sha256"] = "xyz"

    text = edited(tiny, spoil)
    assert problems(text) == [
        f"r.json:{quoted(text, 'magic')}: criteria.method: must be one of: weighted_sum, topsis, "
        "got 'magic'",
        f"r.json:{at(text, '1.5')}: criteria.tree.1.effective_weight: must be between 0 and 1, "
        "got 1.5",
        f"r.json:{quoted(text, 'high')}: vendors.0.total: must be a number, got 'high'",
        f"r.json:{quoted(text, 'bogus')}: vendors.0.scores.bogus: not a criterion of this "
        "result's tree",
        f"r.json:{at(text, '{', text.count('{', 0, text.index('effective_weights')))}: "
        "vendors.0.effective_weights: no value for fcr",
        f"r.json:{quoted(text, 'xyz')}: inputs.0.sha256: must be 64 lowercase hexadecimal digits",
    ]


def test_numbers_must_be_finite_and_names_unique(tiny: str) -> None:
    def spoil(d: dict[str, Any]) -> None:
        d["vendors"].append(dict(d["vendors"][0], name="x", rank=1))
        d["vendors"][0]["completeness"] = math.nan

    text = edited(tiny, spoil)
    assert problems(text) == [
        f"r.json:{at(text, 'NaN')}: vendors.0.completeness: must be a finite number, got nan",
        f"r.json:{quoted(text, 'x')}: vendors.1.name: vendor 'x' is listed twice (first as "
        "vendors.0)",
    ]


def test_a_flood_of_problems_is_cut_to_twenty(tiny: str) -> None:
    text = edited(tiny, lambda d: d.update(vendors=[7] * 30))
    found = problems(text)
    assert len(found) == 21
    assert found[0] == f"r.json:{at(text, '7')}: vendors.0: must be an object, got 7"
    assert found[-1] == "r.json: ... and 10 more problems"


# ---------------------------------------------------------------- the file itself


def test_file_level_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def message(path: Path) -> str:
        with pytest.raises(InputError) as caught:
            read_saved_run(path)
        [problem] = caught.value.problems
        return str(problem)

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"\n")
    assert message(empty) == (
        f"{empty}: the file is empty (did a shell redirect `> FILE` overwrite it?); {HINT}"
    )
    binary = tmp_path / "b.json"
    binary.write_bytes(b'{"a": "\xff"}')
    assert message(binary) == f"{binary}:1:8: not UTF-8 text, so not a saved result; {HINT}"
    assert message(tmp_path / "none.json") == f"{tmp_path / 'none.json'}: no such file"
    assert message(tmp_path) == f"{tmp_path}: is a folder, expected a saved result (.json)"
    monkeypatch.setattr(saved_result, "MAX_RESULT_BYTES", 10)
    big = tmp_path / "big.json"
    big.write_text("[" + " " * 20 + "]")
    assert message(big) == f"{big}: file is 22 bytes; a saved result may be 10"


# ---------------------------------------------------------------- workbooks


def test_an_exported_workbook_reads_back_as_its_json(ranking: Ranking, tmp_path: Path) -> None:
    from vendorscore.cli.export_cmd import write_report

    book = tmp_path / "r.xlsx"
    write_report(ranking, book, command_line="test", samples=0)
    from_book = read_saved_run(book)
    (tmp_path / "r.json").write_text(ranking_json(ranking), encoding="utf-8")
    from_json = read_saved_run(tmp_path / "r.json")
    assert from_book.source == str(book)
    assert from_book.vendors == from_json.vendors and from_book.criteria == from_json.criteria


def test_a_path_given_as_text_reads_as_a_path_does(ranking: Ranking, tmp_path: Path) -> None:
    # Every other library function takes str or os.PathLike; this one took only a Path and
    # failed on text with AttributeError ('str' object has no attribute 'is_dir').
    path = tmp_path / "r.json"
    path.write_text(ranking_json(ranking), encoding="utf-8")
    assert read_saved_run(str(path)) == read_saved_run(path)
    with pytest.raises(InputError) as caught:
        read_saved_run(str(tmp_path))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}: is a folder, expected a saved result (.json)"
    ]


def test_workbooks_without_a_saved_result_or_damaged_are_refused(tmp_path: Path) -> None:
    import openpyxl

    def message(path: Path) -> str:
        with pytest.raises(InputError) as caught:
            read_saved_run(path)
        [problem] = caught.value.problems
        return str(problem)

    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.save(plain)
    assert message(plain) == (
        f"{plain}: this workbook carries no saved result (it was exported by an older "
        "vendorscore, or saved by a program that dropped its hidden 'Saved result' sheet); "
        "export it again, or save the run with `vendorscore rank ... --format json > FILE`"
    )
    sheet = book.create_sheet("Saved result")
    for row in (["note"], [3], ['{"format": ']):  # says three parts, holds one
        sheet.append(row)
    book.save(plain)
    assert message(plain) == (
        f"{plain}: sheet 'Saved result' is damaged (expected the number of parts in A2 and the "
        "parts below it); export the workbook again"
    )
    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert message(other_zip) == f"{other_zip}: cannot read as an Excel workbook (KeyError)"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    assert message(broken) == (
        f"{broken}: a damaged zip file, neither a workbook nor a saved result"
    )


def test_the_bulk_check_of_numbers_lets_nothing_through(tiny: str) -> None:
    def spoil(d: dict[str, Any]) -> None:
        vendor = d["vendors"][0]
        vendor["contributions"]["price"] = None  # only a utility may be null (excluded)
        vendor["effective_weights"]["price"] = True
        vendor["effective_weights"]["fcr"] = -0.5
        vendor["scores"]["fcr"] = 1e400  # read as infinity

    text = edited(tiny, spoil)
    assert [p.split(": ", 1)[1] for p in problems(text)] == [
        "vendors.0.scores.fcr: must be a finite number, got inf",
        "vendors.0.contributions.price: must be a number, got nothing (null)",
        "vendors.0.effective_weights.price: must be a number, got true",
        "vendors.0.effective_weights.fcr: must be between 0 and 1, got -0.5",
    ]


def test_a_number_out_of_range_alone_is_caught(tiny: str) -> None:
    text = edited(tiny, lambda d: d["vendors"][0]["scores"].update(price=150))
    assert problems(text) == [
        f"r.json:{at(text, '150')}: vendors.0.scores.price: must be between 0 and 100, got 150"
    ]
