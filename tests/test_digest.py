"""Provenance digests: the same SHA-256 as hashlib, whichever implementation computes it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vendorscore.inputs.digest import sha256_hex

ROOT = Path(__file__).resolve().parents[1]


def test_published_sha256_values() -> None:
    # FIPS 180-4 examples (NIST, "SHA256.pdf"): "abc" and the empty message.
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@given(st.binary(max_size=5_000))
def test_the_digest_is_hashlibs(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_megabyte_file_digests_as_hashlib_does() -> None:
    data = bytes(range(256)) * 4096
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_rank_does_not_load_openssl_where_python_has_its_own_sha256() -> None:
    builtin = any(m in sys.builtin_module_names or _importable(m) for m in ("_sha2", "_sha256"))
    code = (
        "import sys, io, contextlib\nfrom vendorscore.cli import main\n"
        "sys.argv = ['vendorscore', 'rank', 'samples/vendors', '--format', 'json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "sys.stderr.write('LOADED=' + str('_hashlib' in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert proc.stderr.rsplit("LOADED=", 1)[1].strip() == str(not builtin)


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True
