"""The RFP samples and the README walk-through stay true (samples/rfp/make_samples.py remakes them)."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from tests.conftest import ROOT

from vendorscore.inputs.loading import load_criteria
from vendorscore.scoring.questions import TEMPLATE_VERSION, build_questionnaire

openpyxl = pytest.importorskip("openpyxl")
RFP = ROOT / "samples" / "rfp"


def test_the_sample_questionnaire_is_the_current_template() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(RFP / "questionnaire.xlsx", read_only=True)
    meta = dict(wb["_vendorscore"].iter_rows(values_only=True))
    ids = {r[0] for r in wb["Questions"].iter_rows(min_row=4, max_col=1, values_only=True) if r[0]}
    wb.close()
    assert meta["template_version"] == TEMPLATE_VERSION, "run python samples/rfp/make_samples.py"
    expected = {q.id for q in build_questionnaire(load_criteria("default")).questions}
    assert ids == expected, "run python samples/rfp/make_samples.py"


def test_the_readme_walk_through_prints_what_the_import_prints(tmp_path: Path) -> None:
    # Run from a copy so `profiles/` lands in tmp_path while paths read as in the README.
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    proc = subprocess.run(
        [sys.executable, "-m", "vendorscore", "rfp", "import", "samples/rfp/responses", "-o", "profiles"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert proc.returncode == 2
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ vendorscore rfp import samples/rfp/responses -o profiles\n", 1)[1]
    block = block.split("$ echo $?", 1)[0]
    assert proc.stdout + proc.stderr == block
    assert (tmp_path / "profiles" / "coral-bay-kingston.yaml").is_file()
    assert not (tmp_path / "profiles" / "visayas-voice-cebu.yaml").exists()
