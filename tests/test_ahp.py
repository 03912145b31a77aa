"""AHP weights, consistency and the AHP file, against published and closed-form values."""

from __future__ import annotations

import math

import pytest

from vendorscore.errors import CriteriaError
from vendorscore.inputs.ahp_file import rewrite_weights, validate_ahp
from vendorscore.inputs.yamlsafe import parse_yaml
from vendorscore.robustness.ahp import ahp_weights, random_index

LEADER = ("experience", "education", "charisma", "age")
LEADER_JUDGEMENTS = {
    ("experience", "education"): 4.0,
    ("experience", "charisma"): 3.0,
    ("experience", "age"): 7.0,
    ("education", "charisma"): 1 / 3,
    ("education", "age"): 3.0,
    ("charisma", "age"): 5.0,
}


def test_leader_example_weights_and_consistency() -> None:
    # Wikipedia, "Analytic hierarchy process - leader example" (criteria priorities 0.547,
    # 0.127, 0.270, 0.056; CR 0.044 with Saaty's RI(4) = 0.90). The published 0.547 comes from
    # an approximation; the exact eigenvector gives 0.5476, hence the 0.002 tolerance.
    result = ahp_weights(LEADER, LEADER_JUDGEMENTS)
    assert result.weights == pytest.approx((0.547, 0.127, 0.270, 0.056), abs=0.002)
    assert result.consistency_index / 0.90 == pytest.approx(0.044, abs=0.0005)
    assert result.acceptable


def test_consistent_matrix_gives_its_generating_weights_and_zero_cr() -> None:
    # Saaty (1980): for a_ij = w_i / w_j the principal eigenvector is w and lambda_max = n.
    w = {"a": 0.5, "b": 0.25, "c": 0.15, "d": 0.1}
    ids = tuple(w)
    judgements = {(x, y): w[x] / w[y] for i, x in enumerate(ids) for y in ids[i + 1 :]}
    result = ahp_weights(ids, judgements)
    assert result.weights == pytest.approx(tuple(w.values()))
    assert result.lambda_max == pytest.approx(4.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.most_inconsistent is None


def test_three_by_three_lambda_max_has_a_closed_form() -> None:
    # For a 3x3 reciprocal matrix with a12 = x, a13 = y, a23 = z: lambda_max = 1 + r + 1/r,
    # r = (y / (x z))^(1/3); the weights are the row geometric means (Crawford & Williams 1985).
    result = ahp_weights(("a", "b", "c"), {("a", "b"): 2.0, ("a", "c"): 2.0, ("b", "c"): 2.0})
    r = (2 / 4) ** (1 / 3)
    assert result.lambda_max == pytest.approx(1 + r + 1 / r)
    gm = [(2 * 2) ** (1 / 3), (0.5 * 2) ** (1 / 3), (0.5 * 0.5) ** (1 / 3)]
    assert result.weights == pytest.approx(tuple(g / sum(gm) for g in gm))
    assert result.consistency_ratio == pytest.approx((1 + r + 1 / r - 3) / 2 / 0.5247)


def test_inconsistent_judgements_name_the_worst_one() -> None:
    # a > b by 9 and b > c by 9 but c > a by 9: a cycle, CR far above 0.10; the judgement
    # furthest from the derived weights is reported with a Saaty value that would fit them.
    result = ahp_weights(
        ("a", "b", "c", "d"),
        {
            ("a", "b"): 9,
            ("b", "c"): 9,
            ("a", "c"): 1 / 9,
            ("a", "d"): 1,
            ("b", "d"): 1,
            ("c", "d"): 1,
        },
    )
    assert result.consistency_ratio is not None and result.consistency_ratio > 0.10
    assert not result.acceptable
    assert result.most_inconsistent is not None
    worst = result.most_inconsistent
    assert (
        abs(math.log(worst.error_factor))
        >= max(
            abs(math.log(v / (result.weights[i] / result.weights[j])))
            for (x, y), v in {("a", "b"): 9, ("b", "c"): 9, ("a", "c"): 1 / 9}.items()
            for i, j in [("abcd".index(x), "abcd".index(y))]
        )
        - 1e-12
    )


def test_random_index_table_and_regression_beyond_fifteen() -> None:
    # Alonso & Lamata (2006): RI(3) = 0.5247, RI(10) = 1.4854, RI(15) = 1.5838; beyond 15 the
    # paper's regression (1.7699 n - 4.3513) / (n - 1).
    assert random_index(2) == 0.0
    assert random_index(3) == 0.5247
    assert random_index(10) == 1.4854
    assert random_index(15) == 1.5838
    assert random_index(20) == pytest.approx((1.7699 * 20 - 4.3513) / 19)
    assert random_index(16) == pytest.approx(1.59, abs=0.01)


def _load(text: str) -> tuple[tuple[str, ...], dict[tuple[str, str], float]]:
    doc = parse_yaml(text, "ahp.yaml")
    return validate_ahp(doc.data, file="ahp.yaml", values=doc.values, keys=doc.keys)


def test_ahp_file_accepts_numbers_and_ratio_strings() -> None:
    criteria, judgements = _load(
        "criteria: [cost, security, language]\n"
        "comparisons:\n  cost: {security: 3, language: '1/2'}\n  language: {security: 0.5}\n"
    )
    assert criteria == ("cost", "security", "language")
    assert judgements == {
        ("cost", "security"): 3.0,
        ("cost", "language"): 0.5,
        ("language", "security"): 0.5,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("criteria: [a, b]\ncomparisons:\n  a: {b: 12}\n", "ahp.yaml:3:10: comparisons.a.b: "),
        ("criteria: [a, b]\ncomparisons:\n  a: {b: 12}\n", "between 1/9 and 9"),
        ("criteria: [a, b]\ncomparisons:\n  a: {c: 2}\n", "ahp.yaml:3:7: 'c' is not in `criteria`"),
        ("criteria: [a, b, c]\ncomparisons:\n  a: {b: 2}\n", "missing judgements for a/c, b/c"),
        (
            "criteria: [a, b]\ncomparisons:\n  a: {b: 2}\n  b: {a: 3}\n",
            "ahp.yaml:4:7: the pair b/a is judged twice",
        ),
        ("criteria: [a, b]\ncomparisons:\n  a: {b: 'x/2'}\n", "'1/3'"),
        ("criteria: [a, b]\ncomparisons:\n  a: {b: true}\n", "not true/false"),
        ("criteria: [a, b]\ncomparison: {}\n", "ahp.yaml:2:1:"),
    ],
)
def test_bad_ahp_files_are_located(text: str, message: str) -> None:
    with pytest.raises(CriteriaError) as caught:
        _load(text)
    assert message in str(caught.value)


