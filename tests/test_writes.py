"""Writes never corrupt or lose a file (issue 10 section 6): SIGTERM and SIGHUP clean up like
Ctrl-C, `weights ahp --write` keeps CRLF and a byte-order mark, writes through a symbolic link,
refuses a read-only file and never leaves a file that is not valid criteria; `export` writes
through a symbolic link too.

A read-only file here is one with no write permission bits, which is refused even for root
(who could write it anyway), so these tests mean the same when run as root, as CI does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"

AHP = "criteria: [cost, quality]\ncomparisons:\n  cost: {quality: 3}\n"  # weights 75% / 25%
CRITERIA = (
    "name: Mine  # keep me\n"
    "criteria:\n"
    "  - {id: cost, weight: 1, field: pricing.rate, scale: {linear: {worst: 40, best: 8}}}\n"
    "  - {id: quality, weight: 1, field: scorecard.csat, scale: {linear: {worst: 0.5, best: 1}}}\n"
)
WRITTEN = CRITERIA.replace("weight: 1, field: pricing", "weight: 75.0, field: pricing").replace(
    "weight: 1, field: scorecard", "weight: 25.0, field: scorecard"
)


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _ahp(tmp_path: Path) -> Path:
    path = tmp_path / "ahp.yaml"
    path.write_text(AHP, encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- weights ahp --write -------------------------------------------------------------------------


def test_write_keeps_crlf_line_ends_and_the_byte_order_mark(tmp_path: Path) -> None:
    criteria = tmp_path / "criteria.yaml"
    bom = b"\xef\xbb\xbf"
    criteria.write_bytes(bom + CRITERIA.replace("\n", "\r\n").encode())
    result = _invoke("weights", "ahp", _ahp(tmp_path), "--write", criteria)
    assert result.exit_code == 0, result.stderr
    assert criteria.read_bytes() == bom + WRITTEN.replace("\n", "\r\n").encode()


def test_write_through_a_symbolic_link_edits_its_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(CRITERIA, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    result = _invoke("weights", "ahp", _ahp(tmp_path), "--write", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert real.read_text(encoding="utf-8") == WRITTEN
    assert _leftovers(tmp_path) == []


def test_write_refuses_a_read_only_criteria_file(tmp_path: Path) -> None:
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(CRITERIA, encoding="utf-8")
    criteria.chmod(0o444)
    result = _invoke("weights", "ahp", _ahp(tmp_path), "--write", criteria)
    assert result.exit_code == 2
    assert result.stderr == f"{criteria}: is read-only or locked by another program\n"
    assert criteria.read_text(encoding="utf-8") == CRITERIA


def test_write_keeps_an_anchor_and_leaves_a_valid_file(tmp_path: Path) -> None:
    """Before: `weight: &w 1` became `weight: 75.0 1`, exit 0, a file that no longer loads."""
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(
        CRITERIA.replace("weight: 1, field: pricing", "weight: &w 1, field: pricing")
    )
    result = _invoke("weights", "ahp", _ahp(tmp_path), "--write", criteria)
    assert result.exit_code == 0, result.stderr
    assert criteria.read_text() == WRITTEN.replace("weight: 75.0", "weight: &w 75.0")
    assert _invoke("criteria", "show", criteria).exit_code == 0


def test_write_refuses_weights_shared_through_an_alias(tmp_path: Path) -> None:
    text = CRITERIA.replace("weight: 1, field: pricing", "weight: &w 1, field: pricing").replace(
        "weight: 1, field: scorecard", "weight: *w, field: scorecard"
    )
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(text)
    result = _invoke("weights", "ahp", _ahp(tmp_path), "--write", criteria)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{criteria}:3:24: the weights of 'quality' and another criterion are one YAML value "
        "(an anchor and its alias); give each weight its own number\n"
    )
    assert criteria.read_text() == text


def test_write_refuses_a_file_that_is_not_valid_criteria(tmp_path: Path) -> None:
    text = CRITERIA.replace("field: scorecard.csat", "field: scorecard.csatt")
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(text)
    result = _invoke("weights", "ahp", _ahp(tmp_path), "--write", criteria)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{criteria}:4:37: criterion 'quality': ")
    assert criteria.read_text() == text


# ---- export --------------------------------------------------------------------------------------


def test_export_over_a_symbolic_link_writes_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "report.xlsx"
    link.symlink_to(real.name)
    result = _invoke("export", SAMPLES, "-o", link, "--samples", "0")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_bytes()[:2] == b"PK"  # a new workbook (a zip file) in the target
    assert _leftovers(tmp_path) == []


# ---- signals -------------------------------------------------------------------------------------

# Run the CLI with fsync made slow, so that a signal lands while the temporary file exists.
_SLOW_WRITE = """
import os, pathlib, sys, time
ready = pathlib.Path(sys.argv[1])
def slow_fsync(fd):
    ready.touch()
    time.sleep(60)
os.fsync = slow_fsync
sys.argv = ["vendorscore", *sys.argv[2:]]
from vendorscore.cli import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("command", ["export", "weights"])
def test_a_signal_during_a_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, signum: int, command: str
) -> None:
    ready = tmp_path / "ready"
    if command == "export":
        target = tmp_path / "report.xlsx"
        target.write_bytes(b"old report")
        args = ["export", str(SAMPLES), "-o", str(target), "--samples", "0"]
    else:
        target = tmp_path / "criteria.yaml"
        target.write_text(CRITERIA)
        args = ["weights", "ahp", str(_ahp(tmp_path)), "--write", str(target)]
    before = target.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITE, str(ready), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the write never started"
            time.sleep(0.05)
        assert len(_leftovers(tmp_path)) == 1  # the temporary file exists now
        child.send_signal(signum)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert err.decode().endswith(f"{name}: stopped; nothing was written\n")
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []
