"""The scoring pipeline: resolve fields, utilities, knock-outs, the weighted tree, ranks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from vendorscore.errors import CriteriaError, Problem, ScoringError
from vendorscore.model.criteria import Criteria, CriterionNode
from vendorscore.model.results import (
    TIE_TOLERANCE,
    CriterionInfo,
    InputFile,
    LeafScore,
    Method,
    MissingPolicy,
    Ranking,
    RequirementResult,
    VendorResult,
)
from vendorscore.model.vendor import Vendor
from vendorscore.scoring.batch import collector_paused
from vendorscore.scoring.fields import DERIVED_FIELDS, profile_value
from vendorscore.scoring.money import base_factor
from vendorscore.scoring.requirements import check_requirement, requirement_rule
from vendorscore.scoring.scales import ScaleValueError, compile_scale, describe_scale

__all__ = ["criteria_fields", "flatten_criteria", "score"]

_NEUTRAL_UTILITY = 50.0


def _nodes(nodes: Iterable[CriterionNode]) -> Iterable[CriterionNode]:
    for node in nodes:
        yield node
        if node.criteria:
            yield from _nodes(node.criteria)


def criteria_fields(criteria: Criteria) -> list[str]:
    """Every field a criteria set reads (leaves, then requirements), without repeats."""
    seen: dict[str, None] = {}
    for node in _nodes(criteria.spec.criteria):
        if node.field:
            seen[node.field] = None
    for req in criteria.spec.requirements:
        seen[req.field] = None
    return list(seen)


def _field_location(criteria: Criteria, field: str) -> tuple[int | None, int | None]:
    """Where the first leaf or requirement reading `field` writes it."""

    def walk(
        nodes: list[CriterionNode], base: tuple[str | int, ...]
    ) -> tuple[str | int, ...] | None:
        for i, node in enumerate(nodes):
            if node.field == field:
                return (*base, i, "field")
            if node.criteria:
                found = walk(node.criteria, (*base, i, "criteria"))
                if found:
                    return found
        return None

    path = walk(criteria.spec.criteria, ("criteria",))
    if path is None:
        index = next(i for i, r in enumerate(criteria.spec.requirements) if r.field == field)
        path = ("requirements", index, "field")
    line, col = criteria.locations.get(path, (None, None))
    return line, col


def flatten_criteria(criteria: Criteria) -> tuple[CriterionInfo, ...]:
    """The criteria tree in pre-order with local and global (nominal) weights."""
    default = criteria.spec.missing
    out: list[CriterionInfo] = []

    def walk(
        nodes: list[CriterionNode], parent: str | None, depth: int, parent_weight: float
    ) -> None:
        total = sum(n.weight for n in nodes)
        for node in nodes:
            local = node.weight / total if total > 0 else 0.0
            out.append(
                CriterionInfo(
                    id=node.id,
                    label=node.label or node.id.replace("_", " ").capitalize(),
                    parent=parent,
                    depth=depth,
                    weight=node.weight,
                    local_weight=local,
                    global_weight=parent_weight * local,
                    is_leaf=node.criteria is None,
                    field=node.field,
                    scale=describe_scale(node.scale) if node.scale else None,
                    missing=(node.missing or default) if node.criteria is None else None,
                    children=tuple(c.id for c in node.criteria or ()),
                )
            )
            if node.criteria:
                walk(node.criteria, node.id, depth + 1, parent_weight * local)

    walk(criteria.spec.criteria, None, 0, 1.0)
    return tuple(out)


def _derived_rate(vendor: Vendor, criteria: Criteria, problems: list[Problem]) -> float | None:
    pricing = vendor.profile.pricing
    if pricing is None or pricing.rate is None:
        return None
    factor = base_factor(vendor, criteria)
    if isinstance(factor, Problem):
        problems.append(factor)
        return None
    return None if factor is None else pricing.rate * factor


def _derived_values(
    vendor: Vendor, criteria: Criteria, wanted: set[str], problems: list[Problem]
) -> dict[str, object]:
    profile = vendor.profile
    values: dict[str, object] = {}
    if "derived.rate" in wanted:
        values["derived.rate"] = _derived_rate(vendor, criteria, problems)
    sites = profile.sites or []
    seats = [s.seats for s in sites if s.seats is not None]
    values["derived.total_seats"] = sum(seats) if seats else None
    values["derived.site_count"] = len(sites) if profile.sites is not None else None
    countries = {s.country for s in sites if s.country}
    values["derived.site_countries"] = len(countries) if countries else None
    return values


def score(
    vendors: Sequence[Vendor],
    criteria: Criteria,
    *,
    method: Method = "weighted_sum",
    derived: Mapping[str, Mapping[str, object]] | None = None,
    staffing: object | None = None,
    inputs: Sequence[InputFile] = (),
) -> Ranking:
    """Score and rank `vendors` against `criteria`.

    `derived` maps a vendor name to extra `derived.*` values (the queueing figures from
    `staffing`); a criteria set that reads such a field without them is an error.
    """
    with collector_paused():
        return _score(vendors, criteria, method, derived, staffing, inputs)


def _score(
    vendors: Sequence[Vendor],
    criteria: Criteria,
    method: Method,
    derived: Mapping[str, Mapping[str, object]] | None,
    staffing: object | None,
    inputs: Sequence[InputFile],
) -> Ranking:
    infos = flatten_criteria(criteria)
    by_id = {c.id: c for c in infos}
    fields = criteria_fields(criteria)
    wanted = set(fields)
    needs_demand = sorted(
        f for f in wanted if f.startswith("derived.") and DERIVED_FIELDS[f[8:]].needs_demand
    )
    if needs_demand and derived is None:
        line, col = _field_location(criteria, needs_demand[0])
        raise CriteriaError(
            Problem(
                f"this criteria set uses {', '.join(needs_demand)}, which need the buyer's demand: "
                "pass --demand FILE (see samples/demand.yaml)",
                criteria.file,
                line,
                col,
            )
        )
    problems: list[Problem] = []
    results: list[VendorResult] = []
    leaf_nodes = [n for n in _nodes(criteria.spec.criteria) if n.criteria is None]
    scale_of = {n.id: compile_scale(n.scale) for n in leaf_nodes if n.scale is not None}
    for vendor in vendors:
        values = {
            f: profile_value(vendor.profile, f) for f in fields if not f.startswith("derived.")
        }
        values.update(_derived_values(vendor, criteria, wanted, problems))
        if derived is not None:
            values.update(derived.get(vendor.profile.name, {}))
        values = {f: values.get(f) for f in fields}
        utilities: dict[str, float | None] = {}
        leaf_missing: dict[str, MissingPolicy | None] = {}
        for node in leaf_nodes:
            assert node.field is not None and node.scale is not None
            raw = values[node.field]
            if raw is None:
                policy = by_id[node.id].missing
                leaf_missing[node.id] = policy
                utilities[node.id] = (
                    None
                    if policy == "exclude"
                    else _NEUTRAL_UTILITY
                    if policy == "neutral"
                    else 0.0
                )
                continue
            leaf_missing[node.id] = None
            try:
                utilities[node.id] = scale_of[node.id](raw)
            except ScaleValueError as exc:
                line, col = vendor.locations.get(tuple(node.field.split(".")), (None, None))
                problems.append(
                    Problem(
                        f"vendor '{vendor.profile.name}', field {node.field}: {exc} "
                        f"(criterion '{node.id}' in {criteria.file})",
                        vendor.file,
                        line,
                        col,
                    )
                )
                utilities[node.id] = 0.0
        results.append(
            _vendor_result(vendor, criteria, infos, values, utilities, leaf_missing, method)
        )
    if problems:
        raise ScoringError(problems)
    return Ranking(
        criteria_name=criteria.spec.name,
        criteria_file=criteria.file,
        method=method,
        base_currency=criteria.spec.currency,
        missing_policy=criteria.spec.missing,
        criteria=infos,
        requirement_rules=tuple(
            f"{r.field} {requirement_rule(r)}" for r in criteria.spec.requirements
        ),
        vendors=_rank(results),
        warnings=tuple(_warnings(vendors, criteria)),
        inputs=tuple(inputs),
        staffing=staffing,
    )


def _vendor_result(
    vendor: Vendor,
    criteria: Criteria,
    infos: tuple[CriterionInfo, ...],
    values: dict[str, object],
    utilities: dict[str, float | None],
    leaf_missing: dict[str, MissingPolicy | None],
    method: Method,
) -> VendorResult:
    weights = {c.id: c.weight for c in infos}
    # Children follow their group in pre-order, so reversed pre-order meets them first.
    node_u: dict[str, float | None] = dict(utilities)
    live_weight: dict[str | None, float] = {}  # group id (None: root) -> weight not excluded
    for c in reversed(infos):
        if not c.is_leaf:
            num = den = 0.0
            for child in c.children:
                u = node_u[child]
                if u is not None:
                    w = weights[child]
                    num += w * u
                    den += w
            live_weight[c.id] = den
            node_u[c.id] = num / den if den > 0 else None
    live_weight[None] = sum(
        c.weight for c in infos if c.parent is None and node_u[c.id] is not None
    )
    # Effective weights: each node's share of the total after renormalising exclusions.
    effective: dict[str, float] = {}
    for c in infos:
        den = live_weight[c.parent]
        share = 1.0 if c.parent is None else effective[c.parent]
        effective[c.id] = share * c.weight / den if den > 0 and node_u[c.id] is not None else 0.0
    leaves = [c for c in infos if c.is_leaf]
    contributions = {c.id: effective[c.id] * (utilities[c.id] or 0.0) for c in leaves}
    weighted_total = sum(contributions.values())
    if method == "topsis":
        total = _topsis(
            [(effective[c.id], utilities[c.id]) for c in leaves if utilities[c.id] is not None]
        )
    else:
        total = weighted_total
    total = min(100.0, max(0.0, total))
    completeness = sum(c.global_weight for c in leaves if leaf_missing[c.id] is None)
    reqs = []
    for req in criteria.spec.requirements:
        raw = values.get(req.field)
        reason = check_requirement(req, raw)
        reqs.append(
            RequirementResult(
                field=req.field,
                rule=requirement_rule(req),
                why=req.why,
                passed=reason is None,
                raw=raw,
                reason=reason,
            )
        )
    profile = vendor.profile
    return VendorResult(
        name=profile.name,
        file=vendor.file,
        delivery_model=profile.delivery_model,
        headquarters=profile.headquarters,
        rank=None,
        eligible=all(r.passed for r in reqs),
        total=total,
        completeness=min(1.0, completeness),
        scores=node_u,
        contributions=contributions,
        leaves=tuple(
            LeafScore(
                id=c.id,
                field=c.field or "",
                raw=values.get(c.field or ""),
                missing=leaf_missing[c.id] is not None,
                missing_policy=leaf_missing[c.id],
                utility=utilities[c.id],
                global_weight=c.global_weight,
                effective_weight=effective[c.id],
                contribution=contributions[c.id],
            )
            for c in leaves
        ),
        requirements=tuple(reqs),
        values=dict(values),
    )


def _topsis(weighted: list[tuple[float, float | None]]) -> float:
    """Closeness to the fixed ideal (100) against the fixed anti-ideal (0), times 100."""
    d_plus = math.sqrt(sum(w * (100.0 - u) ** 2 for w, u in weighted if u is not None))
    d_minus = math.sqrt(sum(w * u**2 for w, u in weighted if u is not None))
    if d_plus + d_minus == 0.0:
        return 0.0
    return 100.0 * d_minus / (d_plus + d_minus)


def _rank(results: list[VendorResult]) -> tuple[VendorResult, ...]:
    from dataclasses import replace

    eligible = sorted((r for r in results if r.eligible), key=lambda r: (-r.total, r.name))
    ranked: list[VendorResult] = []
    rank, leader = 0, math.inf
    for position, r in enumerate(eligible, start=1):
        if abs(r.total - leader) > TIE_TOLERANCE:
            rank, leader = position, r.total
        ranked.append(replace(r, rank=rank))
    ineligible = sorted((r for r in results if not r.eligible), key=lambda r: r.name)
    return (*ranked, *ineligible)


def _warnings(vendors: Sequence[Vendor], criteria: Criteria) -> list[str]:
    out = []
    rate_criteria = [n.id for n in _nodes(criteria.spec.criteria) if n.field == "derived.rate"]
    models = sorted(
        {v.profile.pricing.model for v in vendors if v.profile.pricing and v.profile.pricing.model}
    )
    if rate_criteria and len(models) > 1:
        out.append(
            f"criterion '{rate_criteria[0]}' compares derived.rate across pricing models "
            f"({', '.join(models)}): rates per hour, per minute, per call and per month are not "
            "comparable; pass --demand FILE and score derived.monthly_cost instead"
        )
    return out
