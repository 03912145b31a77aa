"""`compare_runs`: rank moves and each leaf's change split into weights, values and both.

Expected figures are worked out by hand in the comments (scales and weights from the criteria
files, values from the sample profiles); the split is

    c_after - c_before = dw x u_before + w_before x du + dw x du.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import CRITERIA, SAMPLES

from vendorscore.compare.runs import compare_runs
from vendorscore.inputs.loading import (
    criteria_from_text,
    input_files,
    load_criteria,
    load_vendors,
    vendor_from_text,
)
from vendorscore.model.results import CriterionInfo, InputFile
from vendorscore.model.saved import SavedRun, SavedVendor, saved_run
from vendorscore.scoring.pipeline import score


def run_of(folder: Path, criteria: Path | str = "default", source: str = "run") -> SavedRun:
    vendors = load_vendors([folder])
    crit = load_criteria(criteria)
    ranking = score(vendors, crit, inputs=input_files(vendors, crit))
    return saved_run(ranking, source=source, tool_version="0.1.0")


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "vendors"
    shutil.copytree(SAMPLES, folder)
    return folder


def edited_default(tmp_path: Path, old: str, new: str) -> Path:
    text = (CRITERIA / "default.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "criteria.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- a weight edit on the samples


def test_a_weight_edit_is_explained_by_the_weight_part_alone(samples: Path, tmp_path: Path):
    """Cost 17 -> 25: the top-level weights sum to 100, then 108."""
    before = run_of(samples)
    after = run_of(samples, edited_default(tmp_path, "weight: 17\n", "weight: 25\n"))
    comparison = compare_runs(before, after)

    [cost] = comparison.criteria_edited
    assert (cost.id, cost.weight_before, cost.weight_after) == ("cost", 17, 25)
    assert cost.effective_before == pytest.approx(0.17)
    assert cost.effective_after == pytest.approx(25 / 108)
    # Every other criterion keeps its raw weight; its share moves with the new sum.
    language = next(c for c in comparison.criteria if c.id == "language")
    assert (language.status, language.edited) == ("changed", False)
    assert language.effective_after == pytest.approx(15 / 108)

    assert comparison.notes == ()
    for v in comparison.vendors:
        assert v.values_part == 0 and v.interaction_part == 0, v.name
        for leaf in v.leaves:
            assert leaf.values_part == 0 and leaf.interaction_part == 0
            assert leaf.weights_part == pytest.approx(leaf.change, abs=1e-12)
        assert sum(leaf.change for leaf in v.leaves) == pytest.approx(v.total_change, abs=1e-9)
        assert v.weights_part == pytest.approx(v.total_change, abs=1e-9)

    prairie = comparison.by_name()["prairie voice omaha"]
    # Prairie's cost per contact: 36.50 an hour on the phones x 360 s x 0.95 / (3600 x 0.85)
    # = 4.079412 USD, utility (6 - 4.079412) / 5 x 100 = 38.41. Its effective weight goes
    # from 17/100 x 4/5 = 0.136 to 25/108 x 4/5 = 0.185185...
    cost = next(leaf for leaf in prairie.leaves if leaf.id == "cost_per_contact")
    utility = (6 - 36.5 * 342 / 3060) / 5 * 100
    assert cost.utility_before == cost.utility_after == pytest.approx(utility)
    assert cost.weight_before == pytest.approx(0.136)
    assert cost.weight_after == pytest.approx(20 / 108)
    assert cost.weights_part == pytest.approx((20 / 108 - 0.136) * utility)
    assert prairie.leaves[0].id == "cost_per_contact"  # the largest change comes first
    assert (prairie.status, prairie.rank_before, prairie.rank_after) == ("same", 1, 1)
    # Andes (cheaper per contact) overtakes Summit: cost now weighs more.
    andes = comparison.by_name()["andes cx medellín"]
    assert (andes.status, andes.rank_before, andes.rank_after, andes.move) == ("up", 7, 6, 1)
    summit = comparison.by_name()["summit home agents"]
    assert (summit.status, summit.move) == ("down", -1)
    assert summit.reasons == ("passed by Andes CX Medellín",)


# ---------------------------------------------------------------- a best-and-final offer


def test_a_price_cut_on_one_vendor_is_explained_by_the_value_part_alone(samples: Path):
    """Andes CX cuts its rate from 13.20 to 11.60 USD an hour (-12.1%)."""
    before = run_of(samples)
    edit(samples / "andes-cx-medellin.yaml", "rate: 13.20", "rate: 11.60")
    comparison = compare_runs(before, run_of(samples))

    assert comparison.criteria_changed == ()
    andes = comparison.by_name()["andes cx medellín"]
    [rate] = andes.leaves
    # Cost per contact: rate / (1 - 0.27) x 360 s x 1.06 / (3600 x 0.85), per paid hour:
    # 2.254956 -> 1.981628 USD. Utility (6 - c) / 5 x 100 rises by 20 x (1.6 / 0.73 x
    # 381.6 / 3060) = 5.4666; at effective weight 17/100 x 4/5 = 0.136, 0.7435 points.
    per_dollar = 381.6 / (0.73 * 3060)
    gain = 20 * 1.6 * per_dollar
    assert rate.id == "cost_per_contact" and rate.field == "derived.cost_per_contact"
    assert (rate.raw_before, rate.raw_after, rate.unit) == (
        pytest.approx(13.2 * per_dollar),
        pytest.approx(11.6 * per_dollar),
        "USD",
    )
    assert rate.relative_raw_change == pytest.approx(-1.6 / 13.2)
    assert rate.utility_after - rate.utility_before == pytest.approx(gain)
    assert rate.values_part == pytest.approx(0.136 * gain)
    assert rate.weights_part == 0 and rate.interaction_part == 0
    assert andes.total_change == pytest.approx(0.136 * gain)
    assert andes.values_part == pytest.approx(andes.total_change)
    assert andes.file_changed is True
    # 74.90 + 0.74 = 75.64 stays below Summit, 6th at 75.87.
    assert (andes.status, andes.rank_after) == ("same", 7)
    others = [v for v in comparison.vendors if v is not andes]
    assert all(v.leaves == () and v.total_change == 0 for v in others)
    assert {v.status for v in others} == {"same", "still_knocked_out"}  # Lumina stays out
    assert all(v.file_changed is False for v in others)


def test_a_vendor_passed_by_another_says_so(samples: Path):
    """A deeper cut, 13.20 -> 10.80 USD, lifts Andes (74.85) past Summit (75.91)."""
    before = run_of(samples)
    edit(samples / "andes-cx-medellin.yaml", "rate: 13.20", "rate: 10.80")
    comparison = compare_runs(before, run_of(samples))
    andes = comparison.by_name()["andes cx medellín"]
    # 0.136 of the total, times 20 x 2.4 / 0.73 x 381.6 / 3060 = 8.20 utility points: +1.115.
    assert andes.total_change == pytest.approx(0.136 * 20 * 2.4 / 0.73 * 381.6 / 3060)
    assert (andes.rank_before, andes.rank_after) == (7, 6)
    summit = comparison.by_name()["summit home agents"]
    assert (summit.rank_before, summit.rank_after, summit.total_change) == (6, 7, 0)
    assert summit.reasons == ("passed by Andes CX Medellín; its own total did not change",)


# ---------------------------------------------------------------- both at once, exactly

CRITERIA_TEXT = """
name: t
currency: USD
criteria:
  - {{id: price, weight: {price}, field: derived.rate, scale: {{linear: {{worst: 40, best: 8}}}}}}
  - {{id: fcr, weight: {fcr}, field: scorecard.fcr, scale: {{linear: {{worst: 0.5, best: 1.0}}}}}}
