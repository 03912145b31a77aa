"""Mutation score of the core: the share of mutants of scoring/, staffing/, model/, erlang/ and
robustness/ that the test suite kills.

Run from the project root with the dev extra installed (`pip install -e '.[test,dev]'`):

    python bench/mutation.py                       # scoring and staffing, every mutant
    python bench/mutation.py --packages scoring staffing model erlang robustness
    python bench/mutation.py --packages erlang --sample 0.2   # a fifth of the modules
    python bench/mutation.py --retest-survivors    # after adding tests: only the survivors

Slow (minutes to hours on two cores), so it is run like a bench, never by .ci/run. mutmut
(3.x) mutates a copy of the sources in a scratch folder (the work tree is never touched), runs
only the tests that reach each mutated function, and records each mutant as killed (a test
failed), survived, timed out (counted as killed: the mutant hung the tests) or skipped. The
target is at least 85% killed in scoring/ and staffing/ (issue 18).

Why mutmut, not cosmic-ray: mutmut 3 switches mutants on at run time through trampolines in
one mutated copy, so it imports the package once per worker and forks per mutant; cosmic-ray
rewrites the module on disk for each mutant and starts a fresh pytest process every time,
about a second of start-up per mutant here. mutmut also finds the src/ layout by itself.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scoring", "staffing", "model", "erlang", "robustness")
# Tests the core cannot reach: the CLI, the workbook, LibreOffice. Leaving them out of the
# mutation runs keeps each mutant's test selection short; every core function is still reached
# through the library tests.
_NOT_CORE_TESTS = (
    "tests/test_libreoffice.py",
    "tests/test_architecture.py",
    "tests/test_output.py",
    "tests/test_output_formats.py",
    "tests/test_yaml_safety.py",
)
_COPY = ("src", "tests", "criteria", "samples", "pyproject.toml")
# mutmut forks each mutant's run from a process that already ran the suite once, so results the
# package caches (functools.cache, lru_cache: the field registry, the staffing search) would be
# the unmutated ones, and mutmut, which picks the tests to run for a function by watching which
# tests call it, would see only the first test that filled the cache. This plugin empties every
# cache of the package before each test.
_PLUGIN = """
import sys


def pytest_runtest_setup(item):
    for name, module in list(sys.modules.items()):
        if name.startswith("vendorscore") and module is not None:
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()
"""
KILLED = {"killed", "timeout"}
COUNTED = KILLED | {"survived", "no tests"}


def _scratch(folder: Path, only: list[str]) -> None:
    """A copy of the project with mutmut's configuration appended to its pyproject.toml."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in _COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, folder / name)
    (folder / "mutation_caches.py").write_text(_PLUGIN, encoding="utf-8")
    args = ["-p", "no:cacheprovider", "-p", "mutation_caches", "-q"]
    args += [f"--ignore={t}" for t in _NOT_CORE_TESTS]
    config = (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        'also_copy = ["criteria", "samples", "mutation_caches.py"]\n'
        f"only_mutate = {json.dumps(only)}\n"
        f"pytest_add_cli_args = {json.dumps(args)}\n"
        "mutate_only_covered_lines = false\n"
    )
    with (folder / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write(config)


def _sampled(packages: list[str], fraction: float, seed: int) -> list[str]:
    """Module globs to mutate: every module of each package, or a random share of them."""
    globs = []
    for package in packages:
        modules = sorted((ROOT / "src" / "vendorscore" / package).glob("*.py"))
        modules = [m for m in modules if m.name != "__init__.py"]  # re-exports, no logic
        if fraction < 1.0:
            rng = random.Random(f"{seed}:{package}")
            keep = max(1, round(len(modules) * fraction))
            modules = sorted(rng.sample(modules, keep))
        globs += [str(m.relative_to(ROOT)) for m in modules]
    return globs


def _results(folder: Path) -> dict[str, str]:
    """Mutant name -> status, from `mutmut results --all true`."""
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    out = {}
    for line in done.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            out[name] = status.strip()
    return out


def _package(mutant: str) -> str:
    # e.g. vendorscore.scoring.pipeline.x__rank__mutmut_3
    parts = mutant.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "vendorscore" else "?"


def main() -> None:
    """Run mutmut over the chosen packages and print the share of mutants killed per package."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", nargs="+", default=["scoring", "staffing"], choices=PACKAGES)
    parser.add_argument("--sample", type=float, default=1.0, help="share of modules to mutate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=ROOT / ".mutation")
    parser.add_argument("--keep", action="store_true", help="reuse the scratch folder's results")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument(
        "--retest-survivors",
        action="store_true",
        help="after adding tests: copy tests/ into the scratch folder and run the survivors again",
    )
    args = parser.parse_args()

    only = _sampled(args.packages, args.sample, args.seed)
    names: list[str] = []
    if args.retest_survivors:
        names = [m for m, s in _results(args.folder).items() if s == "survived"]
        shutil.rmtree(args.folder / "tests")
        shutil.copytree(
            ROOT / "tests", args.folder / "tests", ignore=shutil.ignore_patterns("__pycache__")
        )
        # New tests call functions the old statistics do not know about: collect them again.
        (args.folder / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    elif not args.keep:
        _scratch(args.folder, only)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children), *names],
        cwd=args.folder,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    statuses = _results(args.folder)
    by_package: dict[str, Counter[str]] = defaultdict(Counter)
    for mutant, status in statuses.items():
        by_package[_package(mutant)][status] += 1

    what = f"{len(names)} survivors again" if names else f"{len(only)} module(s)"
    print(f"mutmut over {what} in {elapsed / 60:.1f} min ({args.max_children} workers)")
    print(
        f"{'package':<12} {'mutants':>8} {'killed':>8} {'survived':>9} {'no tests':>9} {'score':>7}"
    )
    total = Counter[str]()
    for package in args.packages:
        c = by_package.get(package, Counter())
        total.update(c)
        _row(package, c)
    _row("all", total)
    others = {s for c in by_package.values() for s in c} - COUNTED
    if others:
        print("also:", ", ".join(f"{s} {total[s]}" for s in sorted(others)))
    if args.survivors:
        for mutant, status in sorted(statuses.items()):
            if status not in KILLED:
                print(f"  {status:<9} {mutant}")


def _row(package: str, c: Counter[str]) -> None:
    counted = sum(c[s] for s in COUNTED)
    killed = sum(c[s] for s in KILLED)
    score = f"{100 * killed / counted:.1f}%" if counted else "-"
    print(
        f"{package:<12} {counted:>8} {killed:>8} {c['survived']:>9} {c['no tests']:>9} {score:>7}"
    )


if __name__ == "__main__":
    main()
