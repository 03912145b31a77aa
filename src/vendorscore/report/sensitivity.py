"""Sensitivity and AHP results to Rich renderables and to JSON-able data; computes nothing new."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vendorscore.report.safe import safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from vendorscore.model.results import Ranking
    from vendorscore.robustness.ahp import AhpResult
    from vendorscore.robustness.smaa import SmaaResult
    from vendorscore.robustness.stability import CloseCall, Stability, WeightRange

__all__ = [
    "ahp_json",
    "ahp_renderables",
    "ahp_warning",
    "sensitivity_json",
    "sensitivity_renderables",
]

DIGITS = 6  # every float in JSON is rounded to this many decimals: same seed, same bytes
_MAX_PAIRWISE_SHOWN = 12  # larger pairwise matrices are in the JSON only
_MAX_RANKS_SHOWN = 8


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), DIGITS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _pct(x: float | None) -> str:
    # Rounded first and + 0.0: a bound computed as -1e-17 (or -0.0) reads 0.0%, never -0.0%.
    return "-" if x is None else f"{round(100 * x, 1) + 0.0:.1f}%"


def _raw(x: float | None) -> str:
    return "no limit" if x is None else f"{round(x, 12) + 0.0:.3g}"


# --- JSON ----------------------------------------------------------------------------------


def _range_json(r: WeightRange) -> dict[str, Any]:
    def overtake(o: Any) -> dict[str, Any] | None:
        if o is None:
            return None
        return {
            "vendor": o.vendor,
            "overtakes": o.overtakes,
            "local_weight": _r(o.local_weight),
            "raw_weight": _r(o.raw_weight),
        }

    return {
        "lower_local": _r(r.lower_local),
        "upper_local": _r(r.upper_local),
        "lower_raw": _r(r.lower_raw),
        "upper_raw": _r(r.upper_raw),
        "below": overtake(r.below),
        "above": overtake(r.above),
    }


def _close_call_json(c: CloseCall) -> dict[str, Any]:
    flip = c.flip
    return {
        "winner": c.winner,
        "runner_up": c.runner_up,
        "gap_points": _r(c.gap_points),
        "verdict": c.verdict,
        "fragile_below_global_change": _r(c.threshold_global_change),
        "smallest_flip": None
        if flip is None
        else {
            "criterion": flip.criterion,
            "from_local": _r(flip.from_local),
            "to_local": _r(flip.to_local),
            "from_raw": _r(flip.from_raw),
            "to_raw": _r(flip.to_raw),
            "global_change": _r(flip.global_change),
        },
    }


def _smaa_json(s: SmaaResult) -> dict[str, Any]:
    return {
        "method": s.method,
        "level": s.level,
        "weights": s.weights,
        "concentration": _r(s.concentration),
        "constraints": [f"{a} >= {b}" for a, b in s.constraints],
        "samples": s.samples,
        "seed": s.seed,
        "drawn": s.drawn,
        "acceptance_rate": _r(s.acceptance_rate),
        "criteria": list(s.criteria),
        "stated_weights": dict(zip(s.criteria, map(_r, s.stated_weights), strict=True)),
        "vendors": [
            {
                "name": name,
                "rank_acceptability": [_r(x) for x in s.rank_acceptability[i]],
                "central_weights": None
                if s.central_weights[i] is None
                else dict(zip(s.criteria, map(_r, s.central_weights[i] or ()), strict=True)),
                "confidence": _r(s.confidence[i]),
                "wins_against": {
                    other: _r(s.pairwise_winning[i][j])
                    for j, other in enumerate(s.vendors)
                    if j != i
                },
            }
            for i, name in enumerate(s.vendors)
        ],
    }


def sensitivity_json(
    ranking: Ranking, stability: Stability, smaa: SmaaResult | None
) -> dict[str, Any]:
    """Every figure of a sensitivity run as plain data (floats rounded to DIGITS decimals)."""
    return {
        "criteria": {
            "name": ranking.criteria_name,
            "file": ranking.criteria_file,
            "method": ranking.method,
        },
        "ranking": [
            {"rank": v.rank, "name": v.name, "total": _r(v.total)} for v in ranking.eligible
        ],
        "close_call": _close_call_json(stability.close_call),
        "stability": [
            {
                "criterion": iv.criterion,
                "parent": iv.parent,
                "local_weight": _r(iv.local_weight),
                "raw_weight": _r(iv.raw_weight),
                "global_weight": _r(iv.global_weight),
                "winner_stays_first": _range_json(iv.winner),
                "ranking_unchanged": _range_json(iv.ranking),
            }
            for iv in stability.intervals
        ],
        "smaa": None if smaa is None else _smaa_json(smaa),
    }


def ahp_json(result: AhpResult) -> dict[str, Any]:
    """An AHP result as plain data."""
    worst = result.most_inconsistent
    return {
        "weights": dict(zip(result.criteria, map(_r, result.weights), strict=True)),
        "lambda_max": _r(result.lambda_max),
        "consistency_index": _r(result.consistency_index),
        "random_index": _r(result.random_index),
        "consistency_ratio": _r(result.consistency_ratio),
        "acceptable": result.acceptable,
        "threshold": result.threshold,
        "most_inconsistent": None
        if worst is None
        else {
            "first": worst.first,
            "second": worst.second,
            "given": _r(worst.given),
            "implied": _r(worst.implied),
            "suggested": worst.suggested,
        },
    }


# --- Rich ----------------------------------------------------------------------------------


def _close_call_text(c: CloseCall) -> str:
    if c.winner is None:
        return "No eligible vendor."
    if c.runner_up is None:
        return f"Only one eligible vendor: {safe_text(c.winner)}."
    winner, runner_up = safe_text(c.winner), safe_text(c.runner_up)
    head = (
        f"{c.verdict.capitalize()}: {winner} leads {runner_up} by {c.gap_points or 0:.2f} points."
    )
    if c.verdict == "tie":
        return head
    if c.flip is None:
        return head + " No change to a single weight puts the runner-up first."
    f = c.flip
    return (
        head + f" Smallest single change that lets {runner_up} catch up: {f.criterion} from "
        f"{_pct(f.from_local)} to {_pct(f.to_local)} of its group "
        f"(raw weight {_raw(f.from_raw)} -> {_raw(f.to_raw)}), "
        f"{100 * f.global_change:.1f} points of the total weight "
        f"(fragile below {100 * c.threshold_global_change:.0f})."
    )


def sensitivity_renderables(stability: Stability, smaa: SmaaResult | None) -> list[RenderableType]:
    """The close call, the stability table and the SMAA tables, in reading order."""
    from rich.table import Table
    from rich.text import Text

    out: list[RenderableType] = [Text(_close_call_text(stability.close_call))]
    table = Table(title="Weight stability (one weight changed, its siblings kept in proportion)")
    for col in ("criterion", "weight (raw)", "winner stays first", "as raw weight"):
        table.add_column(col)
    table.add_column("new leader below")
    table.add_column("new leader above")
    table.add_column("ranking unchanged")
    for iv in stability.intervals:
        indent = "  " if iv.parent is not None else ""
        w, whole = iv.winner, iv.ranking
        table.add_row(
            Text(indent + iv.criterion),
            Text(f"{_pct(iv.local_weight)} ({_raw(iv.raw_weight)})"),
            Text(f"{_pct(w.lower_local)} - {_pct(w.upper_local)}"),
            Text(f"{_raw(w.lower_raw)} - {_raw(w.upper_raw)}"),
            Text(safe_text(w.below.vendor) if w.below else ""),
            Text(_leader_above(w)),
            Text(f"{_pct(whole.lower_local)} - {_pct(whole.upper_local)}"),
        )
    out.append(table)
    if smaa is None:
        return out
    n = len(smaa.vendors)
    shown = min(n, _MAX_RANKS_SHOWN)
    acc = Table(
        title=f"Rank acceptability ({smaa.samples:,} samples, "
        f"weights {smaa.weights}, seed {smaa.seed})"
    )
    acc.add_column("vendor")
    for r in range(shown):
        acc.add_column(f"#{r + 1}", justify="right")
    if shown < n:
        acc.add_column(f"#{shown + 1}+", justify="right")
    acc.add_column("confidence", justify="right")
    beyond = smaa.acceptability_beyond(shown)
    for i, name in enumerate(smaa.vendors):
        cells = [_pct(x) for x in smaa.rank_acceptability[i][:shown]]
        if shown < n:
            cells.append(_pct(beyond[i]))
        conf = smaa.confidence[i]
        acc.add_row(Text(safe_text(name)), *cells, "-" if conf is None else f"{conf:.2f}")
    out.append(acc)
    out.append(
        Text(
            "Each row: the share of sampled weightings that put the vendor at each rank. "
            "confidence: 1.00 when the vendor's central weights (below) make it first, 0.00 "
            "when they do not; '-' when no sampled weighting makes it first.",
            style="dim",
        )
    )
    central = Table(title="Central weights (average weights that make each vendor first)")
    central.add_column("vendor")
    for c in smaa.criteria:
        central.add_column(c, justify="right")
    central.add_row(Text("(stated)"), *(_pct(w) for w in smaa.stated_weights))
    for i, name in enumerate(smaa.vendors):
        cw = smaa.central_weights[i]
        if cw is not None:
            central.add_row(Text(safe_text(name)), *(_pct(w) for w in cw))
    out.append(central)
    if n > _MAX_PAIRWISE_SHOWN:
        out.append(
            Text(
                f"Pairwise winning table left out: {n} vendors is more than "
                f"{_MAX_PAIRWISE_SHOWN}; --format json has it.",
                style="dim",
            )
        )
    else:
        pw = Table(
            title="Pairwise winning (share of samples where the row vendor ranks above the column)"
        )
        pw.add_column("")
        for j in range(n):
            pw.add_column(str(j + 1), justify="right")
        for i, name in enumerate(smaa.vendors):
            pw.add_row(
                Text(f"{i + 1} {safe_text(name)}"),
                *("" if i == j else _pct(smaa.pairwise_winning[i][j]) for j in range(n)),
            )
        out.append(pw)
    return out


def ahp_warning(result: AhpResult) -> str | None:
    """The inconsistency warning, or None when CR is acceptable."""
    if result.acceptable or result.consistency_ratio is None:
        return None
    w = result.most_inconsistent
    text = (
        f"warning: consistency ratio {result.consistency_ratio:.3f} is above "
        f"{result.threshold:.2f}; the judgements contradict each other"
    )
    if w is not None:
        text += (
            f". Most inconsistent: {w.first} vs {w.second} = {w.given:.3g}; the other judgements "
            f"imply about {w.implied:.3g} (Saaty value {w.suggested})"
        )
    return text


def ahp_renderables(result: AhpResult) -> list[RenderableType]:
    """The weights table and the consistency line."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="AHP weights (principal eigenvector)")
    table.add_column("criterion")
    table.add_column("weight", justify="right")
    for c, w in zip(result.criteria, result.weights, strict=True):
        table.add_row(Text(c), f"{100 * w:.1f}%")
    cr = result.consistency_ratio
    line = (
        f"lambda_max {result.lambda_max:.4f}, CI {result.consistency_index:.4f}, "
        f"RI {result.random_index:.4f}, "
        + ("CR not defined for two criteria (always consistent)" if cr is None else f"CR {cr:.3f}")
        + (" (acceptable: at most 0.10)" if cr is not None and result.acceptable else "")
    )
    return [table, Text(line)]


def _leader_above(w: WeightRange) -> str:
    """Who takes the lead above the range; at 100% itself they can only draw level."""
    if w.above is None:
        return ""
    name = safe_text(w.above.vendor)
    return f"{name} (ties at 100%)" if w.above.raw_weight is None else name