"""
VENDOR_TEXT = """
name: {name}
delivery_model: nearshore
pricing: {{currency: USD, model: per_productive_hour, rate: {rate}}}
scorecard: {{fcr: {fcr}}}
"""


def tiny_run(price: float, fcr: float, vendors: dict[str, tuple[float, float]]) -> SavedRun:
    crit = criteria_from_text(CRITERIA_TEXT.format(price=price, fcr=fcr))
    profiles = [
        vendor_from_text(VENDOR_TEXT.format(name=n, rate=r, fcr=f), file=f"{n}.yaml")
        for n, (r, f) in vendors.items()
    ]
    ranking = score(profiles, crit, inputs=input_files(profiles, crit))
    return saved_run(ranking, source="tiny", tool_version="0.1.0")


def test_weights_and_values_at_once_split_exactly_into_the_total_change():
    # Before: weights 1:1 (0.5 each); X rate 24 -> u (40-24)/32 x 100 = 50, fcr 0.75 -> 50.
    # After: weights 3:1 (0.75, 0.25); X rate 16 -> u 75, fcr unchanged.
    before = tiny_run(1, 1, {"X": (24, 0.75)})
    after = tiny_run(3, 1, {"X": (16, 0.75)})
    [x] = compare_runs(before, after).vendors
    price, fcr = x.leaves
    # price: dw 0.25 x u 50 = 12.5; w 0.5 x du 25 = 12.5; both 0.25 x 25 = 6.25; 56.25 - 25.
    assert (price.weights_part, price.values_part, price.interaction_part) == (12.5, 12.5, 6.25)
    assert price.change == 31.25
    # fcr: dw -0.25 x u 50 = -12.5, nothing else.
    assert (fcr.weights_part, fcr.values_part, fcr.interaction_part) == (-12.5, 0, 0)
    # Total 50 -> 68.75: weights 12.5 - 12.5 = 0, values 12.5, both 6.25; exactly, no rounding.
    assert (x.total_before, x.total_after, x.total_change) == (50, 68.75, 18.75)
    assert (x.weights_part, x.values_part, x.interaction_part) == (0, 12.5, 6.25)
    assert x.weights_part + x.values_part + x.interaction_part == x.total_change
    assert x.unexplained == 0
    assert x.by_criterion == (("price", 31.25), ("fcr", -12.5))


# ---------------------------------------------------------------- vendors new, gone, knocked out


def test_new_and_removed_vendors(samples: Path, tmp_path: Path):
    before = run_of(samples)
    (samples / "kaveri-bpo-hyderabad.yaml").unlink()
    newcomer = samples / "zenith.yaml"
    shutil.copy(samples / "andes-cx-medellin.yaml", newcomer)
    edit(newcomer, "name: Andes CX Medellín", "name: Zenith CX Bogotá")
    comparison = compare_runs(before, run_of(samples, source="after.json"))

    gone = comparison.by_name()["kaveri bpo hyderabad"]
    assert (gone.status, gone.rank_before, gone.rank_after, gone.move) == ("gone", 13, None, None)
    assert gone.reasons == ("not in after.json",)
    assert gone.total_change is None and gone.leaves == ()
    new = comparison.by_name()["zenith cx bogotá"]
    # The same figures as Andes (7th, 75.75); tied on total, ties are listed by name.
    assert (new.status, new.rank_before, new.rank_after) == ("new", None, 7)
    assert new.reasons == ("not in run",)
    assert comparison.vendors[-1] is gone  # after the vendors of the new run
    # Sharing 7th place with Andes pushes the five vendors below down one place each.
    liffey = comparison.by_name()["liffey home agents"]
    assert (liffey.status, liffey.rank_before, liffey.rank_after, liffey.move) == (
        "down", 8, 9, -1,
    )  # fmt: skip
    assert [v.status for v in comparison.vendors].count("down") == 5


def test_a_newly_knocked_out_vendor_says_why(samples: Path):
    before = run_of(samples)
    edit(samples / "andes-cx-medellin.yaml", "abandon_rate: 0.047", "abandon_rate: 0.12")
    comparison = compare_runs(before, run_of(samples))
    andes = comparison.by_name()["andes cx medellín"]
    assert (andes.status, andes.rank_before, andes.rank_after, andes.move) == (
        "knocked_out", 7, None, None,
    )  # fmt: skip
    assert andes.reasons == (
        "knocked out: scorecard.abandon_rate is 0.12, above the maximum 0.1 (More than one "
        "caller in ten hanging up before an answer is a broken operation (industry norm: under "
        "5% is good, over 10% is poor).)",
    )
    # The vendors below it move up one place each.
    liffey = comparison.by_name()["liffey home agents"]
    assert (liffey.status, liffey.rank_before, liffey.rank_after) == ("up", 8, 7)


def test_a_vendor_reinstated_by_a_dropped_requirement(samples: Path, tmp_path: Path):
    before = run_of(samples)
    crit = edited_default(tmp_path, "    max: 0.10\n", "    max: 0.15\n")
    comparison = compare_runs(before, run_of(samples, crit))
    lumina = comparison.by_name()["lumina outsourcing davao"]
    assert lumina.status == "reinstated" and lumina.rank_after is not None
    assert lumina.reasons[0].startswith("no longer fails: scorecard.abandon_rate is 0.14")
    assert "requirement removed from the criteria: scorecard.abandon_rate max 0.1" in (
        lumina.reasons
    )


def test_a_renamed_vendor_is_flagged_not_matched(samples: Path):
    before = run_of(samples, source="old.json")
    edit(samples / "andes-cx-medellin.yaml", "name: Andes CX Medellín", "name: Andes CX")
    comparison = compare_runs(before, run_of(samples, source="new.json"))
    gone = comparison.by_name()["andes cx medellín"]
    new = comparison.by_name()["andes cx"]
    assert (gone.status, new.status) == ("gone", "new")
    path = str(samples / "andes-cx-medellin.yaml")
    assert f"renamed? 'Andes CX' in new.json has the same profile file {path}" in gone.reasons
    assert f"renamed? 'Andes CX Medellín' in old.json had the same profile file {path}" in (
        new.reasons
    )


# ---------------------------------------------------------------- said plainly


def test_different_methods_versions_and_currencies_are_said_plainly(samples: Path):
    vendors = load_vendors([samples])
    crit = load_criteria("default")
    weighted = saved_run(score(vendors, crit), source="a", tool_version="0.1.0")
    topsis = saved_run(score(vendors, crit, method="topsis"), source="b", tool_version="0.2.0")
    comparison = compare_runs(weighted, topsis)
    assert comparison.notes[0].startswith(
        "Different methods: weighted_sum before, topsis after. The totals are not comparable"
    )
    assert comparison.notes[1].startswith(
        "Saved by different vendorscore versions (0.1.0 before, 0.2.0 after)"
    )
    # Totals of different methods are never subtracted.
    assert all(v.total_change is None and v.unexplained is None for v in comparison.vendors)
    both_topsis = compare_runs(topsis, topsis)
    assert both_topsis.notes[0].startswith("Method TOPSIS: totals are closeness")


def test_a_criterion_added_is_all_weights_and_an_excluded_value_all_values():
    # `fcr` added with weight 1 next to `price` 1; X scores 50 on both.
    one_leaf = criteria_from_text(
        "name: t\ncurrency: USD\ncriteria:\n"
        "  - {id: price, weight: 1, field: derived.rate, scale: {linear: {worst: 40, best: 8}}}\n"
    )
    profile = [vendor_from_text(VENDOR_TEXT.format(name="X", rate=24, fcr=0.75), file="x.yaml")]
    before = saved_run(score(profile, one_leaf), source="a", tool_version="0.1.0")
    after = tiny_run(1, 1, {"X": (24, 0.75)})
    comparison = compare_runs(before, after)
    assert [(c.id, c.status) for c in comparison.criteria_edited] == [("fcr", "added")]
    [x] = comparison.vendors
    fcr = next(leaf for leaf in x.leaves if leaf.id == "fcr")
    assert (fcr.change, fcr.weights_part, fcr.values_part) == (25.0, 25.0, 0.0)
    # price: 1.0 -> 0.5 of the total at utility 50, -25 from the weights.
    price = next(leaf for leaf in x.leaves if leaf.id == "price")
    assert (price.change, price.weights_part) == (-25.0, -25.0)
    assert x.total_change == 0

    excluded = criteria_from_text(CRITERIA_TEXT.format(price=1, fcr=1) + "missing: exclude\n")
    no_fcr = vendor_from_text("name: X\ndelivery_model: nearshore\npricing: "
                              "{currency: USD, model: per_productive_hour, rate: 24}\n")  # fmt: skip
    gap = saved_run(score([no_fcr], excluded), source="gap", tool_version="0.1.0")
    full = saved_run(score(profile, excluded), source="full", tool_version="0.1.0")
    [x] = compare_runs(gap, full).vendors
    fcr = next(leaf for leaf in x.leaves if leaf.id == "fcr")
    # fcr was excluded (weight 0, no utility), now 0.5 x 50 = 25 points: all from the value.
    assert (fcr.utility_before, fcr.weight_before, fcr.weight_after) == (None, 0.0, 0.5)
    assert (fcr.change, fcr.values_part, fcr.weights_part) == (25.0, 25.0, 0.0)


# ---------------------------------------------------------------- the split always adds up


def flat_run(weights: list[float], utilities: list[list[float | None]]) -> SavedRun:
    """A one-level tree by hand; a None utility is excluded and its siblings renormalised."""
    ids = [f"c{i}" for i in range(len(weights))]
    total_weight = sum(weights)
    tree = tuple(
        CriterionInfo(
            i,
            i,
            None,
            0,
            w,
            w / total_weight,
            w / total_weight,
            True,
            f"f.{i}",
            "linear",
            "exclude",
        )
        for i, w in zip(ids, weights, strict=True)
    )
    vendors = []
    for n, row in enumerate(utilities):
        live = sum(w for w, u in zip(weights, row, strict=True) if u is not None)
        eff = {i: (w / live if u is not None and live else 0.0)
               for i, w, u in zip(ids, weights, row, strict=True)}  # fmt: skip
        scores = dict(zip(ids, row, strict=True))
        contributions = {i: eff[i] * (scores[i] or 0.0) for i in ids}
        vendors.append(
            SavedVendor(
                f"v{n}",
                f"v{n}.yaml",
                "onshore",
                n + 1,
                True,
                sum(contributions.values()),
                1.0,
                (),
                scores,
                contributions,
                eff,
                {f"f.{i}": u for i, u in scores.items()},
            )
        )
    return SavedRun("h", 1, "0.1.0", "t", "t.yaml", "weighted_sum", "USD", "exclude", tree, (),
                    tuple(vendors), (InputFile("t.yaml", "0" * 64, "criteria"),))  # fmt: skip


weights_st = st.lists(st.floats(0, 10), min_size=1, max_size=5).filter(lambda w: sum(w) > 0.01)
utility_st = st.one_of(st.none(), st.floats(0, 100))


@given(st.data())
def test_each_leaf_and_each_vendor_split_adds_up(data: st.DataObject) -> None:
    w_before = data.draw(weights_st)
    w_after = data.draw(st.lists(st.floats(0, 10), min_size=len(w_before),
                                 max_size=len(w_before)).filter(lambda w: sum(w) > 0.01))  # fmt: skip
    rows = st.lists(st.lists(utility_st, min_size=len(w_before), max_size=len(w_before)),
                    min_size=2, max_size=2)  # fmt: skip
    comparison = compare_runs(
        flat_run(w_before, data.draw(rows)), flat_run(w_after, data.draw(rows))
    )
    for v in comparison.vendors:
        for leaf in v.leaves:
            parts = leaf.weights_part + leaf.values_part + leaf.interaction_part
            assert parts == pytest.approx(leaf.change, abs=1e-9)
        split = v.weights_part + v.values_part + v.interaction_part  # type: ignore[operator]
        assert split == pytest.approx(v.total_change, abs=1e-9)
        assert v.unexplained == pytest.approx(0, abs=1e-9)


def test_a_scale_edit_is_flagged_on_the_leaf_and_the_criterion(samples: Path, tmp_path: Path):
    """The cost scale's worst end moves from 6 to 8 USD: every cost utility rises."""
    before = run_of(samples)
    crit = edited_default(tmp_path, "worst: 6.00, best: 1.00", "worst: 8.00, best: 1.00")
    comparison = compare_runs(before, run_of(samples, crit))
    [cost] = comparison.criteria_edited
    assert cost.id == "cost_per_contact" and cost.weight_before == cost.weight_after == 4
    assert cost.details == (
        "scale: linear 6 (worst) -> 1 (best), now linear 8 (worst) -> 1 (best)",
    )
    andes = comparison.by_name()["andes cx medellín"]
    [leaf] = andes.leaves
    # Andes: 13.20 / 0.73 x 381.6 / 3060 = 2.254956 USD a contact. (8 - c) / 7 x 100 -
    # (6 - c) / 5 x 100 = 82.07 - 74.90, at weight 0.136, all in the value part.
    c = 13.2 / 0.73 * 381.6 / 3060
    expected = 0.136 * ((8 - c) / 7 * 100 - (6 - c) / 5 * 100)
    assert leaf.scale_changed and leaf.raw_before == leaf.raw_after == pytest.approx(c)
    assert leaf.values_part == pytest.approx(expected)
    from vendorscore.report.changes import leaf_text

    assert leaf_text(leaf) == (
        "cost_per_contact +0.98: scale changed, utility 74.9 -> 82.1 (+0.98)"
    )


