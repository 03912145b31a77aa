"""A questionnaire saved again by a real office suite still imports to the same profiles.

Each sample profile is typed into the template, the workbooks are opened and saved as .xlsx by
LibreOffice (which rewrites every part its own way: shared strings, styles, validations), and the
saved files are imported.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SAMPLES
from tests.rfp_fill import fill
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.inputs.loading import load_vendors, load_yaml

pytestmark = pytest.mark.libreoffice
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    pytest.skip("LibreOffice (soffice) is not on PATH", allow_module_level=True)
pytest.importorskip("openpyxl")


def test_workbooks_saved_by_libreoffice_import_to_the_same_profiles(tmp_path: Path) -> None:
    template = tmp_path / "q.xlsx"
    assert CliRunner().invoke(app, ["rfp", "template", "-o", str(template)]).exit_code == 0
    filled = tmp_path / "filled"
    filled.mkdir()
    for path in sorted(SAMPLES.glob("*.yaml")):
        doc, _ = load_yaml(path)
        fill(template, doc.data, filled / f"{path.stem}.xlsx")
    saved = tmp_path / "saved"
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(saved), *map(str, sorted(filled.iterdir()))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    assert len(list(saved.iterdir())) == 14
    out = tmp_path / "profiles"
    result = CliRunner().invoke(app, ["rfp", "import", str(saved), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    original = {v.profile.name: v.profile for v in load_vendors([SAMPLES])}
    assert {v.profile.name: v.profile for v in load_vendors([out])} == original
