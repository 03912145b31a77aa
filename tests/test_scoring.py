"""The scoring pipeline on small hand-computed cases (weights, missing data, knock-outs, ranks)."""

from __future__ import annotations

import math

import pytest

from vendorscore.errors import CriteriaError, MissingInputError, ScoringError, VendorScoreError
from vendorscore.inputs.loading import vendor_from_text
from vendorscore.model.vendor import Vendor
from vendorscore.scoring.fields import profile_value
from vendorscore.scoring.pipeline import score
from vendorscore.testing import group, leaf, make_criteria, make_vendor

LINEAR_0_100 = {"linear": {"worst": 0, "best": 100}}
LEVELS = ["conversational", "fluent", "bilingual", "near_native", "native"]


def criteria(missing: str = "worst", *, fcr_weight: float = 1):
    return make_criteria(
        [
            group(
                "lang",
                leaf("english", "languages.en-US.proficiency", {"ordinal": LEVELS}, weight=3),
                leaf("spanish", "languages.es-MX.agents", LINEAR_0_100),
                weight=2,
            ),
            leaf("cost", "derived.rate", {"linear": {"worst": 40, "best": 8}}),
            leaf(
                "fcr", "scorecard.fcr", {"linear": {"worst": 0.5, "best": 0.9}}, weight=fcr_weight
            ),
        ],
        name="Test set",
        file="test.yaml",
        missing=missing,
        exchange_rates={"PHP": 0.0175},
        requirements=[{"field": "scorecard.abandon_rate", "max": 0.10, "why": "callers hang up"}],
    )


def vendor(
    name: str, *, english="native", spanish=50, rate=24.0, currency="USD", fcr=0.8, abandon=0.05
) -> Vendor:
    languages = {}
    if english is not None:
        languages["en-US"] = {"proficiency": english}
    if spanish is not None:
        languages["es-MX"] = {"agents": spanish}
    card = {k: v for k, v in (("fcr", fcr), ("abandon_rate", abandon)) if v is not None}
    return make_vendor(
        name=name,
        delivery_model="nearshore",
        file=f"{name.lower()}.yaml",
        languages=languages,
        pricing=None
        if rate is None
        else {"currency": currency, "model": "per_productive_hour", "rate": rate},
        scorecard=card or None,
    )


def test_total_is_the_weighted_tree_of_utilities():
    # lang = (3 x 100 + 1 x 50) / 4 = 87.5; cost (24 between 40 and 8) = 50; fcr (0.8) = 75;
    # total = (2 x 87.5 + 1 x 50 + 1 x 75) / 4 = 75.
    (v,) = score([vendor("A")], criteria()).vendors
    assert v.total == pytest.approx(75.0)
    assert v.scores == pytest.approx(
        {"lang": 87.5, "english": 100, "spanish": 50, "cost": 50, "fcr": 75}
    )


def test_contributions_add_up_to_the_total():
    # english: 0.5 x 0.75 = 37.5% of the total x 100 = 37.5 points; spanish 12.5% x 50 = 6.25 ...
    (v,) = score([vendor("A")], criteria()).vendors
    assert v.contributions == pytest.approx(
        {"english": 37.5, "spanish": 6.25, "cost": 12.5, "fcr": 18.75}
    )
    assert math.fsum(v.contributions.values()) == pytest.approx(v.total)


@pytest.mark.parametrize(
    ("policy", "lang", "total", "completeness"),
    [
        # english near_native = 75; spanish missing.
        ("worst", (3 * 75 + 0) / 4, (2 * 56.25 + 50 + 75) / 4, 0.875),
        ("neutral", (3 * 75 + 50) / 4, (2 * 68.75 + 50 + 75) / 4, 0.875),
        ("exclude", 75.0, (2 * 75 + 50 + 75) / 4, 0.875),
    ],
)
def test_missing_policies(policy, lang, total, completeness):
    (v,) = score([vendor("A", english="near_native", spanish=None)], criteria(policy)).vendors
    assert v.scores["lang"] == pytest.approx(lang)
    assert v.total == pytest.approx(total)
    assert v.completeness == pytest.approx(completeness)
    leaf = next(leaf for leaf in v.leaves if leaf.id == "spanish")
    assert leaf.missing and leaf.missing_policy == policy and leaf.raw is None


def test_excluded_leaf_shows_null_score_and_its_siblings_are_renormalised():
    (v,) = score([vendor("A", english="near_native", spanish=None)], criteria("exclude")).vendors
    assert v.scores["spanish"] is None
    english = next(leaf for leaf in v.leaves if leaf.id == "english")
    assert english.effective_weight == pytest.approx(0.5)  # the whole language group's half
    assert english.global_weight == pytest.approx(0.375)


