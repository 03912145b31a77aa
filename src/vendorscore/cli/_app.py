"""The Typer application, shared options and the one place errors become exit codes."""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from vendorscore.errors import VendorScoreError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "Format",
    "GuardedTyper",
    "app",
    "criteria_app",
    "err",
    "handle_errors",
    "out",
    "weights_app",
]


class GuardedTyper(typer.Typer):
    """A Typer app whose every command runs inside `handle_errors`: no command can forget it."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(function)  # typer reads the parameters through __wrapped__
            def guarded(*call_args: Any, **call_kwargs: Any) -> Any:
                with handle_errors():
                    return function(*call_args, **call_kwargs)

            register(guarded)
            return function

        return decorator


app = GuardedTyper(
    name="vendorscore",
    help="Score, rank and stress-test customer-service outsourcing vendors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
criteria_app = GuardedTyper(
    help="Show the bundled and your own criteria sets.", no_args_is_help=True
)
weights_app = GuardedTyper(
    help="Derive criteria weights (AHP pairwise comparisons).", no_args_is_help=True
)
app.add_typer(criteria_app, name="criteria")
app.add_typer(weights_app, name="weights")

_state = {"debug": False}
# Writing to standard output failed (files the commands write report their own errors).
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF}


class Format(StrEnum):
    """Output formats shared by the reporting commands."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _console(**options: object) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            _reader_gone()

    # No highlighting and no `:emoji:` codes: vendor text is shown exactly as written.
    return _Console(highlight=False, emoji=False, **options)  # type: ignore[arg-type]


def out() -> Console:
    """A console for results on stdout (no highlighting; wide when piped to a file)."""
    import os

    # Piped output has no terminal width to honour; Rich would assume 80 and squeeze the tables.
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    return _console(soft_wrap=False, width=width)


def err() -> Console:
    """A console for messages on stderr."""
    return _console(stderr=True)


def set_debug(debug: bool) -> None:
    """Remember whether --debug was given (tracebacks for internal errors)."""
    _state["debug"] = debug


def _reader_gone() -> NoReturn:
    """The reader of stdout went away (`| head`): end quietly and successfully.

    Later writes, and Python's final flush, go to the null device instead of failing.
    """
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(0)


def _fail(code: int, lines: list[str]) -> NoReturn:
    for line in lines:
        # Plain write: problems quote vendor text, which must never be parsed as markup.
        sys.stderr.write(line + "\n")
    raise typer.Exit(code)


@contextmanager
def handle_errors() -> Iterator[None]:
    """User errors become `file:line:col: message` lines and exit 2; anything else exit 1."""
    try:
        yield
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk or a closed descriptor shows here, not at exit
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except VendorScoreError as exc:
        from vendorscore.report.safe import safe_line

        _fail(exc.exit_code, [safe_line(str(p)) for p in exc.problems])
    except KeyboardInterrupt:
        _fail(130, ["interrupted"])
    except BrokenPipeError:
        _reader_gone()
    except Exception as exc:  # the one catch-all: an internal error, not the user's fault
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:  # stdout itself failed
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # quiet final flush
            _fail(2, [f"cannot write the output: {exc.strerror or exc}"])
        if _state["debug"]:
            raise
        from vendorscore.report.safe import safe_line

        _fail(
            1,
            [
                safe_line(
                    f"internal error: {type(exc).__name__}: {exc}. This is a bug in vendorscore; "
                    "please report it with the command you ran (add --debug for the traceback)."
                )
            ],
        )
