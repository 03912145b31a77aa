"""Command line: parse options, call the library, hand the result to a presenter."""

import codecs
import importlib
import os
import sys
from typing import Annotated

# The CLI uses no pydantic plugins; skipping their entry-point scan saves start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from vendorscore._version import __version__
from vendorscore.cli._app import app, set_debug

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vendorscore {__version__}")
        raise typer.Exit()


@app.callback()
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
    assert isinstance(error, UnicodeEncodeError)
    units = error.object[error.start : error.end].encode("utf-16-be")
    escaped = "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)
    )
    return escaped, error.end


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


# Each module registers its commands on `app` when imported, in this order in `--help`;
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
)
for _name in _COMMAND_MODULES:
    importlib.import_module(f"vendorscore.cli.{_name}")


def main() -> None:
    """Console-script entry point."""
    app()
