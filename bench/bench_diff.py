"""Time `vendorscore diff` on two saved 1,000-vendor results, against floors run alongside.

    python bench/bench_diff.py [--vendors 1000] [--runs 7]

Two results are generated from samples/vendors (renamed copies, rates perturbed): "before"
with the default criteria, "after" with the cost weight raised from 17 to 25 and a best-and-
final offer (rate -12%) from every tenth vendor, so every vendor has leaf changes to explain.
Then, each as a whole process, best of `--runs` (interleaved):
  * diff table:  `vendorscore diff before.json after.json` (output to a file: a 160-column table)
  * diff json:   the same with `--format json`
  * floor:       `python -c "import json, typer, rich"` plus `json.load` of both files: what
                 any command reading the two files has to pay before comparing anything
Target (issue 16): diff under 1 s for 1,000 vendors. Compare ratios across machines; the
script also times `sum(range(10**7))` in-process, a rough gauge of how fast (or how busy) the
machine is.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"


def generated(n: int, *, cost_weight: int, bafo: bool, seed: int = 11) -> Any:
    """Score `n` vendors made from the samples; with `bafo`, every tenth one cuts its rate."""
    from vendorscore.inputs.loading import criteria_from_text, input_files, load_vendors
    from vendorscore.scoring.pipeline import score

    text = (ROOT / "criteria" / "default.yaml").read_text(encoding="utf-8")
    criteria = criteria_from_text(
        text.replace("weight: 17\n", f"weight: {cost_weight}\n"), "criteria.yaml"
    )
    base = load_vendors([SAMPLES])
    rng = random.Random(seed)
    vendors = []
    for i in range(n):
        src = base[i % len(base)]
        pricing = src.profile.pricing
        update: dict[str, Any] = {"name": f"{src.profile.name} #{i:05d}"}
        if pricing is not None and pricing.rate is not None:
            rate = pricing.rate * rng.uniform(0.8, 1.2) * (0.88 if bafo and i % 10 == 0 else 1)
            update["pricing"] = pricing.model_copy(update={"rate": rate})
        profile = src.profile.model_copy(update=update)
        vendors.append(dataclasses.replace(src, profile=profile, file=f"vendors/v{i:05d}.yaml"))
    return score(vendors, criteria, inputs=input_files(vendors, criteria))


def best_of(argvs: list[list[str]], runs: int, out: Path) -> list[float]:
    """The best wall time of each command, run in turn `runs` times."""
    best = [float("inf")] * len(argvs)
    for _ in range(runs):
        for i, argv in enumerate(argvs):
            with out.open("wb") as sink:
                start = time.perf_counter()
                subprocess.run(argv, check=True, stdout=sink, cwd=ROOT)
                best[i] = min(best[i], time.perf_counter() - start)
    return best


def _gauge() -> float:
    start = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from vendorscore.report.text import ranking_json

    with tempfile.TemporaryDirectory() as tmp:
        before, after = Path(tmp) / "before.json", Path(tmp) / "after.json"
        before.write_text(ranking_json(generated(args.vendors, cost_weight=17, bafo=False)))
        after.write_text(ranking_json(generated(args.vendors, cost_weight=25, bafo=True)))
        size = (before.stat().st_size + after.stat().st_size) / 2 / 1e6
        floor = (
            "import json, typer, rich\n"
            f"json.load(open({str(before)!r})); json.load(open({str(after)!r}))"
        )
        cli = [sys.executable, "-m", "vendorscore", "diff", str(before), str(after)]
        t_table, t_json, t_floor = best_of(
            [cli, [*cli, "--format", "json"], [sys.executable, "-c", floor]],
            args.runs,
            Path(tmp) / "out.txt",
        )
    gauge = min(_gauge() for _ in range(3))
    print(f"{args.vendors} vendors per result, {size:.1f} MB each; best of {args.runs} runs")
    print(f"  machine gauge: sum(range(10**7)) takes {gauge:.3f} s here")
    print(f"  diff (table)        {t_table:6.3f} s   {t_table / t_floor:4.2f}x the floor")
    print(f"  diff --format json  {t_json:6.3f} s   {t_json / t_floor:4.2f}x the floor")
    print(f"  floor (imports + json.load of both files) {t_floor:6.3f} s")
    worst = max(t_table, t_json)
    verdict = "met" if worst < 1.0 else "MISSED"
    print(f"target: diff of two {args.vendors}-vendor results under 1 s: {verdict}")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
