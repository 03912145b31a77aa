"""Hostile returned questionnaires: each refused with its reason, exit 2, fast and in bounded memory.

Every hostile file is made here from a real filled questionnaire (no bomb is committed), then
imported by the real CLI in a subprocess that reports its peak memory, as tests/test_yaml_safety.py
does: a hang, a crash or a runaway allocation in a parser would otherwise take pytest with it.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tests.bounded import run_cli
from tests.conftest import ROOT
from tests.rfp_fill import fill
from typer.testing import CliRunner

from vendorscore.cli import app

pytest.importorskip("openpyxl")
CPU_LIMIT_SECONDS = 5.0  # CPU time of the child (tests/bounded.py); a good file needs ~1 s
MEMORY_LIMIT_KB = 200_000
SAVE_AS = "save it as an Excel Workbook (.xlsx) and send it again"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A valid filled questionnaire, as bytes."""
    folder = tmp_path_factory.mktemp("good")
    template = folder / "q.xlsx"
    assert CliRunner().invoke(app, ["rfp", "template", "-o", str(template)]).exit_code == 0
    fill(template, {"name": "Acme CX", "delivery_model": "offshore"}, folder / "good.xlsx")
    return (folder / "good.xlsx").read_bytes()


def rezip(
    data: bytes,
    *,
    add: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    stored: bool = False,
) -> bytes:
    """The zip `data` with parts replaced or added."""
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for info in src.infolist():
            body = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            dst.writestr(name, body, compress_type=method)
    return out.getvalue()


def patch_central(
    data: bytes, name: str, *, declared: int | None = None, flags: int | None = None
) -> bytes:
    """Edit the central directory entry of `name`: its declared size or its flag bits."""
    buf = bytearray(data)
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", buf, at + 28)[0]
        if bytes(buf[at + 46 : at + 46 + name_len]).decode() == name:
            if declared is not None:
                struct.pack_into("<I", buf, at + 24, declared)
            if flags is not None:
                struct.pack_into("<H", buf, at + 8, flags)
            return bytes(buf)
        at = buf.find(b"PK\x01\x02", at + 46)
    raise AssertionError(f"{name} not in the zip")


def refused(
    tmp_path: Path, data: bytes, message: str, *, name: str = "hostile.xlsx", location: str = ""
) -> None:
    """Import `data` in a subprocess: exit 2, one line, `message`, within the time and memory."""
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "profiles"
    run = run_cli(tmp_path, "rfp", "import", path, "-o", out)
    proc, cpu, rss = run.proc, run.cpu_seconds, run.peak_kb
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"{path}{location}: {message}"]
    assert 0 < cpu < CPU_LIMIT_SECONDS, cpu
    assert 0 < rss < MEMORY_LIMIT_KB, rss
    assert not out.exists() or not any(out.iterdir())


