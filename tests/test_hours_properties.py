"""Invariants of the local-time shares (model/hours.py), for any zones and weekly windows."""

from __future__ import annotations

import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore.model.hours import DAYS, local_shares, week_segments

ZONES = sorted(
    z
    for z in ("Asia/Manila", "Asia/Kolkata", "America/New_York", "America/Los_Angeles",
              "Europe/Dublin", "Australia/Sydney", "Pacific/Chatham", "Asia/Kathmandu", "UTC")
    if z in zoneinfo.available_timezones()
)  # fmt: skip
TIMES = st.sampled_from([f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30, 45)])
WINDOWS = st.sampled_from([("22:00", "06:00"), ("07:00", "19:00"), ("00:00", "00:00")])


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.sampled_from(DAYS), min_size=1, max_size=7),
    start=TIMES,
    end=TIMES,
    buyer=st.sampled_from(ZONES),
    site=st.sampled_from(ZONES),
    calls=st.floats(min_value=0.1, max_value=1000),
)
def test_a_window_and_its_complement_share_every_minute(
    days: list[str], start: str, end: str, buyer: str, site: str, calls: float
) -> None:
    segments = [(a, b, calls) for a, b in week_segments(days, start, end)]  # type: ignore[arg-type]
    night = local_shares(segments, buyer, [(site, 10.0)], ("22:00", "06:00"))
    day = local_shares(segments, buyer, [(site, 10.0)], ("06:00", "22:00"))
    assert night is not None and day is not None
    assert 0.0 <= night <= 1.0
    assert night + day == pytest.approx(1.0, abs=1e-12)
    # The whole day (a window from midnight to midnight) holds every minute.
    assert local_shares(segments, buyer, [(site, 1.0)], ("00:00", "00:00")) == pytest.approx(1.0)
    # Weighting by seats: a second site in the buyer's own zone mixes in its share linearly.
    own = local_shares(segments, buyer, [(buyer, 1.0)], ("22:00", "06:00"))
    assert own is not None
    mixed = local_shares(segments, buyer, [(site, 3.0), (buyer, 1.0)], ("22:00", "06:00"))
    assert mixed == pytest.approx(0.75 * night + 0.25 * own, abs=1e-12)


def test_without_seats_or_calls_there_is_no_share() -> None:
    segments = [(0, 60, 1.0)]
    assert local_shares(segments, "UTC", [], ("22:00", "06:00")) is None
    assert local_shares([(0, 60, 0.0)], "UTC", [("UTC", 1.0)], ("22:00", "06:00")) is None
