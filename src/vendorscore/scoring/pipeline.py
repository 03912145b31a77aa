"""The scoring pipeline: resolve fields, utilities, knock-outs, the weighted tree, ranks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from vendorscore.errors import ASK_FOR, CriteriaError, MissingInputError, Problem, ScoringError
from vendorscore.model.criteria import Criteria, CriterionNode
from vendorscore.model.results import (
    TIE_TOLERANCE,
    CriterionInfo,
    InputFile,
    LeafScore,
    MissingPolicy,
    Ranking,
    RequirementResult,
    VendorResult,
)
from vendorscore.model.vendor import Vendor
from vendorscore.scoring.batch import collector_paused
from vendorscore.scoring.derived import DERIVED_FIELDS, PREFIX, Source, derived_values
from vendorscore.scoring.fields import profile_value
from vendorscore.scoring.methods import ScoringMethod, scoring_method
from vendorscore.scoring.money import used_rates
from vendorscore.scoring.requirements import check_requirement, requirement_rule
from vendorscore.scoring.scales import (
    ScaleValueError,
    compile_scale,
    describe_scale,
    scale_knots,
)
from vendorscore.scoring.tree import MISSING_UTILITY, Node, build_tree, roll_up
from vendorscore.scoring.unit_cost import cost_basis_notes

if TYPE_CHECKING:
    from vendorscore.model.plans import StaffingPlan, VendorPlan
    from vendorscore.scoring.consensus import ConsensusValues

__all__ = ["RATED", "criteria_fields", "flatten_criteria", "score"]

# The field a rated leaf shows: its panel's consensus rating, not a profile value.
RATED = "rated."


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
        elif node.rated is not None:
            seen[RATED + node.id] = None
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
                    field=RATED + node.id if node.rated else node.field,
                    scale=_describe(node),
                    missing=(node.missing or default) if node.criteria is None else None,
                    children=tuple(c.id for c in node.criteria or ()),
                    knots=scale_knots(node.scale) if node.scale else None,
                )
            )
            if node.criteria:
                walk(node.criteria, node.id, depth + 1, parent_weight * local)

    walk(criteria.spec.criteria, None, 0, 1.0)
    return tuple(out)


def _describe(node: CriterionNode) -> str | None:
    if node.rated is not None:
        return node.rated.describe()
    return describe_scale(node.scale) if node.scale else None


def score(
    vendors: Sequence[Vendor],
    criteria: Criteria,
    *,
    method: str = "weighted_sum",
    staffing: StaffingPlan | None = None,
    inputs: Sequence[InputFile] = (),
    consensus: ConsensusValues | None = None,
) -> Ranking:
    """Score and rank `vendors` against `criteria` by `method` (weighted_sum or topsis).

    `staffing` (staffing.planner.plan_vendors on a demand) gives the queueing `derived.*`
    fields; a criteria set that reads one without it is a MissingInputError. `inputs` is the
    run's provenance, carried into the ranking. `consensus` gives rated criteria their panel's
    consensus rating per vendor name and criterion id (robustness.panel); without it they are
    missing, with a warning.
    """
    chosen = scoring_method(method)
    with collector_paused():
        return _score(vendors, criteria, chosen, staffing, inputs, consensus)


def _score(
    vendors: Sequence[Vendor],
    criteria: Criteria,
    method: ScoringMethod,
    staffing: StaffingPlan | None,
    inputs: Sequence[InputFile],
    consensus: ConsensusValues | None,
) -> Ranking:
    infos = flatten_criteria(criteria)
    by_id = {c.id: c for c in infos}
    fields = criteria_fields(criteria)
    needs_demand = sorted(
        f
        for f in set(fields)
        if f.startswith(PREFIX) and DERIVED_FIELDS[f[len(PREFIX) :]].needs_demand
    )
    if needs_demand and staffing is None:
        line, col = _field_location(criteria, needs_demand[0])
        raise MissingInputError(
            Problem(
                f"this criteria set uses {', '.join(needs_demand)}, which need the buyer's demand: "
                f"{ASK_FOR['demand']} (see samples/demand.yaml)",
                criteria.file,
                line,
                col,
            ),
            needs="demand",
        )
    _refuse_mixed_rates(vendors, criteria, fields)
    basis = cost_basis_notes(
        vendors, criteria, fields, demand=None if staffing is None else staffing.demand_name
    )
    plans: dict[str, VendorPlan] = {}
    if staffing is not None:
        plans = {p.vendor: p for p in staffing.vendors}
    problems: list[Problem] = []
    results: list[VendorResult] = []
    leaf_nodes = [n for n in _nodes(criteria.spec.criteria) if n.criteria is None]
    scale_of = {n.id: compile_scale(n.scale) for n in leaf_nodes if n.scale is not None}
    rated = {n.id: n.rated for n in leaf_nodes if n.rated is not None}
    if rated:
        from vendorscore.scoring.consensus import rubric_utility

        scale_of.update((k, rubric_utility(rubric)) for k, rubric in rated.items())
    profile_fields = [f for f in fields if not f.startswith((PREFIX, RATED))]
    tree = build_tree(infos)
    for vendor in vendors:
        values = {f: profile_value(vendor.profile, f) for f in profile_fields}
        source = Source(vendor, criteria, plans.get(vendor.profile.name))
        values.update(derived_values(source, fields, problems))
        if rated and consensus is not None:
            mine = consensus.get(vendor.profile.name, {})
            values.update((RATED + k, mine.get(k)) for k in rated)
        values = {f: values.get(f) for f in fields}
        utilities: dict[str, float | None] = {}
        leaf_missing: dict[str, MissingPolicy | None] = {}
        for node in leaf_nodes:
            field = node.field or RATED + node.id
            raw = values[field]
            if raw is None:
                policy = by_id[node.id].missing
                assert policy is not None  # every leaf has one, after the file's default
                leaf_missing[node.id] = policy
                utilities[node.id] = MISSING_UTILITY[policy]
                continue
            leaf_missing[node.id] = None
            try:
                utilities[node.id] = scale_of[node.id](raw)
            except ScaleValueError as exc:
                line, col = vendor.locations.get(tuple(field.split(".")), (None, None))
                problems.append(
                    Problem(
                        f"vendor '{vendor.profile.name}', field {field}: {exc} "
                        f"(criterion '{node.id}' in {criteria.file})",
                        vendor.file,
                        line,
                        col,
                    )
                )
                utilities[node.id] = 0.0
        note = basis.per_vendor.get(vendor.profile.name)
        results.append(
            _vendor_result(
                vendor,
                criteria,
                infos,
                tree,
                values,
                utilities,
                leaf_missing,
                method,
                notes=() if note is None else (note,),
            )
        )
    if problems:
        raise ScoringError(problems)
    return Ranking(
        criteria_name=criteria.spec.name,
        criteria_file=criteria.file,
        method=method.name,
        base_currency=criteria.spec.currency,
        missing_policy=criteria.spec.missing,
        criteria=infos,
        requirement_rules=tuple(
            f"{r.field} {requirement_rule(r)}" for r in criteria.spec.requirements
        ),
        vendors=_rank(results),
        warnings=(
            *basis.warnings,
            *_panel_warnings(criteria, rated_without_panel=bool(rated) and not consensus),
            *_infeasible(staffing),
        ),
        notes=tuple(basis.notes),
        exchange_rates=used_rates(vendors, criteria),
        inputs=tuple(inputs),
        staffing=staffing,
    )


def _vendor_result(
    vendor: Vendor,
    criteria: Criteria,
    infos: tuple[CriterionInfo, ...],
    tree: tuple[tuple[Node, ...], tuple[str, ...]],
    values: dict[str, object],
    utilities: dict[str, float | None],
    leaf_missing: dict[str, MissingPolicy | None],
    method: ScoringMethod,
    *,
    notes: tuple[str, ...],
) -> VendorResult:
    scores, effective = roll_up(*tree, utilities)
    leaves = [c for c in infos if c.is_leaf]
    contributions = {c.id: effective[c.id] * (utilities[c.id] or 0.0) for c in leaves}
    present = [(effective[c.id], u) for c in leaves if (u := utilities[c.id]) is not None]
    total = min(100.0, max(0.0, method.total(present)))
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
        scores=scores,
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
        notes=notes,
        currency=profile.pricing.currency if profile.pricing else None,
    )


def _rank(results: list[VendorResult]) -> tuple[VendorResult, ...]:
    eligible = sorted((r for r in results if r.eligible), key=lambda r: (-r.total, r.name))
    ranked: list[VendorResult] = []
    rank, leader = 0, math.inf
    for position, r in enumerate(eligible, start=1):
        if abs(r.total - leader) > TIE_TOLERANCE:
            rank, leader = position, r.total
        ranked.append(replace(r, rank=rank))
    ineligible = sorted((r for r in results if not r.eligible), key=lambda r: r.name)
    return (*ranked, *ineligible)


def _infeasible(staffing: StaffingPlan | None) -> list[str]:
    """Vendors that cannot meet the buyer's targets, with why (derived.feasible scores it)."""
    vendors = staffing.vendors if staffing is not None else ()
    return [
        f"{p.vendor} cannot meet the targets: {'; '.join(p.infeasible)}"
        for p in vendors
        if p.infeasible
    ]


