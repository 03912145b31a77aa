"""Hand-built `Ranking` objects for the Excel tests, independent of loading and scoring.

The tree and the utilities are small enough to check by hand; node utilities follow the issue's
rule (weighted mean of the children present, `exclude` renormalising the siblings).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from vendorscore.model.results import (
    TIE_TOLERANCE,
    CriterionInfo,
    InputFile,
    LeafScore,
    Ranking,
    RequirementResult,
    VendorResult,
)

# id -> (parent, raw weight, field, missing policy); groups have field None. Pre-order.
TREE: dict[str, tuple[str | None, float, str | None, str | None]] = {
    "language": (None, 20, None, None),
    "english": ("language", 3, "languages.en-US.proficiency", "worst"),
    "spanish_agents": ("language", 1, "languages.es-MX.agents", "exclude"),
    "cost": (None, 25, "derived.rate", "worst"),
    "security": (None, 10, None, None),
    "certifications": ("security", 2, "security.certifications", "worst"),
    "breaches": ("security", 1, "security.breaches_last_3_years", "exclude"),
}

INJECTION = '=HYPERLINK("http://evil.example/x","click")'


@dataclass
class V:
    """A vendor for the factory: leaf utilities (None = missing) and raw values."""

    name: str
    utilities: Mapping[str, float | None]
    raw: Mapping[str, object]
    delivery_model: str = "offshore"
    headquarters: str | None = "US"
    failed: tuple[str, ...] = ()
    file: str = ""
    extra_values: Mapping[str, object] = field(default_factory=dict)


def default_vendors() -> list[V]:
    """Six vendors: a tie, an exclusion, a worst-scored gap, an ineligible one, hostile text."""
    full = {
        "languages.en-US.proficiency": "near_native",
        "languages.es-MX.agents": 40,
        "derived.rate": 12.5,
        "security.certifications": ["pci_dss", "soc2_type2"],
        "security.breaches_last_3_years": 0,
    }
    return [
        V("Acme CX Cebu", {"english": 75, "spanish_agents": 40, "cost": 85.9375,
                           "certifications": 66.66666666666667, "breaches": 100}, full),
        V("Beta Contact", {"english": 100, "spanish_agents": 10, "cost": 50,
                           "certifications": 100, "breaches": 100},
          {**full, "languages.en-US.proficiency": "native", "derived.rate": 24.0},
          delivery_model="onshore", headquarters="CA"),
        V("Gamma Voice", {"english": 100, "spanish_agents": 10, "cost": 50,
                          "certifications": 100, "breaches": 100},
          {**full, "languages.en-US.proficiency": "native", "derived.rate": 24.0},
          delivery_model="nearshore", headquarters="MX"),
        V(INJECTION, {"english": 50, "spanish_agents": None, "cost": 70,
                      "certifications": 33.333333333333336, "breaches": None},
          {**full, "languages.es-MX.agents": None, "security.breaches_last_3_years": None,
           "derived.rate": "+cmd|' /C calc'!A0"},
          delivery_model="home_based", headquarters="@SUM(1+1)"),
        V("Delta\x07 Bell", {"english": 25, "spanish_agents": 90, "cost": 95,
                             "certifications": 0, "breaches": 0},
          {**full, "security.certifications": None, "derived.rate": "http://evil.example/rate"},
          delivery_model="hosted", headquarters="-1+2"),
        V("Omega Outsourcing", {"english": 100, "spanish_agents": 100, "cost": 100,
                                "certifications": 100, "breaches": 100}, full,
          failed=("security.certifications: pci_dss missing",)),
    ]  # fmt: skip


def criteria_infos(weights: Mapping[str, float] | None = None) -> tuple[CriterionInfo, ...]:
    """The factory tree with optional raw-weight overrides."""
    raw = {k: (weights or {}).get(k, w) for k, (_, w, _, _) in TREE.items()}
    out = []
    for cid, (parent, _, fld, missing) in TREE.items():
        sib = sum(raw[k] for k, (p, *_) in TREE.items() if p == parent)
        local = raw[cid] / sib if sib > 0 else 0.0
        glob = (
            local
            if parent is None
            else local * next(c.global_weight for c in out if c.id == parent)
        )
        children = tuple(k for k, (p, *_) in TREE.items() if p == cid)
        out.append(
            CriterionInfo(
                id=cid, label=cid.replace("_", " ").capitalize(), parent=parent,
                depth=0 if parent is None else 1, weight=raw[cid], local_weight=local,
                global_weight=glob, is_leaf=not children, field=fld,
                scale=None if children else "linear 0..100", missing=missing,  # type: ignore[arg-type]
                children=children,
            )
        )  # fmt: skip
    return tuple(out)


def _node_utilities(infos: tuple[CriterionInfo, ...], leaf_u: Mapping[str, float | None]) -> dict:
    by_id = {c.id: c for c in infos}
    out: dict[str, float | None] = {}

    def walk(c: CriterionInfo) -> float | None:
        if c.is_leaf:
            out[c.id] = leaf_u[c.id]
            return out[c.id]
        parts = [(by_id[k].weight, walk(by_id[k])) for k in c.children]
        den = sum(w for w, u in parts if u is not None)
        out[c.id] = sum(w * u for w, u in parts if u is not None) / den if den > 0 else None
        return out[c.id]

    top = [c for c in infos if c.parent is None]
    for c in top:
        walk(c)
    parts = [(c.weight, out[c.id]) for c in top]
    den = sum(w for w, u in parts if u is not None)
    out["__total__"] = sum(w * u for w, u in parts if u is not None) / den if den > 0 else 0.0
    return out


def make_ranking(
    weights: Mapping[str, float] | None = None,
    vendors: list[V] | None = None,
    *,
    staffing: object | None = None,
) -> Ranking:
    """A Ranking for `vendors` (default: `default_vendors()`) with the given raw weights."""
    infos = criteria_infos(weights)
    results = []
    for i, v in enumerate(vendors if vendors is not None else default_vendors()):
        missing_ids = {c.id for c in infos if c.is_leaf and v.raw.get(c.field) is None}  # type: ignore[arg-type]
        u = _node_utilities(infos, v.utilities)
        leaves = tuple(
            LeafScore(
                id=c.id, field=c.field or "", raw=v.raw.get(c.field or ""),
                missing=c.id in missing_ids,
                missing_policy=c.missing if c.id in missing_ids else None,
                utility=v.utilities[c.id], global_weight=c.global_weight,
                effective_weight=c.global_weight, contribution=0.0,
            )
            for c in infos if c.is_leaf
        )  # fmt: skip
        completeness = sum(c.global_weight for c in infos if c.is_leaf and c.id not in missing_ids)
        reqs = tuple(
            RequirementResult(field="security.certifications", rule="includes [pci_dss]", why=None,
                              passed=False, raw=None, reason=r)
            for r in v.failed
        )  # fmt: skip
        results.append(
            VendorResult(
                name=v.name, file=v.file or f"vendors/vendor{i}.yaml", delivery_model=v.delivery_model,
                headquarters=v.headquarters, rank=None, eligible=not v.failed,
                total=u.pop("__total__"), completeness=completeness, scores=u,
                contributions={}, leaves=leaves, requirements=reqs,
                values={**dict(v.raw), **dict(v.extra_values)},
            )
        )  # fmt: skip
    eligible = sorted((r for r in results if r.eligible), key=lambda r: (-r.total, r.name))
    ranked, rank, leader = [], 0, math.inf
    from dataclasses import replace

    for pos, r in enumerate(eligible, start=1):
        if abs(r.total - leader) > TIE_TOLERANCE:
            rank, leader = pos, r.total
        ranked.append(replace(r, rank=rank))
    ineligible = sorted((r for r in results if not r.eligible), key=lambda r: r.name)
    return Ranking(
        criteria_name="Factory criteria",
        criteria_file="criteria/factory.yaml",
        method="weighted_sum",
        base_currency="USD",
        missing_policy="worst",
        criteria=infos,
        requirement_rules=("security.certifications includes [pci_dss]",),
        vendors=(*ranked, *ineligible),
        warnings=("criterion 'cost' compares derived.rate across pricing models",),
        inputs=(
            InputFile("criteria/factory.yaml", "a" * 64, "criteria"),
            InputFile("vendors/vendor0.yaml", "b" * 64, "vendor"),
        ),
        staffing=staffing,
    )
