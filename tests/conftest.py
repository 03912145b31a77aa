"""Shared fixtures: small in-memory vendors and criteria sets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Every run, in CI and locally, tries the same examples (derandomised: the seed comes from each
# test's source), so a failure seen anywhere reproduces everywhere. To search further, opt in
# with HYPOTHESIS_PROFILE=explore (random seeds; a failure prints the @reproduce_failure blob
# to paste above the test).
settings.register_profile("fixed", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"
CRITERIA = ROOT / "criteria"


@pytest.fixture(autouse=True, scope="session")
def _plain_terminal() -> Iterator[None]:
    """Tables in CLI tests render at a fixed width with no colour (before module fixtures too).

    Set for the session by monkeypatch rather than at import, so the environment is restored.
    """
    with pytest.MonkeyPatch.context() as monkeypatch:
        if "COLUMNS" not in os.environ:
            monkeypatch.setenv("COLUMNS", "200")
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        yield


@pytest.fixture
def write(tmp_path: Path):
    """Write a text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
