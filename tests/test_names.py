"""Vendor names: one name however it is written, shown safely on any console and in any format.

Issue 10 section 2. The look-alike pairs are the issue's own (NFC vs NFD `Ārzonas`, a trailing
zero-width space, a Cyrillic `О` in `Prairie Voice Оmaha`) and UTS #39's classic ASCII ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"


def _invoke(*args: object, columns: int = 200):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)})


def _vendor(folder: Path, file: str, name: str, model: str = "offshore") -> Path:
    """A profile named `name`, its unprintable characters written as YAML escapes."""
    quoted = "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in name)
    path = folder / file
    path.write_text(f'delivery_model: {model}\nname: "{quoted}"\n', encoding="utf-8")
    return path


# ---- look-alike names are one vendor -------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "Ārzonas")
NFD = unicodedata.normalize("NFD", "Ārzonas")


@pytest.mark.parametrize(
    ("first", "second", "shown_second", "shown_first", "why"),
    [
        (NFC, NFD, NFD, NFC, "Unicode form"),
        ("Acme CX", "Acme CX\u200b", "Acme CX\\u200b", "Acme CX", "invisible characters"),
        (
            "Prairie Voice Omaha",
            "Prairie Voice \u041emaha",  # CYRILLIC CAPITAL LETTER O
            "Prairie Voice \u041emaha",
            "Prairie Voice Omaha",
            "look-alike letters",
        ),
        ("Acme CX", "Ａｃｍｅ ＣＸ", "Ａｃｍｅ ＣＸ", "Acme CX", "Unicode form"),  # fullwidth
        (
            "PayPal Contact",
            "PayPaI Contact",
            "PayPaI Contact",
            "PayPal Contact",
            "look-alike letters",
        ),
        ("Summit CX", "Surnmit CX", "Surnmit CX", "Summit CX", "look-alike letters"),
        ("Acme\u00a0CX", "Acme  CX", "Acme  CX", "Acme\u00a0CX", "spacing"),
    ],
)
def test_names_that_read_the_same_are_one_vendor_located_at_the_second_name(
    tmp_path: Path, first: str, second: str, shown_second: str, shown_first: str, why: str
) -> None:
    a = _vendor(tmp_path, "a.yaml", first)
    b = _vendor(tmp_path, "b.yaml", second, "onshore")
    result = _invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{b}:2:7: vendor name '{shown_second}' looks the same as '{shown_first}' in {a} "
        f"(they differ only in {why}); names must be unique"
    ]


def test_names_that_only_look_different_because_of_an_accent_are_two_vendors(
    tmp_path: Path,
) -> None:
    _vendor(tmp_path, "a.yaml", "Bogotá Contact")
    _vendor(tmp_path, "b.yaml", "Bogota Contact")
    _vendor(tmp_path, "c.yaml", "株式会社 Nihon")
    result = _invoke("validate", tmp_path)
    assert result.exit_code == 0, result.stderr


def test_explain_finds_a_vendor_typed_in_another_unicode_form(tmp_path: Path) -> None:
    _vendor(tmp_path, "a.yaml", NFD)
    result = _invoke("explain", NFC.upper(), tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{NFD} (offshore, {tmp_path / 'a.yaml'})")


# ---- the skeleton: UTS #39 section 4 on the confusable_homoglyphs table --------------------------


def test_latin_rows_are_the_tables_rows() -> None:
    """The fast path for accented Latin names agrees with the package's table, row by row."""
    from vendorscore.inputs import names

    chars = [chr(c) for c in [*range(0x20, 0x7F), *range(0x300, 0x370)]]
    derived = {c: names._prototype(c) for c in chars}
    assert {k: v for k, v in derived.items() if k != v} == names._LATIN_ROWS


def test_accented_latin_names_do_not_read_the_table(tmp_path: Path) -> None:
    """`rank samples/vendors` (with Medellín) stays as fast as before: no table to read."""
    from vendorscore.inputs import names

    names._rows.cache_clear()
    assert _invoke("validate", SAMPLES).exit_code == 0
    assert names._rows.cache_info().currsize == 0
    assert names.skeleton("Medellín Ça") == "Medelli\u0301n C\u0326a"
    assert names._rows.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unicode::Confusable's README (janlelis/unicode-confusable): "ℜ𝘂ᖯʏ" -> "Ruby".
        ("ℜ𝘂ᖯʏ", "Ruby"),
        # confusables.txt rows: 0430 ; 0061 (Cyrillic а), 006D ; 0072 006E (m -> rn), 0031 ; 006C.
        ("p\u0430ypal", "paypal"),
        ("microsoft1", "rnicrosoftl"),
        ("Prairie Voice \u041emaha", "Prairie Voice Ornaha"),
    ],
)
def test_skeleton_maps_to_the_published_prototypes(text: str, expected: str) -> None:
    from vendorscore.inputs import names

    assert names.skeleton(text) == expected


# ---- any console, any format -----------------------------------------------------------------------


