"""Requirements cannot be dodged or made impossible by a value of the wrong type (review findings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.errors import CriteriaError, ProfileError
from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
from vendorscore.scoring.pipeline import score
from vendorscore.testing import leaf, make_criteria, make_vendor

FCR = leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0, "best": 1}})


def rank(req: dict[str, object], *extras: dict[str, object]):
    vendors = [
        make_vendor(name=f"V{i}", file=f"v{i}.yaml", extra=extra) for i, extra in enumerate(extras)
    ]
    return score(vendors, make_criteria([FCR], name="T", file="c.yaml", requirements=[req]))


def test_text_where_a_number_is_required_fails_the_bound_instead_of_passing_it() -> None:
    ranking = rank(
        {"field": "extra.trial_call_score", "min": 7},
        {"trial_call_score": 3},
        {"trial_call_score": "excellent"},
    )
    assert [v.eligible for v in ranking.vendors] == [False, False]
    assert ranking.vendor("V1").failed_requirements == (
        "extra.trial_call_score is excellent, not a number, so 'min 7' is unproven",
    )


def test_true_is_not_a_number_for_a_bound() -> None:
    ranking = rank({"field": "extra.flag", "max": 5}, {"flag": True})
    assert not ranking.vendors[0].eligible


# The criteria file as text: these problems are reported at the requirement's line (4).
CRITERIA = (
    "name: T\n"
    "criteria:\n"
    "  - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0, best: 1}}}\n"
    "requirements: [REQ]\n"
)


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (
            '{field: clients.serves_competitors, equals: "false"}',
            "requirement on clients.serves_competitors: `equals` value 'false' can never match a bool field",
        ),
        (
            "{field: security.certifications, equals: pci_dss}",
            "requirement on security.certifications: `equals` compares one value, but this field is a list; use `includes`",
        ),
        (
            "{field: technology.lines, min: 5, max: 2}",
            "requirement on technology.lines: min 5 is above max 2, so no vendor can pass",
        ),
        (
            "{field: delivery_model, in: [onshore, offshre]}",
            "requirement on delivery_model: `in` value 'offshre' can never match a category field; "
            "its values are: onshore, nearshore, offshore, home_based, hosted",
        ),
    ],
)
def test_impossible_requirements_are_refused_when_the_criteria_load(req: str, message: str) -> None:
    with pytest.raises(CriteriaError) as info:
        criteria_from_text(CRITERIA.replace("REQ", req), "c.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.message) == (4, message)


def test_zero_lines_is_refused_with_its_location(tmp_path: Path) -> None:
    profile = tmp_path / "v.yaml"
    profile.write_text(
        "name: V\ndelivery_model: onshore\ntechnology: {lines: 0}\n", encoding="utf-8"
    )
    with pytest.raises(ProfileError) as info:
        vendor_from_text(profile.read_text(), str(profile))
    assert str(info.value.problems[0]).endswith(
        "v.yaml:3:21: technology.lines: must be >= 1, got 0"
    )
    result = CliRunner().invoke(app, ["validate", str(profile)])
    assert result.exit_code == 2