CRITERIA_TEXT = """\
name: Test set   # a comment that must survive
criteria:
  - id: cost
    weight: 25     # money
  - id: quality
    weight: 10
    criteria:
      - {id: csat, weight: 3, field: scorecard.csat, scale: {linear: {worst: 0.5, best: 1}}}
      - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0.5, best: 1}}}
"""


def test_rewrite_changes_only_the_weights_of_one_group() -> None:
    doc = parse_yaml(CRITERIA_TEXT, "c.yaml")
    text = rewrite_weights(
        CRITERIA_TEXT, doc.data, doc.values, {"csat": 0.75, "fcr": 0.25}, file="c.yaml"
    )
    assert text == CRITERIA_TEXT.replace("weight: 3,", "weight: 75.0,").replace(
        "weight: 1,", "weight: 25.0,"
    )
    top = rewrite_weights(
        CRITERIA_TEXT, doc.data, doc.values, {"cost": 0.6, "quality": 0.4}, file="c.yaml"
    )
    assert "weight: 60.0     # money" in top and "weight: 40.0\n" in top


def test_rewrite_refuses_criteria_that_are_not_one_whole_group() -> None:
    doc = parse_yaml(CRITERIA_TEXT, "c.yaml")
    with pytest.raises(
        CriteriaError,
        match=r"not exactly the criteria of one group in this file; its group has cost, quality",
    ):
        rewrite_weights(
            CRITERIA_TEXT, doc.data, doc.values, {"csat": 0.5, "cost": 0.5}, file="c.yaml"
        )