def test_money_leaves_carry_their_currency() -> None:
    crit = criteria_from_text(
        "name: t\ncurrency: USD\ncriteria:\n"
        "  - {id: fee, weight: 1, field: pricing.setup_fee, scale: {linear: {worst: 9000, best: 0}}}\n"
        "  - {id: rate, weight: 1, field: derived.rate, scale: {linear: {worst: 40, best: 8}}}\n"
        "exchange_rates: {EUR: 1.25}\n"
    )

    def run(fee: int, rate: float) -> SavedRun:
        vendor = vendor_from_text(
            "name: X\ndelivery_model: onshore\npricing: {currency: EUR, "
            f"model: per_productive_hour, rate: {rate}, setup_fee: {fee}}}\n",
            file="x.yaml",
        )
        return saved_run(score([vendor], crit), source="r", tool_version="0.1.0")

    [x] = compare_runs(run(3000, 20), run(1500, 16)).vendors
    units = {leaf.id: (leaf.unit, leaf.raw_before, leaf.raw_after) for leaf in x.leaves}
    # derived.rate is converted to USD; the set-up fee stays in the vendor's own currency, which
    # the saved result records only when a criterion reads pricing.currency.
    assert units == {"fee": ("in its own currency", 3000, 1500), "rate": ("USD", 25.0, 20.0)}


