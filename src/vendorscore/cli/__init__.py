"""Command line: parse options, call the library, hand the result to a presenter."""

import codecs
import gc
import importlib
import os
import sys
from typing import Annotated

# The CLI uses no pydantic plugins; skipping their entry-point scan saves start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from vendorscore._version import __version__
from vendorscore.cli import _app as _application
from vendorscore.cli._app import set_debug

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vendorscore {__version__}")
        raise typer.Exit()


@_application.app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Score, rank and stress-test customer-service outsourcing vendors."""
    set_debug(debug)
    _prepare_streams()


def _as_escapes(error: UnicodeError) -> tuple[str, int]:
    """`\\uXXXX` for each UTF-16 unit of the characters an encoding cannot hold."""
    from vendorscore.report.safe import utf16_escapes  # only once a character cannot show

    assert isinstance(error, UnicodeEncodeError)
    return utf16_escapes(error.object[error.start : error.end]), error.end


def _prepare_streams() -> None:
    """Refuse to start without a standard output (`>&-`): every command reports there.

    On a console that is not UTF-8 (PYTHONIOENCODING=ascii, a legacy Windows code page), write
    the characters it cannot show as `\\u00e9` escapes rather than fail. The same escape inside
    a JSON string is JSON's own, so a JSON document stays valid and loses nothing.
    """
    if sys.stdout is None:
        if sys.stderr is not None:
            sys.stderr.write(
                "cannot write the output: standard output is closed "
                "(redirect it to a file or to /dev/null instead)\n"
            )
        raise typer.Exit(2)
    codecs.register_error("vendorscore.escape", _as_escapes)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="vendorscore.escape")


# Each module registers its commands on the app when imported, in this order in `--help`;
# heavy libraries load lazily inside the commands.
_COMMAND_MODULES = (
    "rank_cmd",
    "staffing_cmd",
    "erlang_cmd",
    "sensitivity_cmd",
    "export_cmd",
    "diff_cmd",
    "rfp_cmd",
    "panel_cmd",
    "weights_cmd",
)
# The module that registers each top-level command. `main` imports only the one the command
# line names: typer builds the options of every registered command on each call, and
# `vendorscore rank` need not pay for the other fourteen. `--help`, a mistyped command and
# `vendorscore.cli.app` load them all. tests/test_cli_lazy.py checks this table against what
# the modules register.
COMMAND_MODULE = {
    "rank": "rank_cmd",
    "explain": "rank_cmd",
    "validate": "rank_cmd",
    "criteria": "rank_cmd",
    "schema": "rank_cmd",
    "staffing": "staffing_cmd",
    "erlang": "erlang_cmd",
    "sensitivity": "sensitivity_cmd",
    "export": "export_cmd",
    "diff": "diff_cmd",
    "rfp": "rfp_cmd",
    "panel": "panel_cmd",
    "weights": "weights_cmd",
}


def _load(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(f"vendorscore.cli.{name}")
    # Keep `--help` in the order above however the modules were loaded (main may have loaded
    # one before the rest).
    order = {f"vendorscore.cli.{name}": i for i, name in enumerate(_COMMAND_MODULES)}
    _application.app.registered_commands.sort(
        key=lambda info: order.get(getattr(info.callback, "__module__", ""), -1)
    )


def _named_command(argv: list[str]) -> str | None:
    """The command the arguments name: the first that is not a root option."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg
        if arg == "--":
            return None
    return None


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        _load(_COMMAND_MODULES)
        return _application.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    # Start-up, as mypy's main does: what is imported by now lives as long as the process, so
    # it moves out of the cyclic collector's sight (gc.freeze), and the collector runs less
    # often while thousands of parsed values are built. About 5% of `rank`'s instructions
    # (bench/bench_rank.py); a library caller's collector is left alone.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    module = COMMAND_MODULE.get(_named_command(sys.argv[1:]) or "")
    _load(_COMMAND_MODULES if module is None else (module,))
    _application.app()
