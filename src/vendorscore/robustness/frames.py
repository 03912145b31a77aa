"""Sensitivity results as pandas DataFrames (pandas loaded only when a frame is asked for)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vendorscore.model.frames import frame

if TYPE_CHECKING:
    from vendorscore.robustness.smaa import SmaaResult
    from vendorscore.robustness.stability import Stability, WeightRange

__all__ = ["acceptability_frame", "central_weights_frame", "stability_frame"]


def _range(prefix: str, r: WeightRange) -> dict[str, object]:
    """A weight range's columns; an open upper raw end (no limit) is NaN."""
    return {
        f"{prefix}_lower": r.lower_local,
        f"{prefix}_upper": r.upper_local,
        f"{prefix}_lower_raw": r.lower_raw,
        f"{prefix}_upper_raw": r.upper_raw,
        f"{prefix}_leader_below": r.below.vendor if r.below else None,
        f"{prefix}_leader_above": r.above.vendor if r.above else None,
    }


def stability_frame(stability: Stability) -> Any:
    """One row per criterion: its weights now, and the ranges over which the winner (and the
    whole ranking) stay, as shares of its group and as raw weights."""
    rows = [
        {
            "criterion": i.criterion,
            "parent": i.parent,
            "raw_weight": i.raw_weight,
            "local_weight": i.local_weight,
            "global_weight": i.global_weight,
            **_range("winner", i.winner),
            **_range("ranking", i.ranking),
        }
        for i in stability.intervals
    ]
    attrs = {"method": stability.method, "verdict": stability.close_call.verdict}
    df = frame("Stability.to_frame()", rows, index="criterion", attrs=attrs)
    return df.astype({"winner_upper_raw": "float64", "ranking_upper_raw": "float64"})


def acceptability_frame(result: SmaaResult) -> Any:
    """Share of weightings placing each vendor at each rank (columns 1..n), and its confidence."""
    ranks = range(1, len(result.vendors) + 1)
    rows = [
        {"vendor": v, **dict(zip(ranks, shares, strict=True)), "confidence": c}
        for v, shares, c in zip(
            result.vendors, result.rank_acceptability, result.confidence, strict=True
        )
    ]
    attrs = {"samples": result.samples, "seed": result.seed, "weights": result.weights}
    df = frame("SmaaResult.to_frame()", rows, index="vendor", attrs=attrs)
    return df.astype({"confidence": "float64"})


def central_weights_frame(result: SmaaResult) -> Any:
    """Each vendor's central weights over the criteria (NaN for a vendor that never wins)."""
    rows = [
        {"vendor": v, **dict(zip(result.criteria, w or [None] * len(result.criteria), strict=True))}
        for v, w in zip(result.vendors, result.central_weights, strict=True)
    ]
    df = frame(
        "SmaaResult.central_weights_frame()",
        rows,
        index="vendor",
        columns=["vendor", *result.criteria],
    )
    return df.astype("float64")
