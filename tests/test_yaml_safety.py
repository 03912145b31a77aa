"""Hostile YAML cannot crash, hang or exhaust memory; valid-but-tricky YAML loads by YAML 1.2 rules.

The crash-safety tests run the real CLI in a subprocess: a segfault or a runaway allocation in the
C parser would take pytest down with it otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from tests.bounded import run_cli

from vendorscore.inputs.loading import load_vendors

OK_VENDOR = "name: Acme\ndelivery_model: offshore\n"
CPU_LIMIT_SECONDS = 10.0  # CPU time of the child; the CLI needs about 0.5 s
MEMORY_LIMIT_KB = 300_000  # the CLI needs ~40 MB; an expanded alias bomb would need gigabytes


def _run_cli(tmp_path: Path, *args: object) -> tuple[subprocess.CompletedProcess[str], float, int]:
    run = run_cli(tmp_path, *args)
    return run.proc, run.cpu_seconds, run.peak_kb


def _refused(tmp_path: Path, text: str | bytes, message: str) -> str:
    """Validate a hostile file in a subprocess; assert a fast, bounded, located refusal."""
    path = tmp_path / "hostile.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    proc, cpu, rss = _run_cli(tmp_path, "validate", path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    assert cpu < CPU_LIMIT_SECONDS
    assert 0 < rss < MEMORY_LIMIT_KB
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:")
    assert lines[0].endswith(message), lines[0]
    return lines[0]


_LOCATED = r":\d+:\d+: "


def test_billion_laughs_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    lines = ['  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = OK_VENDOR + "extra:\n" + "\n".join(lines) + "\n"
    line = _refused(
        tmp_path,
        text,
        "document too large: more than 100,000 values (counting each use of an alias in full)",
    )
    assert re.search(_LOCATED, line)


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(OK_VENDOR + "extra: &a {x: *a}\n")
    proc, _, _ = _run_cli(tmp_path, "validate", path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{path}:3:")
    assert len(proc.stderr.splitlines()) == 1


def test_ten_thousand_deep_flow_sequence_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "extra: " + "[" * 10_000 + "]" * 10_000 + "\n"
    line = _refused(tmp_path, text, "nesting deeper than 40 levels")
    assert re.search(_LOCATED, line)


def test_deep_flow_nesting_is_blamed_on_the_forty_first_bracket(tmp_path: Path) -> None:
    # libyaml 0.2.6+ (PyYAML 6.0.4 wheels) stops at 1,000 levels in its scanner before any event
    # is emitted; older libyaml does not. Either way the refusal names level 41: the top-level
    # mapping is level 1, so the 40th `[` (line 3, column 8 + 39, after "extra: ").
    text = OK_VENDOR + "extra: " + "[" * 5_000 + "]" * 5_000 + "\n"
    line = _refused(tmp_path, text, "nesting deeper than 40 levels")
    assert line.endswith(":3:47: nesting deeper than 40 levels"), line


@pytest.mark.parametrize(
    ("nested", "where"),
    [
        # 41 and 100 levels: few enough openers that the C composer builds the nodes and
        # _convert refuses them; 2,000 levels are first walked on the event stream. The same
        # place either way: the 40th `[` after "extra: " (line 3, column 8 + 39), ...
        ("[" * 41 + "]" * 41, (3, 47)),
        ("[" * 100 + "]" * 100, (3, 47)),
        ("[" * 2_000 + "]" * 2_000, (3, 47)),
        # ... or the 40th `-` of a compact block sequence (column 8 + 2 x 39).
        ("\n  " + "- " * 100 + "x", (4, 81)),
        ("\n  " + "- " * 2_000 + "x", (4, 81)),
    ],
)
def test_both_depth_checks_blame_the_same_level(nested: str, where: tuple[int, int]) -> None:
    from vendorscore.errors import InputError
    from vendorscore.inputs.yamlsafe import _check_depth, parse_yaml

    text = OK_VENDOR + "extra: " + nested + "\n"
    expected = f"v.yaml:{where[0]}:{where[1]}: nesting deeper than 40 levels"
    with pytest.raises(InputError) as parsed:
        parse_yaml(text, "v.yaml")
    with pytest.raises(InputError) as scanned:
        _check_depth(text, "v.yaml")
    assert [str(p) for p in parsed.value.problems] == [expected]
    assert [str(p) for p in scanned.value.problems] == [expected]


def test_forty_levels_are_allowed() -> None:
    from vendorscore.inputs.yamlsafe import parse_yaml

    data = parse_yaml(OK_VENDOR + "extra: " + "[" * 39 + "]" * 39 + "\n", "v.yaml").data
    assert isinstance(data, dict)
    depth, value = 1, data["extra"]
    while isinstance(value, list):
        depth, value = depth + 1, value[0] if value else None
    assert depth == 40  # the top-level mapping and 39 lists


def test_deep_indentation_nesting_reads_the_same_on_every_libyaml(tmp_path: Path) -> None:
    # 1,100 mapping levels by indentation alone (about 600 KB, no `[`, `{`, `-` or `?`): past
    # libyaml 0.2.6's own limit of 1,000, under the 1 MB size limit. The top-level mapping is
    # level 1; level L opens on line L + 2 at column L (after the two lines of OK_VENDOR), so
    # level 41 is line 43, column 41.
    body = "".join(" " * k + "a:\n" for k in range(1_100)) + " " * 1_100 + "b: 1\n"
    line = _refused(tmp_path, OK_VENDOR + body, "nesting deeper than 40 levels")
    assert line.endswith(":43:41: nesting deeper than 40 levels"), line


def test_ten_thousand_deep_flow_mapping_is_refused(tmp_path: Path) -> None:
    text = OK_VENDOR + "extra: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"
    _refused(tmp_path, text, "nesting deeper than 40 levels")


def test_unclosed_deep_flow_nesting_is_refused(tmp_path: Path) -> None:
    _refused(
        tmp_path, OK_VENDOR + "extra: " + "[" * 100_000 + "\n", "nesting deeper than 40 levels"
    )


def test_deep_block_sequence_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    # `- - - - x` nests one block sequence per dash: 450,000 levels in 900 KB, under the size
    # limit and with no `[` or `{` at all.
    text = OK_VENDOR + "sites:\n" + "- " * 450_000 + "x\n"
    line = _refused(tmp_path, text, "nesting deeper than 40 levels")
    assert re.search(_LOCATED, line)


def test_deep_complex_key_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    text = OK_VENDOR + "sites:\n" + "? " * 100_000 + "x\n"
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    proc, cpu, rss = _run_cli(tmp_path, "validate", path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert cpu < CPU_LIMIT_SECONDS
    assert 0 < rss < MEMORY_LIMIT_KB
    assert re.match(re.escape(str(path)) + _LOCATED, proc.stderr)


def test_five_megabyte_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    text = OK_VENDOR + "# padding\n" * 500_000
    size = len(text.encode())
    _refused(
        tmp_path,
        text,
        f"file is {size:,} bytes; the limit is 1,000,000 (is this a profile?)",
    )


def test_many_values_under_the_size_limit_are_refused_fast(tmp_path: Path) -> None:
    text = OK_VENDOR + "extra:\n" + "".join(f"  k{i}: {i}\n" for i in range(60_000))
    _refused(
        tmp_path,
        text,
        "document too large: more than 100,000 values (counting each use of an alias in full)",
    )


def test_five_thousand_digit_number_is_refused_fast(tmp_path: Path) -> None:
    line = _refused(
        tmp_path,
        OK_VENDOR + "culture: {fit_rating: " + "9" * 5000 + "}\n",
        "",
    )
    assert line.endswith(
        ":3:23: the number 99999999999999999... is too large (at most about 1.8e308); put it in quotes if it is text"
    )


def test_huge_string_is_refused_with_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("name: " + "A" * 900_000 + "\ndelivery_model: offshore\n")
    proc, cpu, _ = _run_cli(tmp_path, "validate", path)
    assert proc.returncode == 2
    assert cpu < CPU_LIMIT_SECONDS
    assert proc.stderr == f"{path}:1:7: name: too long (at most 200 characters)\n"


def test_python_tag_in_rank_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "v.yaml"
    path.write_text(
        f'name: X\ndelivery_model: offshore\nextra: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    proc, _, _ = _run_cli(tmp_path, "rank", path)
    assert proc.returncode == 2
    assert not marker.exists()


# ---- valid but tricky: YAML 1.2 scalars ----------------------------------------------------------


def _load(tmp_path: Path, text: str):
    path = tmp_path / "v.yaml"
    path.write_text(text, encoding="utf-8")
    (vendor,) = load_vendors([path])
    return vendor.profile


def test_bare_no_is_norway_not_false(tmp_path: Path) -> None:
    profile = _load(
        tmp_path, OK_VENDOR + "headquarters: NO\nsites:\n  - {city: Oslo, country: NO}\n"
    )
    assert profile.headquarters == "NO"
    assert profile.sites is not None and profile.sites[0].country == "NO"


def test_leading_zero_number_is_decimal_not_octal(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + "technology: {lines: 0123}\nclients: {count: 08}\n")
    assert profile.technology is not None and profile.technology.lines == 123
    assert profile.clients is not None and profile.clients.count == 8


def test_explicit_octal_and_hex_follow_yaml_1_2(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + "clients: {count: 0o17, references: 0x3}\n")
    assert profile.clients is not None
    assert (profile.clients.count, profile.clients.references) == (15, 3)


def test_quoted_true_in_a_text_field_stays_text(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + 'sites:\n  - {city: "true"}\n')
    assert profile.sites is not None and profile.sites[0].city == "true"


def test_yes_in_a_text_field_stays_text(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + "sites:\n  - {city: yes}\n")
    assert profile.sites is not None and profile.sites[0].city == "yes"


def test_str_tag_keeps_a_number_as_text(tmp_path: Path) -> None:
    profile = _load(tmp_path, "name: !!str 5\ndelivery_model: offshore\n")
    assert profile.name == "5"


def test_date_like_name_stays_text(tmp_path: Path) -> None:
    profile = _load(tmp_path, "name: 2025-01-01\ndelivery_model: offshore\n")
    assert profile.name == "2025-01-01"


def test_iso_date_is_validated_into_a_date(tmp_path: Path) -> None:
    text = OK_VENDOR + "technology:\n  disaster_recovery: {last_test: 2025-09-30}\n"
    profile = _load(tmp_path, text)
    assert profile.technology is not None and profile.technology.disaster_recovery is not None
    assert profile.technology.disaster_recovery.last_test == dt.date(2025, 9, 30)


def test_exponent_float_is_a_number(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + "pricing: {currency: USD, setup_fee: 1.5e4}\n")
    assert profile.pricing is not None and profile.pricing.setup_fee == 15000.0


def test_tilde_and_empty_value_are_missing_not_zero(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + "scorecard:\n  fcr: ~\n  csat:\n")
    assert profile.scorecard is not None
    assert profile.scorecard.fcr is None and profile.scorecard.csat is None


def test_capitalised_true_is_a_boolean_in_yaml_1_2(tmp_path: Path) -> None:
    profile = _load(tmp_path, OK_VENDOR + "clients: {serves_competitors: True}\n")
    assert profile.clients is not None and profile.clients.serves_competitors is True


def test_utf8_bom_and_accents_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_bytes("\ufeffname: Andes CX Medellín\ndelivery_model: nearshore\n".encode())
    (vendor,) = load_vendors([path])
    assert vendor.profile.name == "Andes CX Medellín"


def test_merge_key_is_not_special_in_yaml_1_2(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("name: A\ndelivery_model: offshore\nculture:\n  <<: {fit_rating: 3}\n")
    with pytest.raises(Exception, match="unknown key '<<'"):
        load_vendors([path])
