"""SMAA-2 speed: vendorscore's batched kernel against a per-sample loop, in the same run.

    PYTHONPATH=src python bench/bench_smaa.py [--samples 100000] [--loop-samples N]

The workload of issue 5: 100,000 weight vectors (Dirichlet(1, ..., 1)) on 50 vendors and 12
criteria. The baseline does the same work one sample at a time: pymcdm's weighted sum (WSM, with
an identity normalisation because vendorscore's utilities are already on fixed 0-100 scales), then
ranks, rank acceptability, central weights and pairwise wins, accumulated in Python. Without
pymcdm (`pip install pymcdm`, the `bench` extra) the loop uses a numpy dot product and says so.
Targets: under 0.5 s, at least 50x faster than the loop, memory bounded by chunking (peak stated).
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

# One BLAS thread for both sides: the products here are tiny, and on a shared machine OpenBLAS's
# spinning worker threads only add noise. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from vendorscore.model.results import CriterionInfo, Ranking, VendorResult
from vendorscore.robustness.smaa import smaa

VENDORS, CRITERIA = 50, 12


def synthetic_ranking(seed: int = 2025) -> tuple[Ranking, np.ndarray]:
    """50 vendors x 12 top-level criteria with random utilities (fixed seed) and random weights."""
    rng = np.random.default_rng(seed)
    utilities = rng.uniform(0, 100, size=(VENDORS, CRITERIA)).round(1)
    weights = rng.integers(1, 10, size=CRITERIA).astype(float)
    ids = [f"c{j:02d}" for j in range(CRITERIA)]
    infos = tuple(
        CriterionInfo(
            id=cid,
            label=cid,
            parent=None,
            depth=0,
            weight=float(weights[j]),
            local_weight=float(weights[j] / weights.sum()),
            global_weight=float(weights[j] / weights.sum()),
            is_leaf=True,
            field=f"extra.{cid}",
            scale="linear",
            missing="worst",
        )
        for j, cid in enumerate(ids)
    )
    totals = utilities @ (weights / weights.sum())
    order = np.argsort(-totals, kind="stable")
    vendors = tuple(
        VendorResult(
            name=f"V{i:02d}",
            file=f"V{i:02d}.yaml",
            delivery_model="offshore",
            headquarters=None,
            rank=r + 1,
            eligible=True,
            total=float(totals[i]),
            completeness=1.0,
            scores={cid: float(utilities[i, j]) for j, cid in enumerate(ids)},
            contributions={},
            leaves=(),
            requirements=(),
        )
        for r, i in enumerate(order)
    )
    ranking = Ranking(
        criteria_name="bench",
        criteria_file="bench.yaml",
        method="weighted_sum",
        base_currency="USD",
        missing_policy="worst",
        criteria=infos,
        requirement_rules=(),
        vendors=vendors,
    )
    return ranking, utilities[order]


def per_sample_loop(utilities: np.ndarray, samples: int, seed: int) -> tuple[np.ndarray, str]:
    """The same SMAA work, one weight vector at a time; returns rank acceptability."""
    n, m = utilities.shape
    try:
        from pymcdm.methods import WSM

        wsm = WSM(normalization_function=lambda x, cost=False: x)
        types = np.ones(m)

        def total(w: np.ndarray) -> np.ndarray:
            return np.asarray(wsm(utilities, w, types, validation=False))

        label = "pymcdm WSM per sample"
    except ImportError:

        def total(w: np.ndarray) -> np.ndarray:
            return utilities @ w

        label = "numpy dot per sample (pymcdm not installed)"
    rng = np.random.Generator(np.random.PCG64(seed))
    acceptability = np.zeros((n, n))
    wins = np.zeros((n, n))
    central = np.zeros((n, m))
    for _ in range(samples):
        w = rng.standard_exponential(m)
        w /= w.sum()
        t = total(w)
        ranks = (t[None, :] > t[:, None] + 1e-9).sum(axis=1)
        acceptability[np.arange(n), ranks] += 1
        wins += ranks[:, None] < ranks[None, :]
        central[ranks == 0] += w
    return acceptability / samples, label


def main() -> None:
    """Time both, check they agree, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--loop-samples", type=int, default=None, help="default: --samples")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ranking, utilities = synthetic_ranking()
    smaa(ranking, samples=1_000, seed=0)  # warm-up: imports, BLAS threads

    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        result = smaa(ranking, samples=args.samples, seed=args.seed)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    smaa(ranking, samples=args.samples, seed=args.seed)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    loop_samples = args.loop_samples or args.samples
    start = time.perf_counter()
    loop_acc, label = per_sample_loop(utilities, loop_samples, args.seed)
    loop_seconds = time.perf_counter() - start
    loop_scaled = loop_seconds * args.samples / loop_samples

    same = loop_samples == args.samples and np.allclose(
        loop_acc, np.array(result.rank_acceptability)
    )
    print(f"workload         : {args.samples:,} samples x {VENDORS} vendors x {CRITERIA} criteria")
    print(f"vendorscore smaa : {best:.3f} s (best of 5)   target < 0.5 s")
    print(f"peak memory      : {peak / 1e6:.1f} MB (tracemalloc, numpy buffers included)")
    print(f"baseline         : {label}")
    print(f"baseline time    : {loop_seconds:.2f} s for {loop_samples:,} samples", end="")
    print("" if loop_samples == args.samples else f" (scaled to {loop_scaled:.2f} s)")
    print(f"speed-up         : {loop_scaled / best:.0f}x   target >= 50x")
    if loop_samples == args.samples:
        print(f"same acceptability matrix as the loop: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