def _panel_warnings(criteria: Criteria, *, rated_without_panel: bool) -> list[str]:
    """Rated criteria and no evaluator files: every vendor scores as missing there."""
    if not rated_without_panel:
        return []
    ids = [n.id for n in _nodes(criteria.spec.criteria) if n.rated is not None]
    return [
        f"{', '.join(ids)} {'is' if len(ids) == 1 else 'are'} rated by an evaluation panel "
        "and no ratings were given, so every vendor scores as missing there "
        f"(its missing policy); {ASK_FOR['ratings']}"
    ]


def _refuse_mixed_rates(vendors: Sequence[Vendor], criteria: Criteria, fields: list[str]) -> None:
    """derived.rate is in each vendor's own pricing unit: comparable under one model only."""
    if "derived.rate" not in fields:
        return
    models = sorted(
        {v.profile.pricing.model for v in vendors if v.profile.pricing and v.profile.pricing.model}
    )
    if len(models) < 2:
        return
    line, col = _field_location(criteria, "derived.rate")
    raise CriteriaError(
        Problem(
            f"derived.rate cannot be compared: the vendors price {', '.join(models)}, and a rate "
            "per hour, per minute, per call or per month is a different unit each; score "
            "derived.cost_per_contact instead (derived.rate suits vendors on one pricing model)",
            criteria.file,
            line,
            col,
        )
    )
