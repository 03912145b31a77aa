"""How a vendor fits the buyer beyond the queue: the targets it cannot meet, its measured service
level where comparable, and where the buyer's calls fall in its sites' day.

Each is one function of the vendor, the demand and (for feasibility) the staffed intervals; the
planner puts the results in the `VendorPlan`, and notes the assumptions made on the way.
"""

from __future__ import annotations

from collections.abc import Sequence

from vendorscore.model import hours
from vendorscore.model.demand import Demand
from vendorscore.model.plans import IntervalPlan
from vendorscore.model.vendor import Vendor

__all__ = ["infeasible", "reported_service_level", "time_shares"]

_TARGET_WORDS = {
    "sl": "the service level",
    "abandon": "the abandonment cap",
    "blocking": "the blocking cap",
    "occupancy": "the occupancy cap",
}

_ORDER = {t: k for k, t in enumerate(_TARGET_WORDS)}


def infeasible(
    vendor: Vendor, demand: Demand, plans: Sequence[IntervalPlan], *, lines: int | None, model: str
) -> list[str]:
    """Each of the buyer's targets this vendor cannot meet, in words (empty: it meets them)."""
    reasons = []
    missed = [p for p in plans if not p.feasible]
    if missed:
        shown = ", ".join(p.label for p in missed[:3]) + (", ..." if len(missed) > 3 else "")
        targets = sorted(
            {t for p in missed for t in p.binding}, key=lambda t: _ORDER.get(t, len(_ORDER))
        )
        what = " and ".join(_TARGET_WORDS.get(t, t) for t in targets) or "every target"
        on = f" on its {lines} programme lines" if model == "erlang_x" else ""
        reasons.append(f"misses {what}{on} in {len(missed)} interval(s) ({shown})")
    peak = max(p.agents for p in plans)
    if demand.spec.model != "erlang_x" and lines is not None and lines < peak:
        reasons.append(
            f"technology.programme_lines ({lines}) are fewer than the {peak} agents needed "
            "at peak (model: erlang_x quantifies the busy signals)"
        )
    seats = [s.seats for s in vendor.profile.sites or [] if s.seats is not None]
    heads = max(p.scheduled_agents for p in plans)
    if seats and sum(seats) < heads:
        reasons.append(f"its {sum(seats)} seats are fewer than the {heads} heads needed at peak")
    return reasons


def reported_service_level(vendor: Vendor, demand: Demand, notes: list[str]) -> float | None:
    """The vendor's measured service level, when it is measured at the buyer's threshold.

    A level at another threshold is not converted: the conversion needs the shape of the
    vendor's waiting times (its agents and load), which one reported figure cannot give. It is
    missing, with a note, so the leaf's missing policy decides rather than a false 80/20.
    """
    card = vendor.profile.scorecard
    level = card.service_level if card else None
    if level is None or level.achieved is None:
        return None
    buyer = demand.spec.service_level.threshold_seconds
    if level.threshold_seconds is None:
        notes.append(
            "scorecard.service_level gives no threshold_seconds: not comparable with the "
            f"buyer's {buyer:g} s, treated as missing"
        )
        return None
    if level.threshold_seconds != buyer:
        notes.append(
            f"scorecard.service_level is measured at {level.threshold_seconds:g} s, not the "
            f"buyer's {buyer:g} s: not comparable, treated as missing"
        )
        return None
    return level.achieved


def time_shares(
    vendor: Vendor, demand: Demand, notes: list[str]
) -> tuple[float | None, float | None]:
    """The buyer's calls handled at night and open hours in daytime, local to the vendor's sites
    (weighted by seats; home-based agents count in the zone their site gives)."""
    spec = demand.spec
    if spec.timezone is None:  # the demand gives no real times: nothing to place in a day
        return None, None
    zoned = [s for s in vendor.profile.sites or [] if s.timezone is not None]
    if not zoned:
        notes.append("no site gives its timezone: night and daytime shares not computed")
        return None, None
    by_seats = all(s.seats for s in zoned)
    if not by_seats:
        notes.append("not every site gives its seats: its time zones weighted equally")
    sites = [(s.timezone, float(s.seats or 0) if by_seats else 1.0) for s in zoned]
    calls: list[tuple[int, int, float]] = []
    open_: list[tuple[int, int, float]] = []
    for i in spec.intervals:
        for w in i.when or ():
            for a, b in hours.week_segments(w.days, w.from_, w.to):
                calls.append((a, b, i.calls_per_hour / 60.0))
                open_.append((a, b, 1.0))
    zone = spec.timezone
    return (
        hours.local_shares(calls, zone, sites, hours.NIGHT),  # type: ignore[arg-type]
        hours.local_shares(open_, zone, sites, hours.DAYTIME),  # type: ignore[arg-type]
    )
