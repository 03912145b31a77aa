"""Clock times and time zones: IANA zone names, weekdays, `HH:MM` times and weekly time windows.

A zone is checked against the IANA time-zone database through the standard library's
`zoneinfo` (the `tzdata` package supplies the database where the system has none). zoneinfo
reads its compiled zone files lazily and caches them; it is a read-only lookup table here, like
the country and currency code lists, so the checks stay pure.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, get_args

from vendorscore.model.records import (
    STRICT_TEXT,
    Record,
    after,
    list_of,
    literal,
    required,
    text,
)

__all__ = [
    "DAYS",
    "MINUTES_PER_WEEK",
    "TIME",
    "TIMEZONE",
    "OpenHours",
    "Weekday",
    "local_shares",
    "week_segments",
    "window_minutes",
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Weekday, ...] = get_args(Weekday)
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

_ZONE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")
_NOT_ZONES = {"localtime", "posixrules"}  # files in the zone folder that are not IANA names
# A system zone folder's copies of every zone (POSIX-time and leap-second variants): not IANA
# names, and missing where zoneinfo reads the tzdata package, so a profile naming one would
# validate on one machine and not on another.
_COPIES = ("posix/", "right/")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")
# difflib over the ~600 zone names costs a millisecond or two: a file listing thousands of bad
# zones gets the cheap suggestions only after the first few dozen.
_FUZZY_BUDGET = [50]


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every IANA zone name, keyed by a forgiving form (case-folded, spaces as underscores),
    and by its last part (the city) where that is unambiguous."""
    import zoneinfo

    names = sorted(zoneinfo.available_timezones())
    keys: dict[str, str] = {}
    cities: dict[str, list[str]] = {}
    for name in names:
        keys[name.casefold()] = name
        cities.setdefault(name.rsplit("/", 1)[-1].casefold(), []).append(name)
    for city, zones in cities.items():
        if len(zones) == 1:
            keys.setdefault(city, zones[0])
    return keys


def _suggestion(value: str) -> str | None:
    keys = _zone_names()
    form = value.strip().replace(" ", "_").casefold()
    if form in keys:
        return keys[form]
    if _FUZZY_BUDGET[0] > 0 and len(value) <= 64:
        import difflib

        _FUZZY_BUDGET[0] -= 1
        close = difflib.get_close_matches(form, list(keys), n=1, cutoff=0.75)
        if close:
            return keys[close[0]]
    return None


@lru_cache(maxsize=1024)
def _is_zone(value: str) -> bool:
    import zoneinfo

    if not _ZONE_KEY.fullmatch(value) or value in _NOT_ZONES or value.startswith(_COPIES):
        return False
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _timezone(value: str) -> str:
    if _is_zone(value):
        return value
    hint = _suggestion(value)
    advice = f"did you mean '{hint}'?" if hint else "e.g. America/New_York, Asia/Manila"
    raise ValueError(f"'{value}' is not an IANA time zone ({advice})")


def _time(value: str) -> str:
    if not _TIME.fullmatch(value):
        raise ValueError(f"'{value}' is not a time of day written HH:MM (00:00 to 24:00)")
    return value


TIMEZONE = after(_timezone, STRICT_TEXT)
TIME = after(_time, text(5))


def minute_of_day(value: str) -> int:
    """Minutes since midnight of an `HH:MM` time (24:00 is 1440)."""
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def window_minutes(start: str, end: str) -> int:
    """Length of a daily window in minutes; an end at or before the start runs past midnight."""
    length = (minute_of_day(end) - minute_of_day(start)) % MINUTES_PER_DAY
    return length or MINUTES_PER_DAY


def week_segments(days: list[Weekday], start: str, end: str) -> list[tuple[int, int]]:
    """The window as [from, to) minutes of the week (Monday 00:00 is 0), one per day, Monday
    first; a window running past Sunday midnight ends beyond the week (it wraps into Monday)."""
    first = minute_of_day(start)
    length = window_minutes(start, end)
    out = []
    for day in sorted(set(days), key=DAYS.index):
        begin = DAYS.index(day) * MINUTES_PER_DAY + first
        out.append((begin, begin + length))
    return out


