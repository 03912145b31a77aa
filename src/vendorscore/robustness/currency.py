"""Currency stability: how far each foreign currency must move before a rival catches the winner.

A currency moving by a factor f moves every computed money figure of the vendors priced in it
by the same factor (rates, costs per contact, monthly and contract costs are all linear in the
rate). On a linear or piecewise scale, a leaf's utility is piecewise linear in f with breaks
where f x the raw value crosses a scale point, so each rival's margin behind the winner is
piecewise linear in f too. Walking the breaks outwards from f = 1 and solving each straight
piece for a zero margin gives the exact move, like the weight-stability intervals: no sampling.

Weighted sum only: TOPSIS totals are not sums of utilities, so they have no such closed form.
Knock-out requirements are not re-checked at the moved rate.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from vendorscore.model.results import ExchangeRate, Ranking, VendorResult
from vendorscore.scoring.derived import DERIVED_FIELDS, PREFIX

__all__ = ["MAX_FALL", "MAX_RISE", "CurrencyStability", "currency_stability"]

# The moves searched: a currency halving or tripling is beyond any contract's planning.
MAX_FALL, MAX_RISE = -0.5, 2.0


class CurrencyStability(NamedTuple):
    """One foreign currency: the moves (fractions) within which the winner stays first."""

    rate: ExchangeRate
    vendors: tuple[str, ...]  # the ranked vendors priced in it
    # e.g. -0.18: at an 18% fall `fall_leader` reaches the winner's total (level, or ahead just
    # beyond); None: no rival does by -50%.
    fall: float | None
    fall_leader: str | None
    rise: float | None  # the same for a rise; None: no rival does by +200%
    rise_leader: str | None


def _utility(knots: Sequence[tuple[float, float]], x: float) -> float:
    xs = [k[0] for k in knots]
    if x <= xs[0]:
        return knots[0][1]
    if x >= xs[-1]:
        return knots[-1][1]
    i = bisect_right(xs, x)
    (x0, u0), (x1, u1) = knots[i - 1], knots[i]
    return u0 + (u1 - u0) * (x - x0) / (x1 - x0)


class _Exposed(NamedTuple):
    weight: float  # the leaf's effective weight for this vendor
    raw: float  # the money value at today's rate
    knots: tuple[tuple[float, float], ...]


def _exposure(ranking: Ranking, vendor: VendorResult) -> list[_Exposed]:
    """The vendor's scored money leaves: those that move with its currency."""
    out: list[_Exposed] = []
    infos = {c.id: c for c in ranking.leaves}
    for leaf in vendor.leaves:
        info = infos[leaf.id]
        entry = DERIVED_FIELDS.get(leaf.field.removeprefix(PREFIX))
        moves = leaf.field.startswith(PREFIX) and entry is not None and entry.money
        if not moves or info.knots is None or leaf.missing:
            continue
        if isinstance(leaf.raw, int | float) and not isinstance(leaf.raw, bool):
            out.append(_Exposed(leaf.effective_weight, float(leaf.raw), info.knots))
    return out


def _total(base: float, exposed: list[_Exposed], factor: float) -> float:
    """The vendor's total with its money at `factor` x today's (the change is exact)."""
    return base + sum(
        e.weight * (_utility(e.knots, e.raw * factor) - _utility(e.knots, e.raw)) for e in exposed
    )


def _first_change(
    ranking: Ranking, code: str, *, towards: float
) -> tuple[float | None, str | None]:
    """The factor nearest 1 (towards `towards`) where a rival's total reaches the winner's."""
    ranked = ranking.eligible
    exposure = {v.name: (_exposure(ranking, v) if v.currency == code else []) for v in ranked}
    breaks = {1.0, towards}
    for exposed in exposure.values():
        for e in exposed:
            if e.raw > 0:
                breaks.update(x / e.raw for x, _ in e.knots)
    up = towards > 1.0
    points = sorted(
        (b for b in breaks if (1.0 <= b <= towards if up else towards <= b <= 1.0)),
        reverse=not up,
    )
    winner, rivals = ranked[0], ranked[1:]

    def margins(f: float) -> list[float]:
        lead = _total(winner.total, exposure[winner.name], f)
        return [lead - _total(r.total, exposure[r.name], f) for r in rivals]

    before = margins(points[0])
    for a, b in itertools.pairwise(points):
        after = margins(b)
        # Each margin is a straight line on [a, b]: its zero, if it has one there, in closed form.
        hits = [
            (a + (b - a) * m0 / (m0 - m1), rival.name)
            for rival, m0, m1 in zip(rivals, before, after, strict=True)
            if m0 > 0 >= m1
        ]
        if hits:
            f, name = min(hits, key=lambda h: (abs(h[0] - 1.0), h[1]))
            return f - 1.0, name
        before = after
    return None, None


def currency_stability(ranking: Ranking) -> tuple[CurrencyStability, ...]:
    """Per foreign currency among the ranked vendors, the moves that keep the winner first.

    Empty for fewer than two ranked vendors or a method whose total is not a weighted sum.
    """
    ranked = ranking.eligible
    if len(ranked) < 2 or ranking.method != "weighted_sum":
        return ()
    out: list[CurrencyStability] = []
    for rate in ranking.exchange_rates:
        priced = tuple(v.name for v in ranked if v.currency == rate.currency)
        if not priced:
            continue
        fall, fall_leader = _first_change(ranking, rate.currency, towards=1.0 + MAX_FALL)
        rise, rise_leader = _first_change(ranking, rate.currency, towards=1.0 + MAX_RISE)
        out.append(CurrencyStability(rate, priced, fall, fall_leader, rise, rise_leader))
    return tuple(out)
