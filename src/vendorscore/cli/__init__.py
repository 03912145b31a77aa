"""Command line: parse options, call the library, hand the result to a presenter."""

import importlib
import os
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


# Each module registers its commands on `app` when imported, in this order in `--help`;
# heavy libraries load lazily inside the commands.
_COMMAND_MODULES = (
    "rank_cmd",
    "staffing_cmd",
    "erlang_cmd",
    "sensitivity_cmd",
    "export_cmd",
    "rfp_cmd",
)
for _name in _COMMAND_MODULES:
    importlib.import_module(f"vendorscore.cli.{_name}")


def main() -> None:
    """Console-script entry point."""
    app()
