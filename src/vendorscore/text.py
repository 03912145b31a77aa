"""Results to plain text formats (JSON, CSV, Markdown) and text sanitising for untrusted strings."""

from __future__ import annotations

import re

__all__ = ["safe_line", "safe_text"]

# C0 and C1 control characters (tab and newline included), DEL, and the Unicode bidi overrides
# that can make a terminal show text in a different order than it is stored.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(value: object) -> str:
    """Vendor text made safe for a terminal: control characters shown as `\\xNN`-style escapes."""
    text = str(value)
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def safe_line(value: object) -> str:
    """Like `safe_text`, for one line of a message (newlines escaped too)."""
    return safe_text(value)
