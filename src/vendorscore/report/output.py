"""Safe output files: never over an input, never half-written, one clear line when impossible.

`check_output_path` refuses a target before any work is done; `atomic_write` writes a temporary
file in the target's folder and renames it over the target, so a failure, Ctrl-C, SIGTERM or
SIGHUP leaves the previous file byte-identical and no temporary file behind. A target that is a
symbolic link is written through: the file it points to is replaced, the link stays. Used by
every command that writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from vendorscore.errors import OutputError, Problem

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text", "check_output_path"]

# Lock files office suites leave next to a document they have open.
_LOCK_FILES = (".~lock.{}#", "~${}")


def check_output_path(
    path: Path | str, *, inputs: Iterable[Path | str], suffix: str | Sequence[str]
) -> Path:
    """The output path, checked: right suffix, not an input (however spelled), writable, unlocked.

    Raises `OutputError` with one line naming the problem.
    """
    try:
        return _check_output_path(Path(path), str(path), inputs=inputs, suffix=suffix)
    except OSError as exc:  # a name too long, a folder on the way that cannot be opened
        raise OutputError(Problem(f"cannot write: {_reason(exc)}", str(path))) from None


def _check_output_path(
    target: Path, shown: str, *, inputs: Iterable[Path | str], suffix: str | Sequence[str]
) -> Path:
    suffixes = (suffix,) if isinstance(suffix, str) else tuple(suffix)
    if target.suffix.lower() not in {s.lower() for s in suffixes}:
        want = " or ".join(suffixes)
        raise OutputError(Problem(f"the output must be a {want} file (got '{target.name}')", shown))
    if target.is_dir():
        raise OutputError(Problem("is a folder; give a file name for the output", shown))
    resolved = target.resolve()
    for given in inputs:
        src = Path(given)
        if _same_file(target, resolved, src):
            raise OutputError(
                Problem(
                    f"refusing to overwrite the input file '{given}'; choose another name", shown
                )
            )
    folder = resolved.parent
    if not folder.is_dir():
        raise OutputError(Problem(f"the folder '{folder}' does not exist", shown))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            Problem(f"cannot write in the folder '{folder}' (permission denied)", shown)
        )
    for pattern in _LOCK_FILES:
        lock = folder / pattern.format(resolved.name)
        if lock.exists():
            raise OutputError(
                Problem(
                    f"is open in another program (lock file '{lock.name}'); close it and retry, "
                    "or delete the lock file if that program is no longer running",
                    shown,
                )
            )
    # A file without any write permission is read-only on purpose, even to root (who may write
    # it anyway) and even though replacing it needs only the folder's permission.
    if target.exists() and (not os.access(target, os.W_OK) or not os.stat(target).st_mode & 0o222):
        raise OutputError(Problem("is read-only or locked by another program", shown))
    return target


def _same_file(target: Path, resolved: Path, src: Path) -> bool:
    if resolved == src.resolve():
        return True
    try:
        return target.exists() and src.exists() and os.path.samefile(target, src)
    except OSError:
        return False


def atomic_write(path: Path | str, write_fn: Callable[[IO[bytes]], None]) -> None:
    """Write `path` through `write_fn(binary_file)` all at once, or not at all.

    The temporary file lives in the same folder (so the final rename is atomic), is synced to disk
    before the rename, and is removed on any failure, KeyboardInterrupt, SIGTERM and SIGHUP
    included. An existing file's permissions are kept; a symbolic link's target is written.
    OS errors become a one-line `OutputError`.
    """
    import secrets  # only writers need it

    # Through a symbolic link: replace the file it points to, so the link stays a link.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    with _terminations_raise():
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            fd = os.open(tmp, flags, 0o666)
        except OSError as exc:
            why = f"cannot write in this folder: {_reason(exc)}"
            raise OutputError(Problem(why, str(path))) from exc
        try:
            with os.fdopen(fd, "wb") as fh:
                write_fn(fh)
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            try:
                os.replace(tmp, target)
            except PermissionError as exc:
                why = f"is locked by another program or read-only ({_reason(exc)})"
                raise OutputError(Problem(why + "; close it and retry", str(path))) from exc
            _sync_folder(folder)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(exc, OSError):
                raise OutputError(Problem(f"cannot write: {_reason(exc)}", str(path))) from exc
            raise


@contextlib.contextmanager
def _terminations_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP end the process through Python (SystemExit) while a file is written,
    so the cleanup that Ctrl-C gets runs for them too; their default action would exit at once
    and leave the temporary file behind."""
    wanted = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    try:
        previous = {s: signal.signal(s, _terminated) for s in wanted}
    except ValueError:  # not the main thread: signals are not ours to handle
        previous = {}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _terminated(signum: int, frame: object) -> None:
    sys.stderr.write(f"{signal.Signals(signum).name}: stopped; nothing was written\n")
    raise SystemExit(128 + signum)


def atomic_write_text(path: Path | str, text: str, *, encoding: str = "utf-8") -> None:
    """`atomic_write` for a text document (UTF-8, newlines as given)."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """`atomic_write` for bytes already encoded."""

    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    atomic_write(path, write)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long (at most 255 bytes a name)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (on the file or a folder on its path)"
    return exc.strerror or type(exc).__name__
