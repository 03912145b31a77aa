"""The saved-ranking format: its name and layout version, and raw values as JSON data.

Apart from the records of model/saved.py, so writing a result (`rank --format json`) does not
build them.
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "json_value"]

# The `format` key of a saved ranking, and the version of its layout. The version goes up only
# when a key changes meaning; new keys are additions within a version, and readers ignore keys
# they do not know.
FORMAT_NAME = "vendorscore-ranking"
FORMAT_VERSION = 1


def json_value(value: object) -> object:
    """A raw profile value as JSON data: dates as ISO text, tuples as lists, no NaN."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [json_value(v) for v in items]
    return str(value)
