"""Paths a run is given: pipes, long names, locked folders and broken links are user errors,
each one located line with exit 2, all reported at once (issue 10 section 5).

Root ignores file permissions, and CI runs as root: the permission tests run the command in a
child process without the two capabilities that let root bypass them (CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH, dropped from its bounding set before exec), so they test the same thing
as root and as anyone else.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PRAIRIE = SAMPLES / "vendors" / "prairie-voice-omaha.yaml"
LONG = "a" * 300 + ".yaml"  # 300 bytes: over the 255 a name may have on every common file system


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _run(*args: object, cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """vendorscore in a child process, subject to file permissions even as root."""
    return subprocess.run(
        [sys.executable, "-m", "vendorscore", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_without_root_file_access if os.geteuid() == 0 else None,
        check=False,
    )


def _without_root_file_access() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


needs_linux = pytest.mark.skipif(
    sys.platform != "linux", reason="drops root's capabilities with Linux prctl"
)


# ---- pipes ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("role", ["--criteria", "--demand", "ahp"])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path, role: str) -> None:
    fifo = tmp_path / "input.yaml"
    os.mkfifo(fifo)
    if role == "ahp":
        args: list[object] = ["weights", "ahp", fifo.name]
    else:
        args = ["validate", PRAIRIE, role, fifo.name]
    done = _run(*args, cwd=tmp_path, timeout=20)  # before: blocked for ever
    assert done.returncode == 2
    assert done.stderr == "input.yaml: not a regular file (a pipe or device?)\n"


# ---- names too long ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["validate", LONG], LONG),
        (["validate", PRAIRIE, "--criteria", LONG], LONG),
        (["validate", PRAIRIE, "--demand", LONG], LONG),
        (["weights", "ahp", LONG], LONG),
    ],
)
def test_a_file_name_over_255_bytes_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[object], shown: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == f"{shown}: file name too long (at most 255 bytes a name)\n"


def test_an_output_name_over_255_bytes_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "r" * 300 + ".xlsx"
    result = _invoke("export", PRAIRIE, "-o", name)
    assert result.exit_code == 2
    assert result.stderr == f"{name}: cannot write: file name too long (at most 255 bytes a name)\n"


# ---- folders that cannot be read -----------------------------------------------------------------


@needs_linux
def test_a_locked_folder_and_a_path_through_it_are_reported_with_the_others(
    tmp_path: Path,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "v.yaml").write_text(PRAIRIE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("name: B\n", encoding="utf-8")
    locked.chmod(0)
    try:
        done = _run("validate", "locked", "locked/v.yaml", "bad.yaml", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "locked: cannot read: permission denied (on the file or a folder on its path)",
        "locked/v.yaml: cannot read: permission denied (on the file or a folder on its path)",
        "bad.yaml:1:1: missing required key 'delivery_model'",
    ]


@needs_linux
def test_an_unreadable_vendor_file_is_reported_with_the_others_not_as_usage(
    tmp_path: Path,
) -> None:
    unreadable = tmp_path / "secret.yaml"
    unreadable.write_text(PRAIRIE.read_text(encoding="utf-8"), encoding="utf-8")
    unreadable.chmod(0)
    (tmp_path / "bad.yaml").write_text("name: B\n", encoding="utf-8")
    done = _run("validate", "secret.yaml", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "secret.yaml: cannot read: permission denied (on the file or a folder on its path)",
        "bad.yaml:1:1: missing required key 'delivery_model'",
    ]


@needs_linux
def test_the_permission_check_really_applies_to_the_child(tmp_path: Path) -> None:
    """The mechanism the tests above rely on: a mode-000 file cannot be read by the child."""
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    done = subprocess.run(
        [sys.executable, "-c", "open('secret.txt').read()"],
        cwd=tmp_path,
        capture_output=True,
        preexec_fn=_without_root_file_access if os.geteuid() == 0 else None,
        check=False,
    )
    assert done.returncode == 1
    assert b"PermissionError" in done.stderr


# ---- links in a vendor folder --------------------------------------------------------------------


def test_broken_and_looping_links_in_a_folder_are_errors_naming_them(tmp_path: Path) -> None:
    folder = tmp_path / "vendors"
    folder.mkdir()
    (folder / "a.yaml").write_text(PRAIRIE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "gone.yaml").symlink_to(tmp_path / "deleted.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    result = _invoke("rank", folder)  # before: exit 0, two vendors silently missing
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{folder / 'gone.yaml'}: broken symbolic link: its target "
        f"'{tmp_path / 'deleted.yaml'}' does not exist",
        f"{folder / 'loop.yaml'}: symbolic link loop: the link leads back to itself",
    ]


def test_a_pipe_in_a_vendor_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "vendors"
    folder.mkdir()
    (folder / "a.yaml").write_text(PRAIRIE.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "pipe.yaml")
    result = _invoke("validate", folder)
    assert result.exit_code == 2
    assert result.stderr == f"{folder / 'pipe.yaml'}: not a regular file (a pipe or device?)\n"
