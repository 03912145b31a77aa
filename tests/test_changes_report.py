"""The comparison's presenters: labels, hostile vendor text, the large-comparison view, JSON."""

from __future__ import annotations

import dataclasses
import io
import json

from rich.console import Console
from tests.test_compare import flat_run

from vendorscore.compare.result import VendorChange
from vendorscore.compare.runs import compare_runs
from vendorscore.report.changes import changes_json, changes_markdown, move_label
from vendorscore.report.changes_view import TABLE_MAX_ROWS, changes_view, is_large

HOSTILE = "Evil\x1b[31m [bold]Corp[/bold] | *x*"


def render(comparison: object, width: int = 120) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(changes_view(comparison, width=width), soft_wrap=is_large(comparison))  # type: ignore[arg-type]
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_move_labels() -> None:
    change = compare_runs(flat_run([1.0], [[50.0]]), flat_run([1.0], [[50.0]])).vendors[0]

    def label(status: str, move: int | None = None) -> str:
        return move_label(dataclasses.replace(change, status=status, move=move))  # type: ignore[arg-type]

    assert [label("up", 3), label("down", -2), label("same", 0)] == ["▲3", "▼2", "="]
    assert [label(s) for s in ("new", "gone", "knocked_out", "reinstated", "still_knocked_out")] == [
        "new", "gone", "out", "back", "-",
    ]  # fmt: skip
    assert move_label(None) == ""


def hostile_comparison() -> object:
    before = flat_run([1.0, 1.0], [[50.0, 50.0], [40.0, 40.0]])
    after = flat_run([3.0, 1.0], [[50.0, 50.0], [90.0, 40.0]])

    def rename(run):  # type: ignore[no-untyped-def]
        vendors = (dataclasses.replace(run.vendors[0], name=HOSTILE), *run.vendors[1:])
        return dataclasses.replace(run, vendors=vendors)

    return compare_runs(rename(before), rename(after))


def test_vendor_text_is_never_markup_or_terminal_control() -> None:
    out = render(hostile_comparison())
    assert "\x1b" not in out
    assert "Evil\\x1b[31m [bold]Corp[/bold] | *x*" in out  # shown as written, escaped
    md = changes_markdown(hostile_comparison())  # type: ignore[arg-type]
    assert "Evil\\\\x1b\\[31m \\[bold\\]Corp\\[/bold\\] \\| \\*x\\*" in md
    doc = json.loads(changes_json(hostile_comparison()))  # type: ignore[arg-type]
    assert doc["vendors"][0]["name"] == HOSTILE  # JSON carries the text exactly


def test_large_comparisons_print_aligned_lines_with_the_name_last() -> None:
    n = TABLE_MAX_ROWS + 1
    before = flat_run([1.0, 1.0], [[float(i % 100), 50.0] for i in range(n)])
    after = flat_run([3.0, 1.0], [[float(i % 100), 50.0] for i in range(n)])
    comparison = compare_runs(before, after)
    assert is_large(comparison)
    lines = render(comparison, width=200).splitlines()
    start = lines.index("Vendors")
    assert lines[start + 1] == ("Move  Rank         Total  Change  Weights  Values   Both  Vendor")
    v99 = next(line for line in lines[start:] if line.endswith("  v99"))
    # v99 (ranked 100th in both hand-built runs): utility 99 on c0, 50 on c1; weights 1:1 ->
    # 3:1 move its total from 74.5 to 86.75: +24.75 on c0, -12.5 on c1, all from the weights.
    assert v99.split() == [
        "=", "100", "->", "100", "86.8", "+12.25", "+12.25", "+0.00", "+0.00", "v99",
    ]  # fmt: skip
    narrow = render(comparison, width=60).splitlines()
    assert narrow[narrow.index("Vendors") + 1] == "Move  Rank         Total  Change  Vendor"


def test_diff_json_has_one_line_per_vendor() -> None:
    text = changes_json(hostile_comparison())  # type: ignore[arg-type]
    doc = json.loads(text)
    vendor_lines = [line for line in text.splitlines() if line.startswith('    {"name"')]
    assert len(vendor_lines) == len(doc["vendors"]) == 2
    # Utilities 50 and 50, weights 1:1 -> 3:1: c0 gains 0.25 x 50, c1 loses as much.
    assert doc["vendors"][0]["by_criterion"] == {"c0": 12.5, "c1": -12.5}


def test_nothing_changed_is_said_in_one_line() -> None:
    run = flat_run([1.0], [[50.0]])
    out = render(compare_runs(run, run))
    assert out.splitlines()[-1] == (
        "No differences: the same criteria and weights, vendors, ranks and totals."
    )
    assert isinstance(compare_runs(run, run).vendors[0], VendorChange)
