"""SHA-256 of the files a run reads, for provenance (every report lists them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["sha256_hex"]


def _sha256() -> Callable[[bytes], Any]:
    """Python's own SHA-256 where the build has it: `hashlib` loads OpenSSL first, about 4 ms
    of every command's start-up, and the files read here are small (at most 1 MB).
    Any other build gets hashlib's. The digest is the same (tests/test_digest.py)."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256  # type: ignore[no-any-return]


_SHA256 = _sha256()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, as 64 lowercase hex digits."""
    return str(_SHA256(data).hexdigest())
