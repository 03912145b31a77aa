"""Issue 10 section 7: a closed or full stdout is the user's situation, not a bug; no `-0.0%`;
`--samples` has a ceiling; a `:` in a file name cannot make `FILE:LINE:COL` ambiguous."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


# ---- standard output that cannot be written -----------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX file descriptor")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_closed_stdout_is_one_line_and_exit_2_not_an_internal_error(fmt: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vendorscore", "rank", str(SAMPLES), "-f", fmt],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),  # `vendorscore rank ... >&-`
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "cannot write the output: standard output is closed "
        "(redirect it to a file or to /dev/null instead)\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "vendorscore", "rank", str(SAMPLES), "-f", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "cannot write the output: No space left on device"
    assert "internal error" not in done.stderr


# ---- no negative zero ----------------------------------------------------------------------------


def test_sensitivity_never_prints_negative_zero() -> None:
    """Lempira and Quetzal under `payments`: the bound of a weight that can drop to nothing was
    printed `-0.0%` (a float computed as -0.0), its raw weight `-0`."""
    result = _invoke(
        "sensitivity",
        SAMPLES / "lempira-contact-san-pedro-sula.yaml",
        SAMPLES / "quetzal-contact-guatemala.yaml",
        "-c",
        "payments",
        "--samples",
        "200",
    )
    assert result.exit_code == 0, result.stderr
    assert "-0.0%" not in result.stdout and " -0 " not in result.stdout
    words = " ".join(result.stdout.split())  # the sentence wraps at the terminal's width
    assert "dtmf_masking from 28.6% to 0.0% of its group (raw weight 4 -> 0)" in words


@pytest.mark.parametrize("value", [-0.0, -1e-17, -4e-4])
def test_percent_of_a_rounding_error_below_zero_reads_zero(value: float) -> None:
    from vendorscore.report.sensitivity import _pct, _raw

    assert _pct(value) == "0.0%"
    assert _raw(-0.0) == "0"


# ---- SMAA options have ceilings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sensitivity", SAMPLES, "--samples", "250001"], "--samples must be from 0 to 250,000, got 250001"),
        (["export", SAMPLES, "-o", "r.xlsx", "--samples", "10000000"], "--samples must be from 0 to 250,000, got 10000000"),
        (["sensitivity", SAMPLES, "--seed", "-1"], "--seed must be 0 or more, got -1"),
        (["sensitivity", SAMPLES, "--weights", "around", "--concentration", "inf"], "--concentration must be from 1 to 1,000,000, got inf"),
        (["sensitivity", SAMPLES, "--weights", "around", "--concentration", "1e-300"], "--concentration must be from 1 to 1,000,000, got 1e-300"),
    ],
)  # fmt: skip
def test_smaa_options_beyond_their_range_are_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[object], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _invoke(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")
    assert list(tmp_path.iterdir()) == []


# ---- a colon in a file name ----------------------------------------------------------------------


def test_a_file_name_with_a_colon_is_quoted_in_problem_lines(tmp_path: Path) -> None:
    path = tmp_path / "a:3:4.yaml"
    path.write_text("name: Acme\n", encoding="utf-8")
    result = _invoke("validate", path)
    assert result.exit_code == 2
    assert result.stderr == f"\"{path}\":1:1: missing required key 'delivery_model'\n"


def test_a_file_name_without_a_colon_is_not_quoted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("name: Acme\n", encoding="utf-8")
    assert (
        _invoke("validate", path).stderr == f"{path}:1:1: missing required key 'delivery_model'\n"
    )
