"""Start-up and throughput of `vendorscore rank`, as ratios against baselines run alongside.

Run from the project root with the package installed: `python bench/bench_rank.py [--files N]`.

1. The whole process `vendorscore rank samples/vendors` (its Rich table) against the floor
   `python -c "import typer, rich, pydantic, yaml"` plus printing one Rich table of the
   ranking's size (target: within 1.3x), and `rank --format json` against the plain import
   floor (target: within 1.5x).
2. Ranking N generated vendor files (default 10,000) against only parsing them with the C
   loader (`yaml.load(..., CSafeLoader)`) (target: within 1.3x). Both in this process.
`--instructions` counts instructions with valgrind instead of timing: the same figures on a busy
machine as on an idle one.
Baseline and vendorscore runs are interleaved. Each time is the best (minimum) of several runs:
on a shared machine the minimum is the run least disturbed by others. Each ratio is given twice,
best against best and the median of the rounds' own ratios (a round runs both back to back):
when the two disagree, the machine was busy. Compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# One Rich table the size of the samples' ranking, printed to the console.
_RICH_TABLE = """
from rich.console import Console
from rich.table import Table
table = Table(title="ranking")
for i in range(13):
    table.add_column(f"column {i}")
for r in range(14):
    table.add_row(*[f"{r * i:.1f}" for i in range(13)])
Console(width=160).print(table)
"""


def _time_processes(argvs: list[list[str]], runs: int) -> list[list[float]]:
    """Wall seconds of each command, one list per command, the commands interleaved."""
    times: list[list[float]] = [[] for _ in argvs]
    for _ in range(runs):
        for i, argv in enumerate(argvs):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            times[i].append(time.perf_counter() - start)
    return times


def _ratios(ours: list[float], base: list[float]) -> str:
    """The ratio of the best runs, and the median of the round-by-round ratios: a round's two
    runs ran back to back, so the median ratio is the figure a busy machine disturbs least."""
    rounds = sorted(o / b for o, b in zip(ours, base, strict=True))
    return (
        f"{min(ours) / min(base):.2f}x (best runs), {statistics.median(rounds):.2f}x (median round)"
    )


def _profile(i: int, rng: random.Random) -> str:
    model = rng.choice(["onshore", "nearshore", "offshore", "home_based", "hosted"])
    return f"""name: Generated vendor {i:05d}
delivery_model: {model}
headquarters: {rng.choice(["US", "PH", "IN", "MX", "CO", "NO"])}
sites:
  - {{city: City {i}, country: PH, timezone: Asia/Manila, seats: {rng.randint(50, 3000)}}}
languages:
  en-US: {{proficiency: {rng.choice(["native", "near_native", "bilingual", "fluent"])}, agents: {rng.randint(10, 900)}}}
  es-MX: {{proficiency: bilingual, agents: {rng.randint(0, 200)}}}
culture: {{fit_rating: {rng.randint(3, 10)}, time_zone_overlap_hours: {rng.randint(0, 9)}, travel_hours: {rng.randint(1, 20)}}}
pricing: {{currency: USD, model: per_productive_hour, rate: {rng.uniform(6, 45):.2f}, setup_fee: 10000, contract_min_months: {rng.choice([12, 24, 36])}}}
workforce: {{shrinkage: {rng.uniform(0.2, 0.35):.2f}, attrition_annual: {rng.uniform(0.3, 0.8):.2f}}}
technology:
  lines: {rng.randint(100, 2000)}
  geo_redundant_sites: {rng.randint(0, 3)}
  carriers: {rng.randint(1, 3)}
  uptime_sla: 0.999
  disaster_recovery: {{rto_hours: {rng.randint(1, 48)}, rpo_minutes: {rng.randint(5, 240)}, last_test: 2025-09-30}}
security:
  certifications: [pci_dss, soc2_type2, iso27001]
  controls: {{dtmf_masking: true, mfa: true, recording_encryption: true, background_checks: true}}
  breaches_last_3_years: {rng.randint(0, 2)}
clients: {{count: {rng.randint(5, 80)}, typical_size: enterprise, serves_competitors: {rng.choice(["true", "false"])}, references: 3}}
scorecard:
  service_level: {{achieved: {rng.uniform(0.6, 0.95):.2f}, threshold_seconds: 20}}
  abandon_rate: {rng.uniform(0.02, 0.09):.3f}
  blocking_rate: 0.005
  asa_seconds: {rng.randint(5, 60)}
  fcr: {rng.uniform(0.6, 0.85):.2f}
  csat: {rng.uniform(0.7, 0.9):.2f}
