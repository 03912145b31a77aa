"""Every command on hostile but accepted inputs of the samples' size: time and peak memory.

Run from the project root with the package installed: `python bench/bench_hostile.py`.

The target (issue 10): any command on any input the tool accepts, of the samples' size (14
vendor profiles, a demand week of 4 intervals), answers within 5 s and 1 GB. The inputs here
are the samples with every number that drives the work set to the end of its accepted range
(model/records.py): the lowest occupancy cap, the largest handle-time factor, the most lines,
the longest and shortest patience, the highest redial probability, the largest counts and
money. Each command runs in its own process; its peak memory is that process's maximum
resident set size. Prints one line per command and exits 1 if any misses the target.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TARGET_SECONDS = 5.0
TARGET_MB = 1024.0

# Run one command and report its wall time and the peak RSS of that child alone.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = use.ru_utime + use.ru_stime
print(json.dumps([seconds, cpu, use.ru_maxrss / 1024, done.returncode, done.stderr.decode()[-300:]]))
"""


def _set(text: str, key: str, value: str) -> str:
    """Replace `key: ...` (block or flow style) in a sample's text, or add it under its parent."""
    pattern = re.compile(rf"(?m)(\b{key}:\s*)([^\s,}}#]+)")
    if pattern.search(text):
        return pattern.sub(lambda m: m.group(1) + value, text, count=1)
    raise KeyError(key)


