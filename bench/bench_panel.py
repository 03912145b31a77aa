"""`vendorscore panel` on the samples against `vendorscore rank` on the same vendors, as a ratio.

Run from the project root with the package installed: `python bench/bench_panel.py [--runs N]`.

Both are whole processes printing their table (to /dev/null): `rank samples/vendors` and
`panel samples/vendors -c samples/panel/criteria.yaml --ratings samples/panel/ratings` (5
evaluators, 14 vendors, 3 rated criteria: consensus, Krippendorff's alpha, leave-one-out
rescoring 5 times, and the panel's tables). Target: panel within 1.5x of rank. Runs are
interleaved and each figure is the best of `--runs`: on a shared machine the minimum is the
run least disturbed by others. Compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "vendorscore"]


def _best(argvs: list[list[str]], runs: int) -> list[float]:
    best = [float("inf")] * len(argvs)
    for _ in range(runs):
        for i, argv in enumerate(argvs):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> None:
    """Print both timings and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rank = [*CLI, "rank", "samples/vendors"]
    panel = [
        *CLI,
        "panel",
        "samples/vendors",
        "-c",
        "samples/panel/criteria.yaml",
        "--ratings",
        "samples/panel/ratings",
    ]
    ranked, paneled = _best([rank, panel], args.runs)
    print(f"vendorscore rank samples/vendors:                 {ranked * 1000:7.1f} ms")
    print(f"vendorscore panel samples/vendors (5 evaluators): {paneled * 1000:7.1f} ms")
    print(f"  ratio {paneled / ranked:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
