"""The shape from docs/ARCHITECTURE.md: a pure core, lazy heavy imports, modules of modest size."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import vendorscore

PACKAGE = Path(vendorscore.__file__).resolve().parent
CORE = ["scales", "scoring", "erlang", "staffing", "sensitivity", "smaa", "ahp", "results",
        "models", "demand", "fields", "money", "errors", "plans", "records"]  # fmt: skip
FORBIDDEN_IN_CORE = {"typer", "rich", "yaml", "openpyxl", "click"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files(module: str) -> list[Path]:
    """A core module's source files (a package counts all of its modules)."""
    folder = PACKAGE / module
    return sorted(folder.glob("*.py")) if folder.is_dir() else [PACKAGE / f"{module}.py"]


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_no_cli_terminal_yaml_or_excel_library(module: str) -> None:
    for path in _files(module):
        assert not _imports(path) & FORBIDDEN_IN_CORE, path.name


@pytest.mark.parametrize("module", CORE)
def test_core_modules_read_no_clock_and_print_nothing(module: str) -> None:
    for path in _files(module):
        source = path.read_text(encoding="utf-8")
        for needle in ("datetime.now(", "time.time(", "print(", "open("):
            assert needle not in source, f"{path.name} uses {needle}"


def test_rank_does_not_import_numpy_pandas_openpyxl_or_pydantic_models() -> None:
    """Start-up: `rank` loads no heavy library, and no pydantic.BaseModel machinery."""
    code = (
        "import sys; from vendorscore.cli import main; sys.argv = ['vendorscore', 'rank', "
        f"{str(Path(__file__).resolve().parents[1] / 'samples' / 'vendors')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'pandas', 'openpyxl', 'vendorscore.erlang', 'pydantic.main') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert "HEAVY=" in result.stderr, result.stderr
    assert result.stderr.rsplit("HEAVY=", 1)[1].strip() == ""


def test_modules_stay_near_400_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 450} == {}