class OpenHours(Record):
    """A weekly time window in the buyer's time zone: these days, from this time to that one."""

    days: list[Weekday] = required(
        list_of(literal(DAYS), min_length=1, max_length=7),
        description="Days the window starts on, e.g. [mon, tue, wed, thu, fri].",
    )
    from_: str = required(
        TIME, alias="from", description="Start time, local to the buyer, HH:MM, e.g. '08:00'."
    )
    to: str = required(
        TIME,
        description="End time, HH:MM, e.g. '18:00'; at or before `from` it ends the next day "
        "('22:00' to '06:00' is an 8-hour night window).",
    )


# Two reference weeks, northern winter and summer, each clear of every daylight-saving change:
# a zone pair's offset differs between them (New York is 13 hours behind Manila in January, 12
# in July), and a figure for "a typical week" is the mean of the two.
REFERENCE_MONDAYS = (dt.date(2027, 1, 18), dt.date(2027, 7, 19))
NIGHT = ("22:00", "06:00")  # local night: the hours that need night shifts
DAYTIME = ("07:00", "19:00")  # local daytime: when a site's managers and trainers are in


@lru_cache(maxsize=1024)
def utc_offset_minutes(zone: str, monday: dt.date) -> int:
    """The zone's offset from UTC in minutes, on the Wednesday noon of the week of `monday`."""
    import zoneinfo

    moment = dt.datetime.combine(
        monday + dt.timedelta(days=2), dt.time(12), zoneinfo.ZoneInfo(zone)
    )
    offset = moment.utcoffset()
    return 0 if offset is None else round(offset.total_seconds() / 60)


def _periodic_overlap(start: float, end: float, first: int, length: int) -> float:
    """Minutes of [start, end) (minutes of a week, any origin) inside the daily window that
    starts `first` minutes after midnight and lasts `length` minutes."""
    total = 0.0
    k = math.floor((start - first - length) / MINUTES_PER_DAY)
    while k * MINUTES_PER_DAY + first < end:
        lo = k * MINUTES_PER_DAY + first
        total += max(0.0, min(end, lo + length) - max(start, lo))
        k += 1
    return total


@lru_cache(maxsize=4096)
def _inside(
    segments: tuple[tuple[int, int, float], ...], shift: int, window: tuple[str, str]
) -> float:
    # Cached: vendors share zones, so one demand week is placed in each zone's day once.
    first, length = minute_of_day(window[0]), window_minutes(*window)
    return math.fsum(
        w * _periodic_overlap(a + shift, b + shift, first, length) for a, b, w in segments
    )


def local_shares(
    segments: Sequence[tuple[int, int, float]],
    buyer_zone: str,
    sites: Sequence[tuple[str, float]],
    window: tuple[str, str],
) -> float | None:
    """The weighted share of the buyer's time that falls in `window`, local to the sites.

    `segments` are (from, to, weight per minute) in the buyer's week (weight: calls a minute,
    or 1 to count open hours); `sites` are (IANA zone, seats). Each site's share is weighted by
    its seats, and the two reference weeks are averaged. None without segments or seats.
    """
    segments = tuple(segments)
    total_weight = math.fsum(w * (b - a) for a, b, w in segments)
    seats = math.fsum(n for _, n in sites)
    if total_weight <= 0 or seats <= 0:
        return None
    shares = []
    for monday in REFERENCE_MONDAYS:
        buyer = utc_offset_minutes(buyer_zone, monday)
        inside = 0.0
        for zone, n in sites:
            shift = utc_offset_minutes(zone, monday) - buyer
            inside += n * _inside(segments, shift, window)
        shares.append(inside / seats / total_weight)
    return math.fsum(shares) / len(shares)
