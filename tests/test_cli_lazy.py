"""`main` loads only the module of the command it runs; the table that says which is true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from vendorscore import cli

ROOT = Path(__file__).resolve().parents[1]


def _registered() -> dict[str, set[str]]:
    """Top-level command or group name -> the modules whose functions it runs."""
    app = cli.app  # loads every command module
    found: dict[str, set[str]] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.replace("_", "-")
        found.setdefault(name, set()).add(info.callback.__module__)
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        modules = {
            c.callback.__module__ for c in group.typer_instance.registered_commands if c.callback
        }
        found.setdefault(group.name, set()).update(modules)
    return found


def test_the_command_table_names_the_module_of_every_command() -> None:
    registered = _registered()
    assert set(cli.COMMAND_MODULE) == set(registered)
    for name, modules in registered.items():
        assert modules == {f"vendorscore.cli.{cli.COMMAND_MODULE[name]}"}, name


def _run(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert "RESULT=" in proc.stderr, proc.stderr[-2000:]
    return proc.stderr.rsplit("RESULT=", 1)[1].strip()


def _main(*args: str) -> str:
    return (
        "import sys, io, contextlib\nfrom vendorscore.cli import main\n"
        f"sys.argv = ['vendorscore', *{list(args)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
    )


def test_rank_loads_its_own_command_module_only_and_no_comparison() -> None:
    loaded = _run(
        _main("--debug", "rank", "samples/vendors", "--format", "json")
        + "names = sorted(m for m in sys.modules if m.startswith(('vendorscore.cli.', "
        "'vendorscore.compare', 'vendorscore.report.changes')))\n"
        "sys.stderr.write('RESULT=' + ','.join(names))\n"
    )
    assert loaded.split(",") == [
        "vendorscore.cli._app",
        "vendorscore.cli._baseline",
        "vendorscore.cli._common",
        "vendorscore.cli.rank_cmd",
    ]


def test_help_lists_every_command_in_the_same_order_however_they_were_loaded() -> None:
    expected = CliRunner().invoke(cli.app, ["--help"]).output
    # A process whose main loaded `panel` first, then the whole app.
    output = _run(
        _main("panel", "--help")
        + "from typer.testing import CliRunner\nfrom vendorscore.cli import app\n"
        "sys.stderr.write('RESULT=' + CliRunner().invoke(app, ['--help']).output)\n"
    )
    assert output == expected.strip()
    assert expected.index("  rank ") < expected.index("  staffing ") < expected.index("  panel ")


def test_an_unknown_command_still_gets_a_suggestion_from_every_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vendorscore", "sensitivty"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "No such command 'sensitivty'. Did you mean 'sensitivity'?" in proc.stderr
