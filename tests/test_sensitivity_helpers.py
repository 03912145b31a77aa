"""Hand-built rankings for the sensitivity tests, scored by an independent reference oracle.

The oracle follows the formulas of issue 2 (node utility = sum of w_child / sum of sibling w
x child utility over non-excluded children) and issue 5 (TOPSIS closeness = 100 d- / (d+ + d-)
over leaves with per-vendor renormalised global weights, ideal 100, anti-ideal 0), written
directly from those texts rather than from `vendorscore.robustness.stability`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from vendorscore.model.results import CriterionInfo, Method, Ranking, VendorResult

# A tree spec: {id: weight} for leaves at top level, or {id: (weight, {child: weight, ...})}.
Spec = Mapping[str, float | tuple[float, Mapping[str, float]]]


def criteria_infos(spec: Spec) -> tuple[CriterionInfo, ...]:
    """Flatten a one- or two-level spec to CriterionInfo in pre-order."""
    out: list[CriterionInfo] = []
    top_total = sum(v if isinstance(v, int | float) else v[0] for v in spec.values())
    for cid, v in spec.items():
        w = float(v if isinstance(v, int | float) else v[0])
        lw = w / top_total if top_total else 0.0
        if isinstance(v, int | float):
            out.append(_info(cid, None, 0, w, lw, lw, True, ()))
            continue
        kids = v[1]
        out.append(_info(cid, None, 0, w, lw, lw, False, tuple(kids)))
        ktotal = sum(kids.values())
        for kid, kw in kids.items():
            klw = kw / ktotal if ktotal else 0.0
            out.append(_info(kid, cid, 1, float(kw), klw, lw * klw, True, ()))
    return tuple(out)


def _info(
    cid: str,
    parent: str | None,
    depth: int,
    weight: float,
    local: float,
    glob: float,
    leaf: bool,
    children: tuple[str, ...],
) -> CriterionInfo:
    return CriterionInfo(
        id=cid,
        label=cid,
        parent=parent,
        depth=depth,
        weight=weight,
        local_weight=local,
        global_weight=glob,
        is_leaf=leaf,
        field=f"extra.{cid}" if leaf else None,
        scale="linear" if leaf else None,
        missing="exclude" if leaf else None,
        children=children,
    )


def node_scores(
    infos: tuple[CriterionInfo, ...], leaf_u: Mapping[str, float | None], raw: Mapping[str, float]
) -> dict[str, float | None]:
    """Every node's utility by the issue-2 formula (None when all its children are excluded)."""
    scores: dict[str, float | None] = {}
    for c in reversed(infos):  # children come after their parent in pre-order
        if c.is_leaf:
            scores[c.id] = leaf_u[c.id]
            continue
        live = [(raw[k], scores[k]) for k in c.children if scores[k] is not None]
        den = sum(w for w, _ in live)
        scores[c.id] = sum(w * u for w, u in live if u is not None) / den if den > 0 else None
    return scores


def oracle_total(
    infos: tuple[CriterionInfo, ...],
    leaf_u: Mapping[str, float | None],
    raw: Mapping[str, float],
    method: Method,
) -> float:
    """A vendor's total under the given raw weights, by the formulas quoted in the docstring."""
    scores = node_scores(infos, leaf_u, raw)
    top = [c.id for c in infos if c.parent is None]
    if method == "weighted_sum":
        live = [(raw[k], scores[k]) for k in top if scores[k] is not None]
        den = sum(w for w, _ in live)
        return sum(w * u for w, u in live if u is not None) / den if den > 0 else 0.0
    by_id = {c.id: c for c in infos}
    eff: dict[str, float] = {}

    def spread(ids: list[str] | tuple[str, ...], share: float) -> None:
        live = [k for k in ids if scores[k] is not None]
        den = sum(raw[k] for k in live)
        for k in live:
            w = share * raw[k] / den if den > 0 else 0.0
            if by_id[k].is_leaf:
                eff[k] = w
            else:
                spread(by_id[k].children, w)

    spread(top, 1.0)
    d_plus = math.sqrt(sum(w * (100.0 - (leaf_u[k] or 0.0)) ** 2 for k, w in eff.items()))
    d_minus = math.sqrt(sum(w * (leaf_u[k] or 0.0) ** 2 for k, w in eff.items()))
    return 100.0 * d_minus / (d_plus + d_minus) if d_plus + d_minus > 0 else 0.0


def make_ranking(
    spec: Spec,
    vendors: Mapping[str, Mapping[str, float | None]],
    *,
    method: Method = "weighted_sum",
) -> Ranking:
    """A Ranking of the given leaf utilities, ranked by the oracle (ties within 1e-9 share)."""
    infos = criteria_infos(spec)
    raw = {c.id: c.weight for c in infos}
    rows = []
    for name, leaf_u in vendors.items():
        total = oracle_total(infos, leaf_u, raw, method)
        rows.append((name, total, node_scores(infos, leaf_u, raw)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    results = []
    for name, total, scores in rows:
        rank = 1 + sum(1 for _, other, _ in rows if other > total + 1e-9)
        results.append(
            VendorResult(
                name=name,
                file=f"{name}.yaml",
                delivery_model="offshore",
                headquarters=None,
                rank=rank,
                eligible=True,
                total=total,
                completeness=1.0,
                scores=scores,
                contributions={},
                leaves=(),
                requirements=(),
            )
        )
    return Ranking(
        criteria_name="test",
        criteria_file="test.yaml",
        method=method,
        base_currency="USD",
        missing_policy="exclude",
        criteria=infos,
        requirement_rules=(),
        vendors=tuple(results),
    )