def hostile_vendors(folder: Path, *, lines: int) -> None:
    """The 14 sample profiles with every staffing and money figure at the end of its range."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, sample in enumerate(sorted((SAMPLES / "vendors").glob("*.yaml"))):
        text = sample.read_text(encoding="utf-8")
        for key, value in (
            ("max_occupancy", "0.1"),
            ("shrinkage", "0.9"),
            # 0.1 to 10, every vendor its own: no two share a staffing search.
            ("aht_factor", f"{0.1 * 100 ** (i / 13):.4g}"),
            ("lines", str(lines)),
            ("rate", "1.0e12"),
            ("setup_fee", "1.0e12"),
            ("minimum_seats", "1000000000"),
            ("contract_min_months", "1"),
            ("seats", "1000000000"),
            ("agents", "1000000000"),
            ("references", "1000000000"),
        ):
            with contextlib.suppress(KeyError):
                text = _set(text, key, value)
        big = f"big_whole: {2**53}, big_number: 1.7e308"
        text = re.sub(r"(?m)^extra: \{", "extra: {" + big + ", ", text)
        (folder / sample.name).write_text(text, encoding="utf-8")


def hostile_demand(
    path: Path, *, model: str, patience: float, redial: float, calls_scale: float = 1.0
) -> None:
    """The sample demand week with the targets and conversions at the ends of their ranges
    (and its calls per hour multiplied by `calls_scale`)."""
    text = (SAMPLES / "demand.yaml").read_text(encoding="utf-8")
    text = re.sub(
        r"calls_per_hour: (\d+)", lambda m: f"calls_per_hour: {int(m[1]) * calls_scale:g}", text
    )
    for key, value in (
        ("patience_seconds", f"{patience:g}"),
        ("redial_probability", f"{redial:g}" if model != "erlang_c" else "0"),
        ("model", model),
        ("max_occupancy", "0.1"),
        ("max_abandon_rate", "0.001"),
        ("max_blocking", "0.001"),
    ):
        text = _set(text, key, value)
    text = text.replace("target: 0.80", "target: 0.999999")
    if model == "erlang_c":
        text = re.sub(r"(?m)^max_(abandon_rate|blocking):.*\n", "", text)
    text += "default_shrinkage: 0.9\nfte_hours_per_week: 1\nweeks_per_month: 4\n"
    path.write_text(text, encoding="utf-8")


def commands(work: Path, samples: int) -> list[tuple[str, list[str]]]:
    """(label, argv) for every command, on the hostile inputs written under `work`."""
    vs = [sys.executable, "-m", "vendorscore"]
    out = []
    for model, patience, redial in (
        ("erlang_c", 120, 0.0),
        ("erlang_a", 1, 0.9),
        ("erlang_a", 3600, 0.9),
        ("erlang_x", 1, 0.9),
        ("erlang_x", 3600, 0.9),
    ):
        demand = work / f"demand-{model}-{patience}.yaml"
        hostile_demand(demand, model=model, patience=patience, redial=redial)
        d = str(demand)
        tag = f"{model} patience {patience:g} redial {redial:g}"
        out += [
            (f"staffing ({tag})", [*vs, "staffing", "-d", d, str(work / "vendors")]),
            (
                f"rank --criteria tco ({tag})",
                [*vs, "rank", str(work / "vendors"), "-d", d, "-c", "tco", "-f", "json"],
            ),
        ]
    # The heaviest accepted load: the slowest vendor (handle-time factor 10) at 100,000 Erlangs.
    heavy = work / "demand-heavy.yaml"
    hostile_demand(heavy, model="erlang_x", patience=60, redial=0.9, calls_scale=100_000 / 560)
    out.append(
        (
            "staffing (erlang_x patience 60 redial 0.9, up to 100,000 Erlangs)",
            [*vs, "staffing", "-d", str(heavy), str(work / "vendors")],
        )
    )
    d = str(work / "demand-erlang_x-3600.yaml")
    v = str(work / "vendors")
    out += [
        ("rank", [*vs, "rank", v]),
        ("rank --format markdown", [*vs, "rank", v, "-f", "markdown"]),
        ("rank --method topsis --format csv", [*vs, "rank", v, "-m", "topsis", "-f", "csv"]),
        ("explain", [*vs, "explain", "Prairie Voice Omaha", v, "-d", d, "-c", "tco"]),
        ("validate", [*vs, "validate", v, "-d", d]),
        (
            f"sensitivity --samples {samples:,} --level leaves",
            [*vs, "sensitivity", v, "--samples", str(samples), "--level", "leaves", "-f", "json"],
        ),
        (
            f"export --samples {samples:,} (tco)",
            [
                *vs,
                "export",
                v,
                "-d",
                d,
                "-c",
                "tco",
                "-o",
                str(work / "r.xlsx"),
                "--samples",
                str(samples),
            ],
        ),
        ("weights ahp", [*vs, "weights", "ahp", str(SAMPLES / "ahp.yaml")]),
        ("criteria show", [*vs, "criteria", "show", "tco"]),
        ("schema vendor", [*vs, "schema", "vendor"]),
    ]
    erlang = [*vs, "erlang", "--calls-per-hour", "1000000", "--aht-seconds", "360"]
    out += [
        ("erlang -m c, 100,000 Erlangs, occupancy cap 0.1",
         [*erlang, "--target", "0.999999", "--max-occupancy", "0.1"]),
        ("erlang -m a, 100,000 Erlangs, patience 3,600 s",
         [*erlang, "--target", "0.999999", "-m", "a", "--patience-seconds", "3600",
          "--max-abandon-rate", "0.001", "--redial-probability", "0.9"]),
        ("erlang -m x, 50,000 Erlangs, 100,000 lines, patience 60 s, redials 0.9",
         [*vs, "erlang", "--calls-per-hour", "500000", "--aht-seconds", "360", "--target", "0.8",
          "-m", "x", "--patience-seconds", "60", "--lines", "100000",
          "--redial-probability", "0.9", "--max-blocking", "0.01", "--max-abandon-rate", "0.05"]),
        ("erlang -m x --agents 100,000",
         [*erlang, "--agents", "100000", "-m", "x", "--patience-seconds", "1",
          "--lines", "100000", "--redial-probability", "0.9"]),
    ]  # fmt: skip
    return out


def main() -> int:
    """Run every command once on the hostile inputs; exit 1 if one misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=250_000, help="SMAA samples (the most)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per command")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vendorscore-hostile-"))
    try:
        hostile_vendors(work / "vendors", lines=100_000)
        worst = 0.0
        missed = []
        print(f"{'command':<72} {'seconds':>8} {'CPU s':>6} {'peak MB':>8}  exit")
        for label, argv in commands(work, args.samples):
            try:
                done = subprocess.run(
                    [sys.executable, "-c", _MEASURE, *argv],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    cwd=ROOT,
                    check=True,
                )
                seconds, cpu, peak_mb, code, err = json.loads(done.stdout)
            except subprocess.TimeoutExpired:
                seconds, cpu, peak_mb, code, err = args.timeout, args.timeout, 0.0, "timeout", ""
            ok = seconds <= TARGET_SECONDS and peak_mb <= TARGET_MB and code in (0, 2)
            worst = max(worst, seconds)
            if not ok:
                missed.append(label)
            note = "" if code in (0, 2) else f"  {err.strip().splitlines()[-1:] or ''}"
            verdict = "" if ok else "  MISSED"
            print(f"{label:<72} {seconds:8.2f} {cpu:6.2f} {peak_mb:8.0f}  {code}{verdict}{note}")
        print(
            f"\nslowest {worst:.2f} s; target {TARGET_SECONDS:g} s and {TARGET_MB:g} MB a command"
        )
        if missed:
            print("missed the target: " + "; ".join(missed))
        return 1 if missed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