def test_a_group_with_every_leaf_excluded_drops_out_of_the_total():
    # lang excluded entirely -> total = (50 + 75) / 2
    (v,) = score([vendor("A", english=None, spanish=None)], criteria("exclude")).vendors
    assert v.scores["lang"] is None
    assert v.total == pytest.approx(62.5)
    assert v.completeness == pytest.approx(0.5)


def test_rate_is_converted_to_the_base_currency():
    # 1000 PHP x 0.0175 = 17.5 USD -> (17.5 - 40) / (8 - 40) x 100 = 70.3125
    (v,) = score([vendor("A", rate=1000, currency="PHP")], criteria()).vendors
    assert v.values["derived.rate"] == pytest.approx(17.5)
    assert v.scores["cost"] == pytest.approx(70.3125)


def test_a_currency_without_an_exchange_rate_is_a_located_error():
    profile = vendor_from_text(
        "name: A\ndelivery_model: nearshore\nlanguages: {}\n"
        "pricing: {currency: INR, model: per_productive_hour, rate: 900}\n",
        "a.yaml",
    )
    with pytest.raises(ScoringError) as info:
        score([profile], criteria())
    (problem,) = info.value.problems
    # line 4 is `pricing: {currency: INR, ...}`; the value INR starts at column 21
    assert (problem.file, problem.line, problem.column) == ("a.yaml", 4, 21)
    assert problem.message.startswith(
        "no exchange rate from INR to USD: give the rate with the run as INR=<USD per INR>, "
        "or add `INR: <USD per INR>`"
    )


def test_ties_share_a_rank_and_are_listed_by_name():
    vendors = [
        vendor("Delta", fcr=0.6),
        vendor("Bravo"),
        vendor("Alpha"),
        vendor("Charlie", fcr=0.9),
    ]
    ranking = score(vendors, criteria())
    assert [(v.rank, v.name) for v in ranking.vendors] == [
        (1, "Charlie"),
        (2, "Alpha"),
        (2, "Bravo"),
        (4, "Delta"),
    ]


def test_ineligible_vendors_follow_unranked_by_name_with_their_reasons():
    vendors = [vendor("Zed", abandon=0.2), vendor("Alpha"), vendor("Beta", abandon=None)]
    ranking = score(vendors, criteria())
    assert [(v.rank, v.name, v.eligible) for v in ranking.vendors] == [
        (1, "Alpha", True),
        (None, "Beta", False),
        (None, "Zed", False),
    ]
    assert ranking.vendors[1].failed_requirements == (
        "scorecard.abandon_rate is missing, so 'max 0.1' is unproven (callers hang up)",
    )
    assert ranking.vendors[2].failed_requirements == (
        "scorecard.abandon_rate is 0.2, above the maximum 0.1 (callers hang up)",
    )


def requiring(req: dict[str, object]):
    fcr = leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0, "best": 1}})
    return make_criteria([fcr], name="Requirements", requirements=[req])


PROFILE = {
    "name": "Vendor",
    "delivery_model": "offshore",
    "headquarters": "NO",
    "technology": {"lines": 300},
    "security": {"certifications": ["pci_dss", "iso27001"], "controls": {"mfa": True}},
    "scorecard": {"fcr": 0.7},
}


@pytest.mark.parametrize(
    ("req", "reason"),
    [
        ({"field": "technology.lines", "min": 200}, None),
        (
            {"field": "technology.lines", "min": 500},
            "technology.lines is 300, below the minimum 500",
        ),
        (
            {"field": "technology.lines", "max": 250},
            "technology.lines is 300, above the maximum 250",
        ),
        ({"field": "security.certifications", "includes": ["pci_dss"]}, None),
        (
            {
                "field": "security.certifications",
                "includes": ["pci_dss", "hipaa_baa", "soc2_type2"],
                "why": "PHI",
            },
            "security.certifications lacks hipaa_baa, soc2_type2 (PHI)",
        ),
        ({"field": "headquarters", "in": ["NO", "SE", "DK"]}, None),
        ({"field": "headquarters", "in": ["US", "CA"]}, "headquarters is NO, not one of [US, CA]"),
        ({"field": "security.controls.mfa", "equals": True}, None),
        (
            {"field": "security.controls.mfa", "equals": False},
            "security.controls.mfa is true, not false",
        ),
        (
            {"field": "delivery_model", "equals": "onshore"},
            "delivery_model is offshore, not onshore",
        ),
        (
            {"field": "security.controls.dtmf_masking", "equals": True},
            "security.controls.dtmf_masking is missing, so 'equals true' is unproven",
        ),
    ],
)
def test_requirement_operators(req, reason):
    ranking = score([make_vendor(PROFILE, file="v.yaml")], requiring(req))
    (v,) = ranking.vendors
    assert v.eligible is (reason is None)
    assert v.failed_requirements == (() if reason is None else (reason,))


