"""The shape from docs/ARCHITECTURE.md: layers by package, a pure core, lazy heavy imports.

Layers, lowest first; a module may import its own package and any package of a lower layer,
never one of the same layer or above (lazy imports inside functions and type-only imports count).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import vendorscore

PACKAGE = Path(vendorscore.__file__).resolve().parent
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "_version"),
    ("model", "erlang"),
    ("scoring",),
    ("inputs", "staffing"),
    ("robustness", "compare"),
    ("api", "testing"),
    ("report",),
    ("cli",),
)
LAYER_OF = {unit: level for level, units in enumerate(LAYERS) for unit in units}
CORE = ("model", "scoring", "staffing", "robustness", "compare", "erlang")
FORBIDDEN_IN_CORE = {"typer", "rich", "yaml", "openpyxl", "click"}
# The package root (`vendorscore/__init__.py`) and `__main__` sit above every layer.
TOP = {"__init__", "__main__"}


def _unit(path: Path) -> str:
    """The layer unit of a source file: its first folder under the package, or its module name."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _is_module(dotted: str) -> bool:
    parts = dotted.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _internal_imports(path: Path) -> list[str]:
    """Every `vendorscore...` module a file imports, anywhere in it, as dotted names."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "vendorscore"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "vendorscore":
                continue
            for alias in node.names:
                # `from vendorscore import erlang` imports the subpackage, not the root.
                child = f"{node.module}.{alias.name}"
                found.append(child if _is_module(child) else node.module)
    return found


def _third_party(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_package_and_top_level_module_has_a_layer() -> None:
    units = {_unit(p) for p in SOURCES} - TOP
    assert units == set(LAYER_OF), units ^ set(LAYER_OF)


def _violations(path: Path, unit: str) -> list[str]:
    wrong = []
    for dotted in _internal_imports(path):
        parts = dotted.split(".")
        if len(parts) == 1:
            wrong.append(f"{dotted} (the package root: import the module that defines the name)")
            continue
        target = parts[1]
        if target == unit:
            continue
        if target in TOP or LAYER_OF[target] >= LAYER_OF[unit]:
            wrong.append(f"{dotted} (layer {target} is not below {unit})")
    return wrong


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down_the_layers(path: Path) -> None:
    unit = _unit(path)
    if unit not in TOP:
        assert _violations(path, unit) == []


def test_the_layer_check_sees_upward_sideways_and_root_imports(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from vendorscore import load_vendors\n"
        "from vendorscore import erlang\n"
        "def f():\n"
        "    from vendorscore.report.text import safe_text\n"
        "    import vendorscore.staffing.planner\n"
    )
    assert _violations(bad, "inputs") == [
        "vendorscore (the package root: import the module that defines the name)",
        "vendorscore.report.text (layer report is not below inputs)",
        "vendorscore.staffing.planner (layer staffing is not below inputs)",
    ]


@pytest.mark.parametrize("unit", CORE)
def test_core_imports_no_cli_terminal_yaml_or_excel_library(unit: str) -> None:
    for path in sorted((PACKAGE / unit).rglob("*.py")):
        assert not _third_party(path) & FORBIDDEN_IN_CORE, path.name


@pytest.mark.parametrize("unit", CORE)
def test_core_reads_no_clock_or_file_and_prints_nothing(unit: str) -> None:
    needles = ("datetime.now(", "time.time(", "print(", "open(", ".read_text(", ".read_bytes(")
    for path in sorted((PACKAGE / unit).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for needle in needles:
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
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in SOURCES
    }
    assert {name: n for name, n in sizes.items() if n > 450} == {}