def test_the_good_file_imports_in_the_same_harness(tmp_path: Path, good: bytes) -> None:
    path = tmp_path / "good.xlsx"
    path.write_bytes(good)
    proc = subprocess.run(
        [sys.executable, "-m", "vendorscore", "rfp", "import", str(path), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_not_a_zip(tmp_path: Path) -> None:
    refused(tmp_path, b"name,answer\n", "is not an .xlsx workbook (not a zip file)")


def test_encrypted_or_legacy_ole_file(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    refused(
        tmp_path,
        ole,
        f"is encrypted (password-protected) or an old .xls workbook; {SAVE_AS} without a password",
    )


def test_truncated_zip(tmp_path: Path, good: bytes) -> None:
    refused(
        tmp_path,
        good[: len(good) // 2],
        "is not a valid .xlsx workbook (damaged zip: File is not a zip file)",
    )


@pytest.mark.parametrize(
    ("suffix", "what"),
    [
        (".xlsm", "a macro-enabled workbook (.xlsm)"),
        (".xlsb", "a binary workbook (.xlsb)"),
        (".xls", "an old-format workbook (.xls)"),
    ],
)
def test_macro_binary_and_legacy_suffixes(
    tmp_path: Path, good: bytes, suffix: str, what: str
) -> None:
    refused(tmp_path, good, f"is {what}; {SAVE_AS}", name=f"hostile{suffix}")


def test_vba_project_in_an_xlsx(tmp_path: Path, good: bytes) -> None:
    data = rezip(good, add={"xl/vbaProject.bin": b"\x00" * 512})
    refused(tmp_path, data, f"contains macros (xl/vbaProject.bin); {SAVE_AS}")


def test_macro_enabled_content_type(tmp_path: Path, good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        types = z.read("[Content_Types].xml")
    macro = types.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
    assert macro != types
    refused(
        tmp_path, rezip(good, replace={"[Content_Types].xml": macro}), f"contains macros; {SAVE_AS}"
    )


def test_external_link(tmp_path: Path, good: bytes) -> None:
    link = b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    data = rezip(good, add={"xl/externalLinks/externalLink1.xml": link})
    refused(
        tmp_path,
        data,
        "links to other files (xl/externalLinks/externalLink1.xml); break the links (Excel: Data > Edit Links > Break Link) and save it again",
    )


def test_embedded_object(tmp_path: Path, good: bytes) -> None:
    data = rezip(good, add={"xl/embeddings/oleObject1.bin": b"MZ" + bytes(100)})
    refused(
        tmp_path,
        data,
        "contains an embedded object (xl/embeddings/oleObject1.bin); remove it (send attachments separately) and save it again",
    )


def test_zip_bomb_by_compression_ratio(tmp_path: Path, good: bytes) -> None:
    data = rezip(good, add={"xl/worksheets/sheet99.xml": b"\x00" * 8_000_000})
    assert len(data) < 100_000
    ratio = 8_000_000 / _compressed(data, "xl/worksheets/sheet99.xml")
    assert ratio > 100
    refused(
        tmp_path,
        data,
        f"part xl/worksheets/sheet99.xml is compressed {ratio:,.0f} to 1 (limit 100 to 1): refused as a possible zip bomb",
    )


def _compressed(data: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.getinfo(name).compress_size


def test_oversized_part(tmp_path: Path, good: bytes) -> None:
    data = patch_central(
        rezip(good, add={"xl/media/image1.png": os.urandom(1000)}, stored=True),
        "xl/media/image1.png",
        declared=2_000_000_000,
    )
    refused(
        tmp_path,
        data,
        "part xl/media/image1.png would unpack to 2,000,000,000 bytes (limit 10,000,000): refused as a possible zip bomb",
    )


def test_total_declared_size(tmp_path: Path, good: bytes) -> None:
    parts = {f"xl/media/image{i}.png": os.urandom(100_000) for i in range(6)}
    data = rezip(good, add=parts, stored=True)
    for name in parts:
        data = patch_central(data, name, declared=9_000_000)  # 90 to 1: under the ratio limit
    total = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    refused(
        tmp_path,
        data,
        f"would unpack to {total:,} bytes (limit 50,000,000): refused as a possible zip bomb",
    )


def test_too_many_parts(tmp_path: Path, good: bytes) -> None:
    data = rezip(good, add={f"customXml/item{i}.xml": b"<a/>" for i in range(600)})
    count = len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    refused(
        tmp_path,
        data,
        f"has {count:,} parts; a questionnaire has a few dozen (limit 500): refused as a possible zip bomb",
    )


def test_encrypted_part(tmp_path: Path, good: bytes) -> None:
    refused(
        tmp_path,
        patch_central(good, "xl/workbook.xml", flags=0x1),
        f"has an encrypted part (xl/workbook.xml); {SAVE_AS} without a password",
    )


_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY a "' + b"a" * 100 + b'">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9))
    + b"]>\n"
)  # fmt: skip


def test_xml_entity_bomb(tmp_path: Path, good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        workbook = z.read("xl/workbook.xml")
    body = workbook.split(b"?>", 1)[1] if workbook.startswith(b"<?xml") else workbook
    data = rezip(
        good, replace={"xl/workbook.xml": _LAUGHS + body.replace(b"<sheets>", b"<sheets>&j;", 1)}
    )
    refused(tmp_path, data, "declares XML entities or external references (refused: an XML bomb?)")


def test_external_entity(tmp_path: Path, good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        name = "xl/worksheets/sheet2.xml"  # Questions: the second sheet
        sheet = z.read(name)
    xxe = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    body = body.replace(b"<sheetData>", b"<sheetData>&e;", 1)
    refused(
        tmp_path,
        rezip(good, replace={name: xxe + body}),
        "declares XML entities or external references (refused: an XML bomb?)",
    )


def test_a_million_empty_rows_stop_at_the_row_limit(tmp_path: Path, good: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        name = "xl/worksheets/sheet2.xml"  # Questions: the second sheet
        sheet = z.read(name)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = rezip(good, replace={name: sheet.replace(b"</sheetData>", far, 1)})
    refused(tmp_path, data, "more than 5,000 rows; refused", location=":Questions!A5001")


def test_not_a_questionnaire(tmp_path: Path) -> None:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    refused(
        tmp_path,
        buffer.getvalue(),
        "is not a vendorscore questionnaire (no _vendorscore sheet); send the vendor one made by `vendorscore rfp template`",
    )


def test_oversized_csv(tmp_path: Path) -> None:
    refused(
        tmp_path,
        b"name,Acme\n" * 200_000,
        "is 2,000,000 bytes; the limit is 1,000,000",
        name="hostile.csv",
    )


def test_csv_with_a_nul_byte(tmp_path: Path) -> None:
    message = "delivery_model: control character U+0000 is not allowed in text (remove it)"
    refused(
        tmp_path,
        b"name,Acme\ndelivery_model,off\x00shore\n",
        message,
        name="hostile.csv",
        location=":2",
    )


def test_csv_not_utf8(tmp_path: Path) -> None:
    refused(
        tmp_path,
        b"name,Acme \xff\n",
        "is not UTF-8 text (save the CSV as UTF-8)",
        name="hostile.csv",
        location=":1",
    )