def test_the_same_file_contents_under_a_new_name_says_renamed() -> None:
    before = flat_run([1.0], [[50.0]])
    vendor = before.vendors[0]
    after = dataclasses.replace(
        before,
        vendors=(dataclasses.replace(vendor, name="v0 renamed", file="moved/v0.yaml"),),
        inputs=(*before.inputs, InputFile("moved/v0.yaml", "a" * 64, "vendor")),
    )
    before = dataclasses.replace(
        before, inputs=(*before.inputs, InputFile("v0.yaml", "a" * 64, "vendor"))
    )
    gone, new = compare_runs(before, after).vendors[::-1]
    assert gone.reasons == (
        "not in h",
        "renamed? 'v0 renamed' in h has the same file contents (SHA-256)",
    )
    assert new.reasons[-1] == "renamed? 'v0' in h had the same file contents (SHA-256)"


def test_a_result_saved_with_top_says_vendors_were_left_out(samples: Path) -> None:
    full = run_of(samples, source="full.json")
    cut = dataclasses.replace(full, source="top3.json", vendors=full.vendors[:3])
    comparison = compare_runs(full, cut)
    assert comparison.notes == (
        "top3.json holds 3 of the 14 vendors it ranked (saved with --top): vendors left out "
        "show as new or gone.",
    )
    assert not comparison.after.shown_all
    kaveri = comparison.by_name()["kaveri bpo hyderabad"]
    assert kaveri.status == "gone"
    assert kaveri.reasons == ("left out of top3.json (saved with --top), not gone",)