def test_rank_on_an_ascii_console_prints_escapes_and_exits_0(tmp_path: Path) -> None:
    _vendor(tmp_path, "a.yaml", "Café Contacto")
    _vendor(tmp_path, "b.yaml", "株式会社 Nihon")
    _vendor(tmp_path, "c.yaml", "Smile 😀 CX")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "200"}
    outputs = {}
    for fmt in ("table", "json", "csv", "markdown"):
        done = subprocess.run(
            [sys.executable, "-m", "vendorscore", "rank", str(tmp_path), "-f", fmt],
            capture_output=True,
            env=env,
            check=False,
        )
        # Only CSV, which has no place for it, says on stderr what the cost per contact rests on.
        notes = [line for line in done.stderr.splitlines() if not line.startswith(b"note: ")]
        assert (done.returncode, notes) == (0, []), fmt
        assert done.stderr == b"" or fmt == "csv", fmt
        outputs[fmt] = done.stdout.decode("ascii")
    assert "Caf\\u00e9 Contacto" in outputs["table"]
    assert ",\\u682a\\u5f0f\\u4f1a\\u793e Nihon," in outputs["csv"]
    assert "| Smile \\ud83d\\ude00 CX |" in outputs["markdown"]
    # The JSON document stays valid and exact: its escapes are JSON's own.
    parsed = json.loads(outputs["json"])
    assert sorted(v["name"] for v in parsed["vendors"]) == [
        "Café Contacto",
        "Smile 😀 CX",
        "株式会社 Nihon",
    ]


HIDDEN = "Acme\u200e\u200f\u061c\u200b\u2060\ufeff\u00ad\u2028CX\u3164"
ESCAPED = "Acme\\u200e\\u200f\\u061c\\u200b\\u2060\\ufeff\\xad\\u2028CX\\u3164"


def test_bidi_and_invisible_characters_are_escaped_in_every_text_output(tmp_path: Path) -> None:
    _vendor(tmp_path, "a.yaml", HIDDEN)
    table = _invoke("rank", tmp_path, columns=400)
    explain = _invoke("explain", HIDDEN, tmp_path, columns=400)
    csv = _invoke("rank", tmp_path, "-f", "csv")
    markdown = _invoke("rank", tmp_path, "-f", "markdown")
    for result in (table, explain, csv, markdown):
        assert result.exit_code == 0, result.stderr
        assert not set(HIDDEN) - set("AcmeCX") & set(result.stdout)
    assert ESCAPED in table.stdout
    assert explain.stdout.startswith(ESCAPED)
    assert f",{ESCAPED}," in csv.stdout
    assert f"| {ESCAPED.replace(chr(92), chr(92) * 2)} |" in markdown.stdout


def test_json_keeps_the_name_exactly_but_writes_hidden_characters_as_escapes(
    tmp_path: Path,
) -> None:
    name = "A\u0085" + HIDDEN  # with a C1 control (NEL), which JSON itself leaves raw
    _vendor(tmp_path, "a.yaml", name)
    result = _invoke("rank", tmp_path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert not set(name) - set("AcmeCX") & set(result.stdout)
    assert '"A\\u0085Acme\\u200e\\u200f\\u061c\\u200b' in result.stdout
    assert json.loads(result.stdout)["vendors"][0]["name"] == name


def test_compact_json_escapes_an_invisible_letter_that_python_counts_printable() -> None:
    """U+3164 (Hangul filler) is printable to Python yet shows nothing; one-line JSON too."""
    from vendorscore.report.safe import safe_json

    assert safe_json({"name": "CX\u3164"}) == '{"name": "CX\\u3164"}'
    assert safe_json({"name": "CX\u3164"}, indent=2) == '{\n  "name": "CX\\u3164"\n}'
    assert json.loads(safe_json({"name": "A\u200eB"}, indent=2)) == {"name": "A\u200eB"}


def test_workbook_shows_hidden_characters_as_escapes(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "vendors"
    folder.mkdir()
    _vendor(folder, "a.yaml", HIDDEN)
    out = tmp_path / "report.xlsx"
    result = _invoke("export", folder, "-o", out, "--samples", "0")
    assert result.exit_code == 0, result.stderr
    texts = [
        c.value
        for ws in openpyxl.load_workbook(out).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert ESCAPED in texts
    assert not any(set(HIDDEN) - set("AcmeCX") & set(t) for t in texts)


@pytest.mark.parametrize(
    "name",
    [
        "http://evil.example/login",
        "https://evil.example",
        "www.evil.example",
        "WWW.EVIL.EXAMPLE",
        "sales@evil.example",
        "xmpp:sales@evil.example",
        "mailto:sales@evil.example",
        "Acme (see ftp://files.evil.example)",
    ],
)
def test_a_url_as_a_vendor_name_renders_as_text_in_github_markdown(
    tmp_path: Path, name: str
) -> None:
    """Rendered by cmark-gfm, GitHub's own Markdown engine, with its autolink extension."""
    import cmarkgfm

    _vendor(tmp_path, "a.yaml", name)
    result = _invoke("rank", tmp_path, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    html = cmarkgfm.github_flavored_markdown_to_html(result.stdout)
    assert "<a " not in html
    cell = html.split('<td align="right">-</td>\n<td>')[1].split("</td>")[0]
    assert cell.replace("<code>@</code>", "@") == name
