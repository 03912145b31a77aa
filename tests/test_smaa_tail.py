"""`SmaaResult.acceptability_beyond`: the "#9+" share, on a hand-made acceptability matrix."""

from __future__ import annotations

import pytest
from rich.table import Table

from vendorscore.report.sensitivity import sensitivity_renderables
from vendorscore.robustness.smaa import SmaaResult
from vendorscore.robustness.stability import CloseCall, Stability

# Rows are vendors, columns ranks 1..3; every entry is a dyadic fraction, so sums are exact.
MATRIX = ((0.5, 0.25, 0.25), (0.25, 0.5, 0.25), (0.25, 0.25, 0.5))


def result(matrix: tuple[tuple[float, ...], ...]) -> SmaaResult:
    n = len(matrix)
    return SmaaResult(
        method="weighted_sum",
        level="top",
        weights="uniform",
        concentration=None,
        constraints=(),
        samples=1000,
        seed=1,
        drawn=1000,
        criteria=("cost",),
        stated_weights=(1.0,),
        vendors=tuple(f"V{i + 1}" for i in range(n)),
        rank_acceptability=matrix,
        central_weights=tuple(None for _ in range(n)),
        confidence=tuple(None for _ in range(n)),
        pairwise_winning=tuple(tuple(0.5 for _ in range(n)) for _ in range(n)),
    )


@pytest.mark.parametrize(
    ("rank", "expected"),
    [
        (0, (1.0, 1.0, 1.0)),  # every rank
        (1, (0.5, 0.75, 0.75)),  # ranks 2 and 3
        (2, (0.25, 0.25, 0.5)),  # rank 3 only
        (3, (0.0, 0.0, 0.0)),  # no rank beyond the last
        (8, (0.0, 0.0, 0.0)),
    ],
)
def test_share_of_ranks_beyond_a_cut(rank: int, expected: tuple[float, ...]) -> None:
    beyond = result(MATRIX).acceptability_beyond(rank)
    assert beyond == expected
    assert all(type(x) is float for x in beyond)


def test_a_negative_cut_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 0"):
        result(MATRIX).acceptability_beyond(-1)


def test_the_presenter_shows_the_result_s_tail_share_as_the_last_rank_column() -> None:
    # Ten vendors: ranks 1..8 are shown, ranks 9 and 10 are one "#9+" column.
    n = 10
    matrix = tuple(
        tuple(1.0 if r == (i + 3) % n else 0.0 for r in range(n)) for i in range(n)
    )  # vendor i always at rank (i + 3) mod 10 + 1
    smaa = result(matrix)
    assert smaa.acceptability_beyond(8) == (0, 0, 0, 0, 0, 1.0, 1.0, 0, 0, 0)
    stability = Stability(
        method="weighted_sum",
        intervals=(),
        close_call=CloseCall(
            winner=None, runner_up=None, gap_points=None, flip=None, verdict="tie"
        ),
    )
    acc = sensitivity_renderables(stability, smaa)[2]
    assert isinstance(acc, Table)
    headers = [str(c.header) for c in acc.columns]
    assert headers == ["vendor", *(f"#{r}" for r in range(1, 9)), "#9+", "confidence"]
    tail = [str(cell) for cell in acc.columns[9].cells]
    assert tail == ["0.0%"] * 5 + ["100.0%"] * 2 + ["0.0%"] * 3