def test_equals_true_does_not_accept_the_number_one():
    profile = make_vendor(PROFILE, extra={"flag": 1})
    criteria = requiring({"field": "extra.flag", "equals": True})
    assert not score([profile], criteria).vendors[0].eligible


def test_topsis_closeness_uses_the_fixed_ideal_and_anti_ideal():
    # Two equal leaves with utilities 80 and 60:
    # d+ = sqrt(0.5 x 20^2 + 0.5 x 40^2) = sqrt(1000); d- = sqrt(0.5 x 80^2 + 0.5 x 60^2) = sqrt(5000)
    scale = {"linear": {"worst": 0, "best": 1}}
    two = make_criteria(
        [leaf("fcr", "scorecard.fcr", scale), leaf("csat", "scorecard.csat", scale)]
    )
    v = make_vendor(scorecard={"fcr": 0.8, "csat": 0.6})
    (result,) = score([v], two, method="topsis").vendors
    expected = 100 * math.sqrt(5000) / (math.sqrt(1000) + math.sqrt(5000))
    assert result.total == pytest.approx(expected)  # 69.098...
    assert result.scores["fcr"] == pytest.approx(80.0)


def test_queueing_fields_without_a_demand_profile_ask_for_one_in_library_words():
    cost = leaf("cost", "derived.monthly_cost", {"linear": {"worst": 100000, "best": 10000}})
    with pytest.raises(MissingInputError) as info:
        score([vendor("A")], make_criteria([cost]))
    assert info.value.needs == "demand"
    assert [p.message for p in info.value.problems] == [
        "this criteria set uses derived.monthly_cost, which need the buyer's demand: "
        "give a demand profile (see samples/demand.yaml)"
    ]


def test_an_unknown_method_is_a_user_error_naming_the_methods():
    with pytest.raises(VendorScoreError) as info:
        score([vendor("A")], criteria(), method="borda")
    assert str(info.value) == "'borda' is not a scoring method; use weighted_sum or topsis"


def test_mixed_pricing_models_under_a_rate_criterion_are_refused():
    a = vendor("A")
    b = make_vendor(
        name="B",
        delivery_model="offshore",
        pricing={"currency": "USD", "model": "per_call", "rate": 5},
    )
    with pytest.raises(CriteriaError) as info:
        score([a, b], criteria())
    assert str(info.value).startswith(
        "test.yaml: derived.rate cannot be compared: the vendors price per_call, "
        "per_productive_hour, and a rate per hour"
    )


def test_a_weight_of_zero_keeps_the_criterion_for_display_only():
    (v,) = score([vendor("A")], criteria(fcr_weight=0)).vendors
    # (2 x 87.5 + 1 x 50) / 3 = 75
    assert v.total == pytest.approx(75.0)
    assert v.scores["fcr"] == pytest.approx(75.0) and v.contributions["fcr"] == 0.0


# ---- language tags as ranges (RFC 4647 basic filtering) ------------------------------------------


@pytest.mark.parametrize(
    ("languages", "path", "expected"),
    [
        # Hand-computed: agents add up over every variety in the range; proficiency is the best.
        ({"es-MX": {"agents": 30, "proficiency": "fluent"}, "es-CO": {"agents": 20, "proficiency": "native"}},
         "languages.es.agents", 50),
        ({"es-MX": {"agents": 30, "proficiency": "fluent"}, "es-CO": {"agents": 20, "proficiency": "native"}},
         "languages.es.proficiency", "native"),
        ({"es-MX": {"agents": 30}, "es-CO": {"agents": 20}}, "languages.es-MX.agents", 30),
        ({"es-419": {"agents": 12}, "en-US": {"agents": 400}}, "languages.es.agents", 12),
        # A broader tag in the profile does not satisfy a narrower range: es is not es-MX.
        ({"es": {"agents": 70}}, "languages.es-MX.agents", None),
        # `es` must not match another language that merely starts with the letters (est, Estonian).
        ({"est": {"agents": 9}}, "languages.es.agents", None),
        ({"es-MX": {"proficiency": "native"}}, "languages.es.agents", None),
    ],
)  # fmt: skip
def test_a_language_tag_in_a_path_covers_its_varieties(
    languages: dict[str, object], path: str, expected: object
) -> None:
    profile = make_vendor(delivery_model="nearshore", languages=languages).profile
    assert profile_value(profile, path) == expected
