"""Test helpers: validated vendors and criteria sets from plain Python values, no YAML.

    from vendorscore import score
    from vendorscore.testing import group, leaf, make_criteria, make_vendor

    criteria = make_criteria(
        [leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0.5, "best": 0.9}})],
        requirements=[{"field": "scorecard.abandon_rate", "max": 0.1}],
    )
    ranking = score([make_vendor(name="A", scorecard={"fcr": 0.8})], criteria)

They validate exactly as files do (unknown keys and wrong types refused, every problem raised
together as a VendorScoreError), so a test states the values it means instead of formatting
YAML text. For tests about YAML itself (syntax, lines and columns), use the text functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vendorscore.inputs.loading import criteria_from_data, vendor_from_data
from vendorscore.model.criteria import Criteria
from vendorscore.model.vendor import Vendor

__all__ = ["group", "leaf", "make_criteria", "make_vendor"]


def make_vendor(
    data: Mapping[str, object] | None = None, /, *, file: str = "<vendor>", **fields: object
) -> Vendor:
    """A validated vendor profile from a mapping and/or fields as keywords.

    `name` defaults to "Vendor" and `delivery_model` to "onshore", the two required fields;
    a field given as None is left out, as a profile that does not state it.
    """
    profile: dict[str, object] = {"name": "Vendor", "delivery_model": "onshore"}
    profile.update(data or {})
    profile.update(fields)
    return vendor_from_data({k: v for k, v in profile.items() if v is not None}, file)


def make_criteria(
    criteria: Sequence[Mapping[str, object]],
    /,
    *,
    name: str = "Test criteria",
    file: str = "<criteria>",
    **settings: object,
) -> Criteria:
    """A validated criteria set from its tree (see `leaf` and `group`) and its settings.

    `settings` are the file's other keys: `missing`, `requirements`, `currency`,
    `exchange_rates`, `description`. The set is checked as a file is: every field path must
    exist and suit its scale.
    """
    return criteria_from_data({"name": name, **settings, "criteria": list(criteria)}, file)


def leaf(
    id: str, field: str, scale: Mapping[str, object], *, weight: float = 1, **more: object
) -> dict[str, object]:
    """A leaf criterion: it reads `field` and scores it on `scale` (e.g. `{"linear": {...}}`).

    `more` takes the node's other keys: `label`, `description`, `missing`.
    """
    return {"id": id, "weight": weight, "field": field, "scale": dict(scale), **more}


def group(
    id: str, *children: Mapping[str, object], weight: float = 1, **more: object
) -> dict[str, object]:
    """A group criterion over `children` (leaves or groups)."""
    return {"id": id, "weight": weight, **more, "criteria": [dict(c) for c in children]}
