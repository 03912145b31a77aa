"""`validate` with criteria tells the whole truth (issue 13): knock-outs and empty leaves, as info.

The README's example profile was valid and then knocked out by the default criteria
(`security.controls.mfa` missing); a profile listing only en-GB scored 0 on English silently.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from vendorscore.cli import app


def validate(*args: object) -> object:
    return CliRunner().invoke(app, ["validate", *(str(a) for a in args)])


def readme_profile() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("One vendor per file.")
    return re.search(r"```yaml\n(.*?)```", readme[start:], re.S).group(1)  # type: ignore[union-attr]


def test_the_readme_example_passes_the_default_requirements(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(readme_profile(), encoding="utf-8")
    result = validate(path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 vendor profile and ")
    assert "would be knocked out" not in result.stdout
    rank = CliRunner().invoke(app, ["rank", str(path), "--format", "json"])
    assert '"eligible": true' in rank.stdout


def test_a_profile_with_only_en_gb_is_told_it_scores_nothing_on_english(tmp_path: Path) -> None:
    path = tmp_path / "gb.yaml"
    path.write_text(
        "name: GB Co\ndelivery_model: onshore\nlanguages:\n  en-GB: {proficiency: native}\n"
        "scorecard: {abandon_rate: 0.03}\nsecurity: {controls: {mfa: true}}\n",
        encoding="utf-8",
    )
    result = validate(path)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # default.yaml: language 15 of 100 at the top, english 3 of 4 in it: 11.25% of the total.
    assert (
        f"{path}: info: GB Co has no languages.en-US.proficiency (the profile lists en-GB): "
        "criterion 'english' (11.2% of the total weight) scores 0 (missing data: worst), "
        "up to 11.2 points lost"
    ) in lines
    # An `exclude` leaf costs no points: its weight goes to its siblings.
    assert (
        f"{path}: info: GB Co has no culture.travel_hours: criterion 'travel' (1.2% of the total "
        "weight) is left out and its siblings count for more"
    ) in lines
    assert not any("would be knocked out" in line for line in lines)


def test_a_requirement_a_vendor_would_fail_is_information_not_an_error() -> None:
    result = validate(SAMPLES)
    assert result.exit_code == 0, result.stderr
    knocked = [line for line in result.stdout.splitlines() if "would be knocked out" in line]
    assert knocked == [
        f"{SAMPLES / 'lumina-outsourcing-davao.yaml'}: info: Lumina Outsourcing Davao would be "
        "knocked out: scorecard.abandon_rate is 0.14, above the maximum 0.1 (More than one caller "
        "in ten hanging up before an answer is a broken operation (industry norm: under 5% is "
        "good, over 10% is poor).)"
    ]


def test_an_invalid_file_still_exits_2_without_info_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: Bad\ndelivery_model: orbital\n", encoding="utf-8")
    result = validate(path)
    assert result.exit_code == 2
    assert "info:" not in result.stdout and "orbital" in result.stderr