"""


def _write_profiles(folder: Path, count: int) -> None:
    rng = random.Random(7)
    for i in range(count):
        (folder / f"v{i:05d}.yaml").write_text(_profile(i, rng), encoding="utf-8")


def _jobs(folder: Path) -> dict[str, Callable[[], object]]:
    """The two jobs compared on a folder of profiles: parse only, and load, validate and score.

    `_bench_many` times them in this process; `--job` runs one alone, for counting its
    instructions.
    """
    import yaml

    from vendorscore.inputs.loading import load_criteria, load_vendors
    from vendorscore.scoring.pipeline import score

    files = sorted(folder.glob("*.yaml"))
    criteria = load_criteria("default")

    def parse_only() -> None:
        for f in files:
            yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    return {"parse": parse_only, "rank": lambda: score(load_vendors([folder]), criteria)}


def _bench_many(count: int, runs: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_profiles(folder, count)
        jobs = _jobs(folder)
        base, ours = [], []
        for _ in range(runs):
            start = time.perf_counter()
            jobs["parse"]()
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            jobs["rank"]()
            ours.append(time.perf_counter() - start)
    return base, ours


def _count_many(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_profiles(folder, count)
        setup, parse, ranked = (
            _instructions([sys.executable, __file__, "--job", job, str(folder)])
            for job in ("nothing", "parse", "rank")
        )
    print(f"parse {count:,} files with the C loader: {(parse - setup) / 1e6:,.0f} M")
    print(f"rank {count:,} files (load, validate, score): {(ranked - setup) / 1e6:,.0f} M")
    print(f"  ratio {(ranked - setup) / (parse - setup):.2f}x (target <= 1.3x)")


def _byte_compile_package() -> None:
    """Write the package's bytecode, as `pip install` does, so runs do not compile the source.

    An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module
    on every run, which is not what users of an installed package pay.
    """
    import compileall

    import vendorscore

    compileall.compile_dir(Path(vendorscore.__file__).parent, quiet=1)


def _instructions(argv: list[str]) -> int:
    """Instructions the whole process executes (valgrind's callgrind tool): the same on a busy
    machine as on an idle one, unlike its wall time. Hash seed fixed, for the same work."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no total")


def _count_instructions(commands: list[list[str]]) -> None:
    floor, table, ranked, ranked_json = (_instructions(argv) for argv in commands)
    print("instructions (valgrind --tool=callgrind, whole process):")
    print(f"import floor: {floor / 1e6:,.0f} M; + one Rich table: {table / 1e6:,.0f} M")
    print(f"rank: {ranked / 1e6:,.0f} M, {ranked / table:.2f}x the floor + one table")
    print(f"rank --format json: {ranked_json / 1e6:,.0f} M, {ranked_json / floor:.2f}x the floor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="Count instructions with valgrind instead of timing: the same figures however busy "
        "the machine is (a whole process each; the N-file jobs less a process that only "
        "starts).",
    )
    parser.add_argument("--job", choices=["nothing", "parse", "rank"], help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job is not None:  # one job alone, in a process of its own (--instructions)
        job = _jobs(args.folder).get(args.job)
        if job is not None:
            job()
        return

    _byte_compile_package()
    rank = [sys.executable, "-m", "vendorscore", "rank", "samples/vendors"]
    commands = [
        [sys.executable, "-c", "import typer, rich, pydantic, yaml"],
        [sys.executable, "-c", f"import typer, pydantic, yaml\n{_RICH_TABLE}"],
        rank,
        [*rank, "--format", "json"],
    ]
    if args.instructions:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind (e.g. `apt-get install valgrind`)")
        _count_instructions(commands)
        _count_many(args.files)
        return
    floors, tables, rankeds, jsons = _time_processes(commands, args.runs)
    print(f"import floor (typer, rich, pydantic, yaml):      {min(floors) * 1000:7.1f} ms")
    print(f"  + printing one 14 x 13 Rich table, nothing else: {min(tables) * 1000:7.1f} ms")
    print(f"vendorscore rank samples/vendors:               {min(rankeds) * 1000:7.1f} ms")
    print(f"  ratio to the floor + one table {_ratios(rankeds, tables)} (target <= 1.3x)")
    print(f"vendorscore rank samples/vendors --format json: {min(jsons) * 1000:7.1f} ms")
    print(f"  ratio to the floor {_ratios(jsons, floors)} (target <= 1.5x)")

    base, ours = _bench_many(args.files, max(1, args.runs // 3))
    print(f"parse {args.files:,} files with the C loader: {min(base):6.2f} s")
    print(f"rank {args.files:,} files (load, validate, score): {min(ours):6.2f} s")
    print(f"  ratio {_ratios(ours, base)} (target <= 1.3x)")


if __name__ == "__main__":
    main()
