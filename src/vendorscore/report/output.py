"""Safe output files: never over an input, never half-written, one clear line when impossible.

`check_output_path` refuses a target before any work is done; `atomic_write` writes a temporary
file in the target's folder and renames it over the target, so a failure or Ctrl-C leaves the
previous file byte-identical and no temporary file behind. Used by every command that writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO

from vendorscore.errors import OutputError, Problem

__all__ = ["atomic_write", "atomic_write_text", "check_output_path"]

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
    if target.exists() and not os.access(target, os.W_OK):
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
    before the rename, and is removed on any failure, KeyboardInterrupt included. An existing
    file's permissions are kept. OS errors become a one-line `OutputError`.
    """
    import secrets  # only writers need it

    target = Path(path)
    folder = target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        why = f"cannot write in this folder: {_reason(exc)}"
        raise OutputError(Problem(why, str(path))) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            write_fn(fh)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            why = f"is locked by another program or read-only ({_reason(exc)}); close it and retry"
            raise OutputError(Problem(why, str(path))) from exc
        _sync_folder(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(Problem(f"cannot write: {_reason(exc)}", str(path))) from exc
        raise


def atomic_write_text(path: Path | str, text: str, *, encoding: str = "utf-8") -> None:
    """`atomic_write` for a text document (UTF-8, newlines as given)."""
    data = text.encode(encoding)

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
