"""What `validate` tells about valid profiles against a criteria set. Computes nothing.

A profile can be valid and still be knocked out by a requirement, or leave weighted criteria
empty (a profile listing only `en-GB` has nothing for a criterion reading `en-US`). These
lines say so, as information: the files are valid, the run would still lose that weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vendorscore.model.results import LeafScore, Ranking

__all__ = ["validation_notes"]


def validation_notes(
    ranking: Ranking, *, languages: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """One line per requirement a vendor would fail and per weighted leaf it leaves empty.

    `languages` (vendor name -> the language tags its profile lists) names what a profile has
    when a language criterion reads another variety.
    """
    lines: list[str] = []
    for v in ranking.vendors:
        tags = (languages or {}).get(v.name, ())
        where = f"{v.file}: info: {v.name}"
        for r in v.requirements:
            if not r.passed:
                lines.append(f"{where} would be knocked out: {r.reason or r.field + ' ' + r.rule}")
        for leaf in v.leaves:
            if leaf.missing and leaf.global_weight > 0:
                lines.append(f"{where} has no {leaf.field}{_nearby(tags, leaf)}: {_lost(leaf)}")
    return lines


def _lost(leaf: LeafScore) -> str:
    share = f"{leaf.global_weight:.1%} of the total weight"
    if leaf.utility is None:
        return f"criterion '{leaf.id}' ({share}) is left out and its siblings count for more"
    points = leaf.global_weight * (100 - leaf.utility)
    return (
        f"criterion '{leaf.id}' ({share}) scores {leaf.utility:g} "
        f"(missing data: {leaf.missing_policy}), up to {points:.1f} points lost"
    )


def _nearby(tags: Sequence[str], leaf: LeafScore) -> str:
    """The profile's own tags for the same language, when the leaf reads another variety."""
    parts = leaf.field.split(".")
    if len(parts) < 2 or parts[0] != "languages":
        return ""
    primary = parts[1].split("-")[0].lower()
    same = sorted(t for t in tags if t.split("-")[0].lower() == primary)
    return f" (the profile lists {', '.join(same)})" if same else ""
