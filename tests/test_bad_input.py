"""Untrusted vendor profiles and broken criteria files: one located line per problem, exit 2.

Every expected `LINE:COL` below was counted by hand on the YAML written by the test (1-based;
the location of the offending key or value, as issue 2 section 4 asks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"

OK_VENDOR = "name: Acme\ndelivery_model: offshore\n"


def _invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def _problems(result, path: Path) -> list[str]:
    """The stderr lines with the `FILE:` prefix checked and removed."""
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    prefix = f"{path}:"
    assert all(line.startswith(prefix) for line in lines), lines
    return [line[len(prefix) :] for line in lines]


def _validate(tmp_path: Path, text: str, name: str = "vendor.yaml") -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = _invoke("validate", path)
    return result.exit_code, _problems(result, path)


def _validate_criteria(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    result = _invoke("validate", SAMPLES, "--criteria", path)
    return result.exit_code, _problems(result, path)


# ---- unknown keys and did-you-mean ---------------------------------------------------------------


def test_misspelt_top_level_key_suggests_the_right_one(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name: Acme\ndelivery_modle: offshore\n")
    assert code == 2
    assert lines == [
        "1:1: missing required key 'delivery_model'",
        "2:1: unknown key 'delivery_modle' (did you mean 'delivery_model'?)",
    ]


def test_misspelt_nested_key_under_a_language_suggests_the_right_one(tmp_path: Path) -> None:
    text = OK_VENDOR + "languages:\n  en-US: {proficency: native}\n"
    code, lines = _validate(tmp_path, text)
    assert (code, lines) == (2, ["4:11: unknown key 'proficency' (did you mean 'proficiency'?)"])


def test_misspelt_key_in_a_site_list_item_is_located_at_the_key(tmp_path: Path) -> None:
    text = OK_VENDOR + "sites:\n  - city: Cebu\n    seat: 100\n"
    code, lines = _validate(tmp_path, text)
    assert (code, lines) == (2, ["5:5: unknown key 'seat' (did you mean 'seats'?)"])


def test_wrong_case_delivery_model_suggests_the_allowed_value(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name: Acme\ndelivery_model: Offshore\n")
    assert code == 2
    assert lines == [
        "2:17: delivery_model: 'Offshore' is not allowed; use one of: onshore, nearshore, "
        "offshore, home_based, hosted (did you mean 'offshore'?)"
    ]


def test_unknown_certification_suggests_the_nearest_one(tmp_path: Path) -> None:
    text = OK_VENDOR + "security: {certifications: [pci-dss]}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:29: security.certifications.0: 'pci-dss' is not allowed; use one of: pci_dss, "
        "soc2_type1, soc2_type2, iso27001, hipaa_baa, hitrust, iso22301, iso18295, copc, "
        "gdpr_dpa (did you mean 'pci_dss'?)"
    ]


# ---- numbers: finite, in range, never booleans ---------------------------------------------------


def test_nan_and_infinity_are_refused_as_numbers(tmp_path: Path) -> None:
    text = OK_VENDOR + "pricing:\n  currency: USD\n  rate: .nan\n  setup_fee: .inf\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "5:9: pricing.rate: must be a finite number, got nan",
        "6:14: pricing.setup_fee: must be a finite number, got inf",
    ]


def test_fraction_above_one_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "workforce:\n  shrinkage: 1.5\nscorecard: {csat: 84}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "4:14: workforce.shrinkage: must be <= 0.9, got 1.5",
        "5:19: scorecard.csat: must be <= 1.0, got 84 (fractions are 0..1: write 84% as 0.84)",
    ]


def test_negative_values_are_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "scorecard: {abandon_rate: -0.1}\nclients: {references: -1}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:27: scorecard.abandon_rate: must be >= 0.0, got -0.1",
        "4:23: clients.references: must be >= 0, got -1",
    ]


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    text = OK_VENDOR + "scorecard: {abandon_rate: false}\nclients: {count: true}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:27: scorecard.abandon_rate: must be a number, got false",
        "4:18: clients.count: must be a whole number, got true",
    ]


def test_quoted_number_is_text_not_a_number(tmp_path: Path) -> None:
    text = OK_VENDOR + 'pricing: {currency: USD, rate: "12.50"}\n'
    code, lines = _validate(tmp_path, text)
    assert (code, lines) == (2, ["3:32: pricing.rate: must be a number, got '12.50'"])


def test_a_percentage_written_as_text_says_how_to_write_the_fraction(tmp_path: Path) -> None:
    # Issue 13: "4%" is text to YAML; the message says what to write instead (0.04 = 4/100).
    # A whole-number field gets no such hint: 40% of a count is not a count.
    text = OK_VENDOR + 'scorecard: {abandon_rate: 4%, fcr: " 80.5 %"}\nclients: {count: 40%}\n'
    code, lines = _validate(tmp_path, text)
    assert (code, lines) == (
        2,
        [
            "3:27: scorecard.abandon_rate: must be a number (write 0.04 for 4%), got '4%'",
            "3:36: scorecard.fcr: must be a number (write 0.805 for 80.5%), got ' 80.5 %'",
            "4:18: clients.count: must be a whole number, got '40%'",
        ],
    )


def test_fractional_count_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "clients: {count: 3.5}\n")
    assert (code, lines) == (2, ["3:18: clients.count: must be a whole number, got 3.5"])


def test_rating_out_of_its_0_to_10_range_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "culture: {fit_rating: 11}\n")
    assert (code, lines) == (2, ["3:23: culture.fit_rating: must be <= 10.0, got 11"])


# ---- YAML 1.2 booleans ---------------------------------------------------------------------------


def test_yes_no_on_off_are_not_booleans(tmp_path: Path) -> None:
    text = OK_VENDOR + "security:\n  controls: {mfa: yes, clean_desk: no, dtmf_masking: on}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    suffix = "(YAML 1.2: only true/false)"
    assert lines == [
        f"4:19: security.controls.mfa: must be true or false, got 'yes' {suffix}",
        f"4:36: security.controls.clean_desk: must be true or false, got 'no' {suffix}",
        f"4:54: security.controls.dtmf_masking: must be true or false, got 'on' {suffix}",
    ]


def test_quoted_true_is_text_not_a_boolean(tmp_path: Path) -> None:
    text = OK_VENDOR + 'clients: {serves_competitors: "true"}\n'
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:31: clients.serves_competitors: must be true or false, got 'true' "
        "(YAML 1.2: only true/false)"
    ]


# ---- codes, tags and dates -----------------------------------------------------------------------


def test_lowercase_country_code_suggests_the_capitals(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "headquarters: no\n")
    assert code == 2
    assert lines == [
        "3:15: headquarters: 'no' is not an ISO 3166 alpha-2 country code (did you mean 'NO'?)"
    ]


def test_unknown_country_code_in_a_site_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "sites:\n  - {city: A, country: XX}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == ["4:24: sites.0.country: 'XX' is not an ISO 3166 alpha-2 country code"]


def test_lowercase_currency_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "pricing: {currency: usd}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:21: pricing.currency: 'usd' is not an ISO 4217 currency code (did you mean 'USD'?)"
    ]


def test_made_up_currency_is_refused_when_the_profile_loads(tmp_path: Path) -> None:
    text = OK_VENDOR + "pricing: {currency: XYZ, rate: 10}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == ["3:21: pricing.currency: 'XYZ' is not an ISO 4217 currency code (e.g. USD)"]


def test_rate_without_currency_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "pricing: {rate: 10}\n")
    assert code == 2
    assert lines == ["3:10: pricing: pricing.currency is required when pricing.rate is given"]


def test_impossible_date_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "technology:\n  disaster_recovery: {last_test: 2025-02-30}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "4:34: technology.disaster_recovery.last_test: must be a date written YYYY-MM-DD, "
        "got '2025-02-30'"
    ]


def test_day_first_date_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "technology:\n  disaster_recovery: {last_test: 30/09/2025}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "4:34: technology.disaster_recovery.last_test: must be a date written YYYY-MM-DD, "
        "got '30/09/2025'"
    ]


def test_python_object_tag_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'name: !!python/object/apply:os.system ["touch {marker}"]\ndelivery_model: offshore\n'
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "1:7: YAML tags are not allowed here "
        "(found tag:yaml.org,2002:python/object/apply:os.system)"
    ]
    assert not marker.exists()


def test_python_name_tag_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name: X\ndelivery_model: !!python/name:os.system\n")
    assert code == 2
    assert lines == [
        "2:17: YAML tags are not allowed here (found tag:yaml.org,2002:python/name:os.system)"
    ]


def test_custom_local_tag_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "culture: !custom {fit_rating: 3}\n")
    assert (code, lines) == (2, ["3:10: YAML tags are not allowed here (found !custom)"])


def test_int_tag_does_not_turn_text_into_a_number(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + 'culture: {fit_rating: !!int "5"}\n')
    assert code == 2
    assert lines == ["3:23: YAML tags are not allowed here (found tag:yaml.org,2002:int)"]


# ---- required keys and vendor names --------------------------------------------------------------


def test_missing_name_is_reported(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "delivery_model: offshore\n")
    assert (code, lines) == (2, ["1:1: missing required key 'name'"])


def test_empty_name_and_model_are_reported(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name:\ndelivery_model:\n")
    assert code == 2
    assert lines == [
        "1:6: name: must be text, got nothing (null)",
        "2:16: delivery_model: nothing (null) is not allowed; use one of: onshore, nearshore, "
        "offshore, home_based, hosted",
    ]


def test_blank_name_is_reported_as_empty(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, 'name: "   "\ndelivery_model: offshore\n')
    assert (code, lines) == (2, ["1:7: name: must not be empty"])


def test_overlong_name_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name: " + "A" * 300 + "\ndelivery_model: offshore\n")
    assert (code, lines) == (2, ["1:7: name: too long (at most 200 characters)"])


def test_duplicate_vendor_names_across_files_are_reported_case_insensitively(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text("name: Acme\ndelivery_model: offshore\n")
    (tmp_path / "b.yml").write_text("delivery_model: onshore\nname: ACME\n")
    result = _invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'b.yml'}:2:7: vendor name 'ACME' is already used by "
        f"{tmp_path / 'a.yaml'}; names must be unique"
    ]


# ---- duplicate keys ------------------------------------------------------------------------------


def test_duplicate_top_level_key_is_an_error(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name: A\ndelivery_model: offshore\nname: B\n")
    assert (code, lines) == (2, ["3:1: duplicate key 'name': each key may appear once"])


def test_duplicate_nested_key_is_an_error(tmp_path: Path) -> None:
    text = OK_VENDOR + "pricing:\n  rate: 5\n  currency: USD\n  rate: 6\n"
    code, lines = _validate(tmp_path, text)
    assert (code, lines) == (2, ["6:3: duplicate key 'rate': each key may appear once"])


# ---- file-level problems -------------------------------------------------------------------------


def test_empty_file_is_reported(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "")
    assert (code, lines) == (2, ["1:1: the file is empty; expected `key: value` lines"])


def test_comment_only_file_is_reported_as_empty(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "# nothing yet\n")
    assert (code, lines) == (2, ["1:1: the file is empty; expected `key: value` lines"])


def test_list_at_the_top_level_is_reported(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "- name: A\n  delivery_model: offshore\n")
    assert code == 2
    assert lines == [
        "1:1: the file is not a mapping of keys to values; expected `key: value` lines"
    ]


def test_two_documents_in_one_file_are_reported(tmp_path: Path) -> None:
    text = OK_VENDOR + "---\nname: B\ndelivery_model: onshore\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == ["3:1: expected one YAML document, found more (remove the `---`)"]


def test_non_utf8_file_is_located_at_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: Caf\xe9\ndelivery_model: offshore\n")
    result = _invoke("validate", path)
    assert result.exit_code == 2
    assert _problems(result, path) == ["1:10: not UTF-8 text (save the file as UTF-8)"]


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "logo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _invoke("validate", path)
    assert result.exit_code == 2
    assert _problems(result, path) == ["1:1: not UTF-8 text (save the file as UTF-8)"]


def test_broken_yaml_syntax_is_located(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "  culture: : x\n")
    assert code == 2
    assert lines == ["3:10: not valid YAML: mapping values are not allowed in this context"]


def test_complex_mapping_key_is_refused(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "? [a, b]\n: 1\n")
    assert code == 2
    assert lines == ["3:3: a mapping key must be a plain value, not a list or mapping"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # libyaml notices these at the end of the file or the next key; the place to fix is
        # where the quote or bracket opened.
        (
            'name: "Acme\ndelivery_model: onshore\n',
            "1:7: not valid YAML: this quoted text is never closed (add the closing quote)",
        ),
        (
            OK_VENDOR + "pricing: {currency: USD, rate: 10\nculture: {fit_rating: 3}\n",
            "3:10: not valid YAML: this `{` is never closed (add `}`, or a `,` between items)",
        ),
        (
            OK_VENDOR + "security:\n  certifications: [pci_dss, soc2_type2\n",
            "4:19: not valid YAML: this `[` is never closed (add `]`, or a `,` between items)",
        ),
    ],
)
def test_unclosed_quotes_and_brackets_are_located_where_they_open(
    tmp_path: Path, text: str, expected: str
) -> None:
    code, lines = _validate(tmp_path, text)
    assert (code, lines) == (2, [expected])


def test_a_number_beyond_the_float_range_says_so(tmp_path: Path) -> None:
    text = OK_VENDOR + "scorecard: {asa_seconds: " + "9" * 5000 + "}\n"
    code, lines = _validate(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:26: the number 99999999999999999... is too large (at most about 1.8e308); "
        "put it in quotes if it is text"
    ]


def test_folder_without_yaml_files_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = _invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path}: folder has no .yaml or .yml files"]


def test_every_missing_path_is_reported(tmp_path: Path) -> None:
    result = _invoke("validate", tmp_path / "nothere.yaml", tmp_path / "nodir")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'nothere.yaml'}: no such file or folder",
        f"{tmp_path / 'nodir'}: no such file or folder",
    ]


def test_problems_in_two_files_are_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: A\ndelivery_model: offshor\n")
    (tmp_path / "b.yaml").write_text(
        "name: B\ndelivery_model: onshore\nculture: {fit_rating: 11}\n"
    )
    result = _invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'a.yaml'}:2:17: delivery_model: 'offshor' is not allowed; use one of: "
        "onshore, nearshore, offshore, home_based, hosted (did you mean 'offshore'?)",
        f"{tmp_path / 'b.yaml'}:3:23: culture.fit_rating: must be <= 10.0, got 11",
    ]


def test_rank_on_bad_input_prints_nothing_on_stdout(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("name: A\ndelivery_model: offshor\n")
    for fmt in ("table", "json", "csv", "markdown"):
        result = _invoke("rank", path, "--format", fmt)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1


# ---- criteria files ------------------------------------------------------------------------------

_LEAF = "scale: {linear: {worst: 0, best: 1}}"


def test_unknown_field_path_in_criteria_suggests_the_right_one(tmp_path: Path) -> None:
    text = (
        "name: T\ncriteria:\n"
        f"  - {{id: a, weight: 1, field: scorecard.abandon_rat, {_LEAF}}}\n"
        f"  - {{id: c, weight: 1, field: derived.rat, {_LEAF}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:31: criterion 'a': 'scorecard.abandon_rat' is not a field of a vendor profile "
        "(did you mean 'scorecard.abandon_rate' or 'scorecard.blocking_rate' or "
        "'extra.abandon_rat'?)",
        "4:31: criterion 'c': 'derived.rat' is not a field of a vendor profile "
        "(did you mean 'derived.rate' or 'derived.agents' or 'derived.abandon_rate'?)",
    ]


def test_group_field_path_in_criteria_is_refused(tmp_path: Path) -> None:
    text = f"name: T\ncriteria:\n  - {{id: e, weight: 1, field: pricing, {_LEAF}}}\n"
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == ["3:31: criterion 'e': 'pricing' is a group of fields; name one of its fields"]


def test_duplicate_criterion_ids_are_reported_at_the_second(tmp_path: Path) -> None:
    text = (
        "name: T\ncriteria:\n  - id: a\n    weight: 1\n    criteria:\n"
        f"      - {{id: b, weight: 1, field: scorecard.fcr, {_LEAF}}}\n"
        f"  - {{id: b, weight: 1, field: scorecard.csat, {_LEAF}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == ["7:10: criterion id 'b' is used twice; ids must be unique across the tree"]


def test_sibling_weights_summing_to_zero_are_refused(tmp_path: Path) -> None:
    text = (
        "name: T\ncriteria:\n"
        f"  - {{id: a, weight: 0, field: scorecard.fcr, {_LEAF}}}\n"
        f"  - {{id: b, weight: 0, field: scorecard.csat, {_LEAF}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:3: the weights under the top level sum to 0; give at least one a positive weight"
    ]


def test_scale_that_does_not_fit_the_field_kind_is_refused(tmp_path: Path) -> None:
    text = (
        "name: T\ncriteria:\n"
        f"  - {{id: a, weight: 1, field: delivery_model, {_LEAF}}}\n"
        "  - {id: b, weight: 1, field: scorecard.fcr, scale: {boolean: {true: 100, false: 0}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:54: criterion 'a' on delivery_model: a linear scale cannot score a category field",
        "4:53: criterion 'b' on scorecard.fcr: a boolean scale cannot score a number field",
    ]


def test_map_value_that_can_never_occur_is_refused(tmp_path: Path) -> None:
    text = (
        "name: T\ncriteria:\n"
        "  - {id: c, weight: 1, field: delivery_model, scale: {map: {onshore: 100, offshor: 0}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:54: criterion 'c' on delivery_model: 'offshor' can never occur in this field; "
        "its values are: onshore, nearshore, offshore, home_based, hosted"
    ]


def test_misspelt_scale_kind_suggests_the_right_one(tmp_path: Path) -> None:
    text = "name: T\ncriteria:\n  - {id: f, weight: 1, field: scorecard.fcr, scale: {lnear: {worst: 0, best: 1}}}\n"
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == ["3:54: unknown key 'lnear' (did you mean 'linear'?)"]


def test_invalid_criteria_settings_are_all_reported(tmp_path: Path) -> None:
    text = "name: T\ncurrency: usd\nexchange_rates: {EUR: 0}\nmissing: ignore\ncriterias: []\n"
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == [
        "1:1: missing required key 'criteria'",
        "2:11: currency: 'usd' is not an ISO 4217 currency code (did you mean 'USD'?)",
        "3:23: exchange_rates.EUR: must be >= 1e-09, got 0",
        "4:10: missing: 'ignore' is not allowed; use one of: worst, neutral, exclude",
        "5:1: unknown key 'criterias' (did you mean 'criteria'?)",
    ]


def test_nan_weight_and_boolean_weight_are_refused(tmp_path: Path) -> None:
    text = (
        "name: T\ncriteria:\n"
        f"  - {{id: a, weight: .nan, field: scorecard.fcr, {_LEAF}}}\n"
        f"  - {{id: b, weight: true, field: scorecard.fcr, {_LEAF}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert lines == [
        "3:21: criteria.0.weight: must be a finite number, got nan",
        "4:21: criteria.1.weight: must be a number, got true",
    ]


def test_unmapped_category_at_scoring_time_names_vendor_field_and_allowed_values(
    tmp_path: Path,
) -> None:
    crit = tmp_path / "criteria.yaml"
    crit.write_text(
        "name: T\ncriteria:\n"
        "  - {id: plat, weight: 1, field: technology.platform, scale: {map: {ccaas: 100}}}\n"
    )
    vendor = tmp_path / "v.yaml"
    vendor.write_text(OK_VENDOR + "technology:\n  platform: premise\n")
    result = _invoke("rank", vendor, "--criteria", crit)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{vendor}:4:13: vendor 'Acme', field technology.platform: 'premise' has no utility "
        f"in the map; mapped values: ccaas (criterion 'plat' in {crit})"
    ]


def test_missing_exchange_rate_points_at_the_vendor_currency(tmp_path: Path) -> None:
    crit = tmp_path / "criteria.yaml"
    crit.write_text(
        "name: T\nexchange_rates: {EUR: 1.1}\ncriteria:\n"
        "  - {id: rate, weight: 1, field: derived.rate, scale: {linear: {worst: 40, best: 8}}}\n"
    )
    vendor = tmp_path / "v.yaml"
    vendor.write_text(OK_VENDOR + "pricing:\n  currency: PHP\n  rate: 500\n")
    result = _invoke("rank", vendor, "--criteria", crit)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{vendor}:4:13: no exchange rate from PHP to USD: pass --rate PHP=<USD per PHP>, or add "
        "`PHP: <USD per PHP>` under "
        f"exchange_rates in {crit}"
    ]


def test_unknown_bundled_criteria_name_lists_the_bundled_sets() -> None:
    result = _invoke("validate", SAMPLES, "--criteria", "nope")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "'nope' is neither a file nor a bundled criteria set (default, healthcare, payments, tco)"
    ]


def test_bad_vendor_and_bad_criteria_are_reported_together(tmp_path: Path) -> None:
    vendor = tmp_path / "v.yaml"
    vendor.write_text("name: A\ndelivery_model: offshor\n")
    crit = tmp_path / "criteria.yaml"
    crit.write_text("name: T\ncriterias: []\n")
    result = _invoke("validate", vendor, "--criteria", crit)
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        str(vendor),
        str(crit),
        str(crit),
    ]


# ---- vendor text in the terminal -----------------------------------------------------------------

_EVIL = "[bold red]Evil[/] \x1b[31mRED\x1b[0m \u202eevil\u202c [/]"


def test_markup_escapes_and_bidi_in_a_name_are_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(f"name: {json.dumps(_EVIL)}\ndelivery_model: offshore\n", encoding="utf-8")
    result = _invoke("rank", path)
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Evil[/]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\u202e" not in result.stdout
    assert "\\x1b[31mRED" in result.stdout


def test_control_characters_in_a_name_are_escaped_in_error_messages(tmp_path: Path) -> None:
    name = json.dumps("Evil\nInjected: line \x1b[2J")
    (tmp_path / "a.yaml").write_text(f"name: {name}\ndelivery_model: offshore\n")
    (tmp_path / "b.yaml").write_text(f"name: {name}\ndelivery_model: onshore\n")
    result = _invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'b.yaml'}:1:7: vendor name 'Evil\\nInjected: line \\x1b[2J' is already "
        f"used by {tmp_path / 'a.yaml'}; names must be unique"
    ]


# ---- internal errors -----------------------------------------------------------------------------


def test_internal_error_prints_one_line_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import vendorscore.scoring.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(vendorscore.scoring.pipeline, "score", boom)
    result = _invoke("rank", SAMPLES)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "internal error: RuntimeError: boom. This is a bug in vendorscore; please report it "
        "with the command you ran (add --debug for the traceback)."
    ]


def test_debug_lets_an_internal_error_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    import vendorscore.scoring.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(vendorscore.scoring.pipeline, "score", boom)
    result = _invoke("--debug", "rank", SAMPLES)
    assert isinstance(result.exception, RuntimeError)


# ---- bugs found by this suite and since fixed: the correct behaviour, asserted --------------------------


def test_top_level_key_with_brackets_is_an_unknown_key_not_a_crash(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + '"[/]": 1\n')
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("3:1: unknown key '[/]'")


def test_nested_key_with_brackets_is_named_and_located(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + 'culture:\n  "fit[0]": 1\n')
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("4:3: unknown key 'fit[0]'")


@pytest.mark.parametrize("key", ["true", "1", "~"])
def test_non_text_top_level_key_is_an_unknown_key(tmp_path: Path, key: str) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + f"{key}: 1\n")
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("3:1: unknown key")
    assert "Keys should be strings" not in lines[0]


def test_invalid_language_tag_is_located_at_the_key(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "languages:\n  en_US: {proficiency: native}\n")
    assert (code, lines) == (
        2,
        ["4:3: languages.en_US: 'en_US' is not a BCP-47 language tag (e.g. en-US, es-MX, fr)"],
    )


def test_invalid_exchange_rate_currency_is_located_at_the_key(tmp_path: Path) -> None:
    text = f"name: T\nexchange_rates: {{mxn: 0.05}}\ncriteria:\n  - {{id: a, weight: 1, field: scorecard.fcr, {_LEAF}}}\n"
    code, lines = _validate_criteria(tmp_path, text)
    assert (code, lines) == (
        2,
        ["2:18: exchange_rates.mxn: 'mxn' is not an ISO 4217 currency code (did you mean 'MXN'?)"],
    )


def test_bad_extra_value_is_one_plain_problem(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, OK_VENDOR + "extra: {note: {a: 1}, score: .nan}\n")
    assert code == 2
    assert len(lines) == 2
    assert lines[0].startswith("3:15: extra.note: ")
    assert lines[1].startswith("3:30: extra.score: ")
    assert not any("constrained-str" in line or ".bool:" in line for line in lines)


def test_bad_requirement_in_value_is_one_plain_problem(tmp_path: Path) -> None:
    text = (
        "name: T\nrequirements:\n  - {field: scorecard.fcr, in: [{b: 1}]}\n"
        f"criteria:\n  - {{id: a, weight: 1, field: scorecard.fcr, {_LEAF}}}\n"
    )
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("3:33: requirements.0.in.0: ")
    assert "constrained-str" not in lines[0]


def test_control_character_in_the_file_is_located(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "name: A\x00B\ndelivery_model: offshore\n")
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("1:8: ")
    assert "<unicode string>" not in lines[0]


def test_missing_path_and_bad_file_are_reported_in_one_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: A\ndelivery_model: offshor\n")
    result = _invoke("validate", bad, tmp_path / "nothere.yaml")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"{tmp_path / 'nothere.yaml'}: no such file or folder" in lines
    assert any(line.startswith(f"{bad}:2:17: delivery_model:") for line in lines)


def test_a_file_given_twice_is_not_a_duplicate_of_itself(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OK_VENDOR)
    result = _invoke("validate", tmp_path, path)
    assert f"is already used by {path}" not in result.stderr


def test_language_tag_case_does_not_silently_drop_the_language(tmp_path: Path) -> None:
    (tmp_path / "lower.yaml").write_text(
        "name: Lower\ndelivery_model: offshore\nlanguages:\n  en-us: {proficiency: native}\n"
    )
    (tmp_path / "upper.yaml").write_text(
        "name: Upper\ndelivery_model: offshore\nlanguages:\n  en-US: {proficiency: native}\n"
    )
    result = _invoke("rank", tmp_path, "--format", "json")
    if result.exit_code == 2:  # refusing `en-us` with a hint is also acceptable
        assert "en-US" in result.stderr
        return
    scores = {v["name"]: v["scores"]["english"] for v in json.loads(result.stdout)["vendors"]}
    assert scores["Lower"] == scores["Upper"] == 100.0


def test_demand_only_field_without_demand_is_located(tmp_path: Path) -> None:
    text = "name: T\ncriteria:\n  - {id: a, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 1, best: 0}}}\n"
    code, lines = _validate_criteria(tmp_path, text)
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("3:31: ")
    assert "--demand" in lines[0]


def test_huge_weights_do_not_silently_zero_every_total(tmp_path: Path) -> None:
    crit = tmp_path / "criteria.yaml"
    leaf = "scale: {linear: {worst: 0, best: 1}}"
    crit.write_text(
        "name: T\ncriteria:\n"
        f"  - {{id: a, weight: 1e308, field: scorecard.fcr, {leaf}}}\n"
        f"  - {{id: b, weight: 1e308, field: scorecard.csat, {leaf}}}\n"
    )
    vendor = tmp_path / "v.yaml"
    vendor.write_text(OK_VENDOR + "scorecard: {fcr: 0.5, csat: 0.5}\n")
    result = _invoke("rank", vendor, "--criteria", crit, "--format", "json")
    if result.exit_code == 2:  # refusing absurd weights with a located message is acceptable
        assert result.stderr.startswith(f"{crit}:3:")
        return
    assert json.loads(result.stdout)["vendors"][0]["total"] == pytest.approx(50.0)


def test_scale_with_overflowing_span_is_refused_or_scored_right(tmp_path: Path) -> None:
    crit = tmp_path / "criteria.yaml"
    crit.write_text(
        "name: T\ncriteria:\n"
        "  - {id: a, weight: 1, field: scorecard.fcr, scale: {linear: {worst: -1e308, best: 1e308}}}\n"
    )
    vendor = tmp_path / "v.yaml"
    vendor.write_text(OK_VENDOR + "scorecard: {fcr: 0.5}\n")
    result = _invoke("rank", vendor, "--criteria", crit, "--format", "json")
    if result.exit_code == 2:
        assert result.stderr.startswith(f"{crit}:3:")
        return
    assert json.loads(result.stdout)["vendors"][0]["scores"]["a"] == pytest.approx(50.0)
