"""Paths on disk: which files a run reads, and why a path cannot be opened, in words."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from vendorscore.errors import Problem

__all__ = ["NOT_REGULAR", "YAML_SUFFIXES", "PathLike", "path_problem", "vendor_paths"]

PathLike = str | os.PathLike[str]  # what every function that reads files accepts
YAML_SUFFIXES = (".yaml", ".yml")
NOT_REGULAR = "not a regular file (a pipe or device?)"


def path_problem(path: Path, exc: OSError) -> str:
    """Why `path` cannot be opened, in words: what a person can fix."""
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"broken symbolic link: its target '{os.readlink(path)}' does not exist"
        return "no such file or folder"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long (at most 255 bytes a name)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied (on the file or a folder on its path)"
    if exc.errno == errno.ENOTDIR:
        return "not a folder: a part of this path is a file"
    if exc.errno == errno.EISDIR:
        return "is a folder, expected a YAML file"
    return f"cannot read: {exc.strerror or exc}"


def vendor_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[Problem]]:
    """Files to read (each file once; for a folder its *.yaml/*.yml files, sorted) and problems.

    `paths` is one path or several; a str is one path, never its characters.

    Nothing is skipped silently: a YAML name in a folder that is a broken or looping link, or
    not a regular file, is a problem naming it, as is any path that cannot be opened.
    """
    out: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)

    def mode_of(path: Path) -> int | None:
        try:
            return os.stat(path).st_mode
        except OSError as exc:
            problems.append(Problem(path_problem(path, exc), str(path)))
            return None

    for given in [paths] if isinstance(paths, str | os.PathLike) else paths:
        path = Path(given)
        mode = mode_of(path)
        if mode is None:
            continue
        if stat.S_ISREG(mode):
            add(path)
        elif not stat.S_ISDIR(mode):
            problems.append(Problem(NOT_REGULAR, str(path)))
        else:
            try:
                names = sorted(p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES)
            except OSError as exc:
                problems.append(Problem(path_problem(path, exc), str(path)))
                continue
            found = 0
            for entry in names:
                entry_mode = mode_of(entry)
                if entry_mode is None or stat.S_ISDIR(entry_mode):
                    continue  # a folder named like a file is not a profile
                found += 1
                if stat.S_ISREG(entry_mode):
                    add(entry)
                else:
                    problems.append(Problem(NOT_REGULAR, str(entry)))
            if not found and not names:
                problems.append(Problem("folder has no .yaml or .yml files", str(path)))
    return out, problems
