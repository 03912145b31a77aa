"""Terminal layouts for 80- and 100-column screens. Computes nothing; formats only.

The wide tables of `report.terminal` need about 160 columns. Narrower, a table keeps every
figure whole rather than hiding columns or cutting text with ellipses: borders give way to
spacing, criterion headers shorten (with a legend), knock-out reasons become footnotes, and a
table too wide for the screen is split into parts that each repeat its key column.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Column, Table
from rich.text import Text

from vendorscore.model.results import CriterionInfo, Ranking
from vendorscore.report.safe import safe_text

__all__ = ["compact_ranking", "fit_table", "short_headers"]

_GAP = 2  # spaces between columns (padding 0 1, no vertical borders)
_VENDOR_MIN = 16
_MIN_HEADER = 3  # "100" is three characters wide
_KEY_WIDTH = 22  # a repeated key column (vendor, interval) wraps beyond this
_TEXT_WIDTH = 40  # a column of prose wraps beyond this


def short_headers(ids: Sequence[str], length: int) -> list[str]:
    """Each id cut to `length` characters, kept distinct (a digit replaces the last one)."""
    out: list[str] = []
    for name in ids:
        short = name[:length]
        k = 1
        while short in out:
            k += 1
            short = name[: max(length - len(str(k)), 1)] + str(k)
        out.append(short)
    return out


def _plain(title: Text | None) -> Table:
    # One space of padding after each column and the box's blank divider: a gap of 2.
    return Table(
        title=title,
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        show_edge=False,
        header_style="bold",
    )


def compact_ranking(
    ranking: Ranking, *, width: int, caption: str, knockouts: dict[str, str]
) -> RenderableType:
    """The ranking for a narrow screen: every top-level criterion kept, knock-outs as notes."""
    criteria = list(ranking.top_level)
    ids = [c.id for c in criteria]
    rank_width = max(len(str(v.rank or "")) for v in ranking.vendors) if ranking.vendors else 1
    fixed = max(rank_width, 1) + 5 + 4 + _VENDOR_MIN + _GAP * 4  # rank, total, data %, vendor
    headers: list[str] = ids
    for length in range(max((len(i) for i in ids), default=_MIN_HEADER), _MIN_HEADER - 1, -1):
        headers = short_headers(ids, length)
        needed = fixed + sum(max(len(h), _MIN_HEADER) + _GAP for h in headers)
        if needed <= width:
            break
    kept: list[CriterionInfo] = []
    used = fixed
    for c, h in zip(criteria, headers, strict=True):
        used += max(len(h), _MIN_HEADER) + _GAP
        if used > width:
            break
        kept.append(c)
    headers = headers[: len(kept)]
    # The vendor column takes what is left, up to its longest name (footnote mark included).
    marks = 5 if knockouts else 0
    longest = max((len(safe_text(v.name)) + marks for v in ranking.vendors), default=6)
    vendor_width = max(_VENDOR_MIN, min(longest, width - (used if kept else fixed) + _VENDOR_MIN))
    notes: list[str] = []
    if headers != ids[: len(kept)]:
        legend = ", ".join(f"{h} {c.id}" for h, c in zip(headers, kept, strict=True) if h != c.id)
        notes.append(f"Columns: {legend}; Data = completeness.")
    else:
        notes.append("Data = completeness.")
    if len(kept) < len(criteria):
        notes.append(
            f"{len(criteria) - len(kept)} criteria columns do not fit at this width "
            "(widen, or --format csv)."
        )
    table = _plain(Text(safe_text(ranking.criteria_name)))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Vendor", width=vendor_width)
    table.add_column("Total", justify="right", no_wrap=True)
    for h in headers:
        table.add_column(h, justify="right", no_wrap=True)
    table.add_column("Data", justify="right", no_wrap=True)
    footnotes: list[Text] = []
    for v in ranking.vendors:
        name = Text(safe_text(v.name))
        reason = knockouts.get(v.name, "")
        if reason:
            footnotes.append(Text(f"[{len(footnotes) + 1}] {safe_text(v.name)}: knocked out by "))
            footnotes[-1].append(safe_text(reason), style="red")
            name.append(f" [{len(footnotes)}]", style="red")
        table.add_row(
            "-" if v.rank is None else str(v.rank),
            name,
            _score(v.total, 1),
            *(_score(v.scores.get(c.id), 0) for c in kept),
            f"{v.completeness:.0%}",
        )
    parts: list[RenderableType] = [table, Text(safe_text(caption), style="dim")]
    parts += [Text(n, style="dim") for n in notes]
    return Group(*parts, *footnotes)


def _score(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def fit_table(table: Table, *, width: int | None, keys: int = 1) -> list[Table]:
    """`table` as it is when it fits in `width`; else borderless, split into parts that fit.

    Each part repeats the first `keys` columns (the vendor); headers wrap at spaces, cells are
    never cut. A column wider than the screen on its own still gets a part of its own.
    """
    columns = table.columns
    if width is None or not columns or _natural_width(table) <= width:
        return [table]
    # Figures never wrap (nor do their headers); key columns wrap a long vendor name.
    sizes = [max(len(str(c.header)), _column_width(c)) + _GAP for c in columns]
    wraps = {j for j, c in enumerate(columns) if j < keys or _column_width(c) > _TEXT_WIDTH}
    for j in wraps:  # prose (a requirement's reason) wraps at a readable width
        limit = _KEY_WIDTH if j < keys else _TEXT_WIDTH
        sizes[j] = min(_column_width(columns[j]), limit) + _GAP
    groups: list[list[int]] = []
    current: list[int] = []
    key_width = sum(sizes[:keys])
    used = key_width
    # An empty column (no notes for any vendor) is left out rather than printed blank.
    for j in (j for j in range(keys, len(columns)) if any(map(_cell_width, columns[j].cells))):
        if current and used + sizes[j] > width:
            groups.append(current)
            current, used = [], key_width
        current.append(j)
        used += sizes[j]
    if current or not groups:
        groups.append(current)
    title = str(table.title) if table.title is not None else ""
    parts = []
    for n, group in enumerate(groups, start=1):
        suffix = f" ({n} of {len(groups)})" if len(groups) > 1 else ""
        part = _plain(Text(title + suffix) if title or suffix else None)
        picked = [*range(keys), *group]
        # The room this part leaves its key columns: they may be wider than their share when
        # it is there, never so wide that Rich pushes a prose column past the screen, where
        # its lines would be cut off.
        room = (width - sum(sizes[j] for j in group)) // keys - _GAP
        for j in picked:
            c = columns[j]
            part.add_column(
                c.header,
                justify=c.justify,
                no_wrap=j not in wraps,
                min_width=sizes[j] - _GAP if j in wraps else None,
                max_width=max(room, sizes[j] - _GAP) if j in wraps and j < keys else None,
                ratio=1 if j in wraps and j >= keys else None,
            )
        cells = [list(c.cells) for c in columns]
        for i in range(table.row_count):
            part.add_row(*(cells[j][i] for j in picked))
        parts.append(part)
    return parts


def _cell_width(cell: object) -> int:
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return max((len(line) for line in text.split("\n")), default=0)


def _column_width(column: Column) -> int:
    words = max((len(w) for w in str(column.header).split()), default=1)
    return max([words, *(_cell_width(c) for c in column.cells)])


def _natural_width(table: Table) -> int:
    """The width `table` takes with no cell wrapped: contents, padding and borders."""
    return sum(max(len(str(c.header)), _column_width(c)) + 3 for c in table.columns) + 1
