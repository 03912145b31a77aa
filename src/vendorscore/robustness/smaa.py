"""SMAA-2 rank acceptability analysis of a `Ranking`: batched numpy, chunked, seeded.

Reference: R. Lahdelma and P. Salminen, "SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making", Operations Research 49(3):444-454, 2001. With exact
criterion values (as here) the confidence factor of a vendor is 1 when its central weights make it
first and 0 otherwise; criterion values are not perturbed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from vendorscore.errors import VendorScoreError
from vendorscore.model.results import TIE_TOLERANCE, Method, Ranking
from vendorscore.robustness.stability import Tree, vendor_quantities

__all__ = [
    "DEFAULT_CONCENTRATION",
    "Level",
    "SmaaResult",
    "WeightModel",
    "parse_constraints",
    "sample_weights",
    "smaa",
]

Level = Literal["top", "leaves"]
WeightModel = Literal["uniform", "around"]
Floats = npt.NDArray[np.float64]
Progress = Callable[[int, int], None]

# Dirichlet(C x w): each weight's standard deviation is sqrt(w (1 - w) / (C + 1)); with C = 50 a
# stated 25% weight varies by about 6 points.
DEFAULT_CONCENTRATION = 50.0
# Rejection sampling gives up when fewer than this share of weight vectors meet the constraints.
MIN_ACCEPTANCE = 1e-3
_CHECK_AFTER_DRAWS = 100_000
_MAX_VENDORS = 4096  # vendor indices are packed into the low 12 bits of each total
_CHUNK_CELLS = 1 << 19  # samples x vendors per chunk: bounds memory to a few MB


@dataclass(frozen=True, slots=True)
class SmaaResult:
    """Rank acceptability, central weights, confidence factors and pairwise winning shares."""

    method: Method
    level: Level
    weights: WeightModel
    concentration: float | None  # None for uniform weights
    constraints: tuple[tuple[str, str], ...]  # (a, b): weight of a >= weight of b
    samples: int
    seed: int
    drawn: int  # weight vectors drawn, including those the constraints rejected
    criteria: tuple[str, ...]
    stated_weights: tuple[float, ...]  # the criteria file's weights as shares of 1
    vendors: tuple[str, ...]  # eligible vendors, current ranking order
    rank_acceptability: tuple[tuple[float, ...], ...]  # [vendor][rank - 1], rows sum to 1
    central_weights: tuple[tuple[float, ...] | None, ...]  # None when never first
    confidence: tuple[float | None, ...]  # None when never first
    pairwise_winning: tuple[tuple[float, ...], ...]  # [i][j]: share where i ranks above j

    def to_frame(self) -> Any:
        """A pandas DataFrame: rank acceptability, one row per vendor, columns rank 1..n."""
        from vendorscore.robustness.frames import acceptability_frame

        return acceptability_frame(self)

    def central_weights_frame(self) -> Any:
        """A pandas DataFrame: each vendor's central weights (NaN when it never wins)."""
        from vendorscore.robustness.frames import central_weights_frame

        return central_weights_frame(self)

    @property
    def acceptance_rate(self) -> float:
        """Share of drawn weight vectors that met the constraints."""
        return self.samples / self.drawn if self.drawn else 1.0

    def acceptability_beyond(self, rank: int) -> tuple[float, ...]:
        """Per vendor, the share of samples placing it below `rank` (at rank + 1 or worse).

        For tables that show the first `rank` ranks and one more column for the rest; 0 for
        every vendor when `rank` is at least the number of vendors.
        """
        if rank < 0:
            raise ValueError(f"rank must be at least 0, got {rank}")
        return tuple(float(sum(row[rank:])) for row in self.rank_acceptability)


_CHAIN = re.compile(r"\s*(>=|<=)\s*")


def parse_constraints(texts: Sequence[str], criteria: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """'cost >= security >= language' (or '<=') as pairs (heavier, lighter) of known criteria."""
    pairs: list[tuple[str, str]] = []
    for text in texts:
        parts = _CHAIN.split(text.strip())
        ids, ops = parts[0::2], parts[1::2]
        if len(ids) < 2 or any(not i or not re.fullmatch(r"[\w.-]+", i) for i in ids):
            raise VendorScoreError(
                f"--constraint '{text}': write criterion ids joined by >= or <=, "
                "e.g. 'cost >= security >= language'"
            )
        for name in ids:
            if name not in criteria:
                raise VendorScoreError(
                    f"--constraint '{text}': '{name}' is not one of the criteria weighed here "
                    f"({', '.join(criteria)})"
                )
        for left, op, right in zip(ids, ops, ids[1:], strict=False):
            pairs.append((left, right) if op == ">=" else (right, left))
    return tuple(dict.fromkeys(pairs))


def sample_weights(
    rng: np.random.Generator,
    size: int,
    *,
    count: int,
    stated: Floats | None = None,
    concentration: float = DEFAULT_CONCENTRATION,
) -> Floats:
    """`size` weight vectors: Dirichlet(1, ..., 1) (uniform on the simplex) or Dirichlet(C x w)."""
    if stated is None:
        # Normalised unit exponentials are exactly Dirichlet(1, ..., 1).
        draws = rng.standard_exponential((size, count))
    else:
        alpha = concentration * stated
        draws = np.zeros((size, count))
        live = alpha > 0  # a criterion stated at 0 stays at 0
        draws[:, live] = rng.standard_gamma(alpha[live], size=(size, int(live.sum())))
    draws /= draws.sum(axis=1, keepdims=True)
    return draws


@dataclass(frozen=True, slots=True)
class _Model:
    """What a weight vector needs to become totals: per-vendor column values and availability."""

    method: Method
    tree: Tree | None  # leaves level: the tree for per-vendor renormalisation; None at top level
    columns: tuple[str, ...]
    values: tuple[Floats, ...]  # (vendors, columns) per quantity: [u] or TOPSIS [d-^2, d+^2]
    available: npt.NDArray[np.bool_]  # (vendors, columns)

    def totals(self, weights: Floats) -> Floats:
        """(samples, vendors) totals, 0..100, for (samples, columns) weights."""
        parts = [self._aggregate(weights, x) for x in self.values]
        if self.method != "topsis":
            return parts[0]
        d_minus, d_plus = np.sqrt(parts[0]), np.sqrt(parts[1])
        with np.errstate(invalid="ignore", divide="ignore"):
            close = 100.0 * d_minus / (d_plus + d_minus)
        return np.where(d_plus + d_minus > 0, close, 0.0)

    def _aggregate(self, weights: Floats, x: Floats) -> Floats:
        if self.available.all():
            return weights @ x.T  # each weight vector sums to 1: no renormalisation needed
        if self.tree is None:
            avail = self.available.astype(np.float64)
            den = weights @ avail.T
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(den > 0, (weights @ (x * avail).T) / den, 0.0)
        return self._walk(None, weights, x)[0]

    def _walk(
        self, node: str | None, weights: Floats, x: Floats
    ) -> tuple[Floats, npt.NDArray[np.bool_], Floats]:
        """(value, available, mass) of a node, renormalising among available children."""
        assert self.tree is not None
        if node is not None and self.tree.info[node].is_leaf:
            j = self.columns.index(node)
            return x[:, j], self.available[:, j], weights[:, j]
        shape = (weights.shape[0], self.available.shape[0])
        num, den, mass = np.zeros(shape), np.zeros(shape), np.zeros(weights.shape[0])
        avail = np.zeros(self.available.shape[0], dtype=bool)
        for child in self.tree.children[node]:
            value, child_avail, child_mass = self._walk(child, weights, x)
            share = child_mass[:, None] * child_avail
            num += share * np.where(child_avail, value, 0.0)
            den += share
            avail |= child_avail
            mass += child_mass
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(den > 0, num / den, 0.0)
        return value, avail, mass


def _model(ranking: Ranking, level: Level) -> tuple[_Model, Floats]:
    """The column model for a level and the stated weights of its columns (shares of 1)."""
    tree = Tree.of(ranking.criteria)
    if level == "top":
        columns = tuple(c.id for c in ranking.top_level)
        stated = np.array([c.local_weight for c in ranking.top_level])
    else:
        columns = tuple(c.id for c in ranking.leaves)
        stated = np.array([c.global_weight for c in ranking.leaves])
    per_vendor = [vendor_quantities(tree, v, ranking.method) for v in ranking.eligible]
    count = len(per_vendor[0]) if per_vendor else 1
    values = tuple(
        np.array([[q[k][c] or 0.0 for c in columns] for q in per_vendor]).reshape(-1, len(columns))
        for k in range(count)
    )
    available = np.array([[q[0][c] is not None for c in columns] for q in per_vendor], dtype=bool)
    model = _Model(
        ranking.method,
        tree if level == "leaves" else None,
        columns,
        values,
        available.reshape(-1, len(columns)),
    )
    total = stated.sum()
    return model, stated / total if total > 0 else stated


def _ranks_by_vendor(
    totals: Floats,
) -> tuple[npt.NDArray[np.int16], bool, npt.NDArray[np.intp]]:
    """0-based ranks as (vendors, samples) (ties within TIE_TOLERANCE share the better rank),
    whether any sample had a tie, and the index of a first-placed vendor in each sample."""
    samples, n = totals.shape
    bits = max(1, (n - 1).bit_length())
    low = np.int64((1 << bits) - 1)
    # Positive floats order like their bit patterns; the vendor index goes in the lowest mantissa
    # bits (at most 12, so totals lose < 1e-10 points: far below the tie tolerance), and one
    # integer sort per row replaces a slower argsort.
    keys = np.ascontiguousarray(totals).view(np.int64) & ~low
    keys |= np.arange(n, dtype=np.int64)
    keys.sort(axis=1)
    top = (keys[:, -1] & low).astype(np.intp)
    order = np.arange(n, dtype=np.int16)
    value = keys.view(np.float64)
    # Ties are rare: look for them on the flat array (contiguous, fast), ignoring the pairs that
    # straddle two samples, and only then build the per-sample mask.
    flat = value.ravel()
    close = flat[1:] - flat[:-1] <= TIE_TOLERANCE
    close[n - 1 :: n] = False
    tied = bool(close.any())
    if tied:
        tied_next = value[:, 1:] - value[:, :-1] <= TIE_TOLERANCE
        # A tie group takes the rank of its best (last, ascending) member.
        last = np.where(np.c_[tied_next, np.zeros((samples, 1), bool)], np.int16(n), order)
        last = np.minimum.accumulate(last[:, ::-1], axis=1)[:, ::-1]
        rank = (n - 1 - last).astype(np.int16)
    else:
        rank = np.broadcast_to((n - 1 - order).astype(np.int16), (samples, n))
    # Back to vendor order by a second, small-integer sort keyed by vendor index (much faster
    # than a scatter), then transposed so that later passes run along samples.
    shift = bits if bits > 7 else 8
    if n <= 128:
        back = keys.astype(np.int16)  # keeps the low 16 bits, which hold the vendor index
        back &= np.int16(low)
        back <<= np.int16(shift)
        back |= rank
    else:
        back = ((keys & low) << shift).astype(np.int32) | rank.astype(np.int32)
    back.sort(axis=1)
    back &= (1 << shift) - 1
    return np.ascontiguousarray(back.T, dtype=np.int16), tied, top


def _ranks(totals: Floats) -> npt.NDArray[np.int16]:
    """0-based ranks as (samples, vendors); see `_ranks_by_vendor`."""
    return np.ascontiguousarray(_ranks_by_vendor(totals)[0].T)


def smaa(
    ranking: Ranking,
    *,
    samples: int = 10_000,
    seed: int = 0,
    weights: WeightModel = "uniform",
    concentration: float = DEFAULT_CONCENTRATION,
    constraints: Sequence[str] = (),
    level: Level = "top",
    progress: Progress | None = None,
    chunk_samples: int | None = None,
) -> SmaaResult:
    """SMAA-2 over the eligible vendors: weights drawn at random, everything counted exactly."""
    if samples < 1:
        raise VendorScoreError(f"--samples must be at least 1, got {samples}")
    if weights == "around" and not concentration > 0:
        raise VendorScoreError(f"--concentration must be positive, got {concentration}")
    model, stated = _model(ranking, level)
    names = tuple(v.name for v in ranking.eligible)
    n, m = len(names), len(model.columns)
    if n > _MAX_VENDORS:
        raise VendorScoreError(f"SMAA handles at most {_MAX_VENDORS} vendors, got {n}")
    if weights == "around" and not stated.sum() > 0:
        raise VendorScoreError(
            "--weights around needs at least one criterion with a weight above 0"
        )
    pairs = parse_constraints(constraints, model.columns)
    heavy = np.array([model.columns.index(a) for a, _ in pairs], dtype=np.intp)
    light = np.array([model.columns.index(b) for _, b in pairs], dtype=np.intp)
    rng = np.random.Generator(np.random.PCG64(seed))
    chunk = chunk_samples or int(np.clip(_CHUNK_CELLS // max(1, n), 256, 4096))
    acceptability = np.zeros(n * n, dtype=np.int64)
    wins = np.zeros((n, n), dtype=np.int64)
    first_weights = np.zeros((n, m))
    done = drawn = 0
    while done < samples:
        batch = sample_weights(
            rng,
            chunk,
            count=m,
            stated=stated if weights == "around" else None,
            concentration=concentration,
        )
        need = samples - done
        if pairs:
            kept = np.flatnonzero(np.all(batch[:, heavy] >= batch[:, light], axis=1))[:need]
            # Count draws up to the last one used, so `drawn` does not depend on the chunk size.
            drawn += int(kept[-1]) + 1 if len(kept) == need else chunk
            batch = batch[kept]
            _check_acceptance(done + len(batch), drawn, constraints)
        else:
            batch = batch[:need]
            drawn += len(batch)
        if len(batch) and n:
            ranks, tied, top = _ranks_by_vendor(model.totals(batch))
            acceptability += np.bincount(
                (np.arange(n)[:, None] * n + ranks).ravel(), minlength=n * n
            )
            if tied:
                first_weights += (ranks == 0).astype(np.float64) @ batch
            else:  # one first-placed vendor per sample: a weighted count per criterion
                for j in range(m):
                    first_weights[:, j] += np.bincount(top, weights=batch[:, j], minlength=n)
            _count_wins(ranks, wins, tied=tied)
        done += len(batch)
        if progress is not None:
            progress(done, samples)
    acc = acceptability.reshape(n, n) / samples
    firsts = acceptability.reshape(n, n)[:, 0]
    central: list[tuple[float, ...] | None] = []
    confidence: list[float | None] = []
    for i in range(n):
        if firsts[i] == 0:
            central.append(None)
            confidence.append(None)
            continue
        cw = first_weights[i] / firsts[i]
        central.append(tuple(float(x) for x in cw))
        at_centre = model.totals(cw[None, :])[0]
        confidence.append(1.0 if at_centre[i] >= at_centre.max() - TIE_TOLERANCE else 0.0)
    return SmaaResult(
        method=ranking.method,
        level=level,
        weights=weights,
        concentration=concentration if weights == "around" else None,
        constraints=pairs,
        samples=samples,
        seed=seed,
        drawn=drawn,
        criteria=model.columns,
        stated_weights=tuple(float(x) for x in stated),
        vendors=names,
        rank_acceptability=tuple(tuple(float(x) for x in row) for row in acc),
        central_weights=tuple(central),
        confidence=tuple(confidence),
        pairwise_winning=tuple(tuple(float(x) / samples for x in row) for row in wins),
    )


def _check_acceptance(accepted: int, drawn: int, constraints: Sequence[str]) -> None:
    """Refuse constraints that (almost) no weight vector meets, before they cost minutes."""
    if drawn >= _CHECK_AFTER_DRAWS and accepted < MIN_ACCEPTANCE * drawn:
        raise VendorScoreError(
            f"--constraint: only {accepted:,} of {drawn:,} random weight vectors meet "
            f"{'; '.join(repr(c) for c in constraints)} (under {MIN_ACCEPTANCE:.1%}); the "
            "constraints contradict each other or are too tight for the weight model "
            "(try fewer constraints, or --weights uniform)"
        )


def _count_wins(ranks: npt.NDArray[np.int16], wins: npt.NDArray[np.int64], *, tied: bool) -> None:
    """Add, per vendor pair (i, j), the samples in which i ranks strictly above j."""
    n, samples = ranks.shape
    # Pad the samples to whole 64-bit words with rank 0 everywhere (0 < 0 is never counted),
    # then count the true bytes of each comparison row eight at a time.
    padded = np.zeros((n, -(-samples // 8) * 8), dtype=np.int8 if n <= 127 else np.int16)
    padded[:, :samples] = ranks
    for i in range(n - 1):
        above = padded[i] < padded[i + 1 :]
        counts = np.bitwise_count(above.view(np.uint64)).sum(axis=1, dtype=np.int64)
        wins[i, i + 1 :] += counts
        if tied:
            below = padded[i] > padded[i + 1 :]
            wins[i + 1 :, i] += np.bitwise_count(below.view(np.uint64)).sum(axis=1, dtype=np.int64)
        else:  # ranks are distinct in every sample: j is above i wherever i is not above j
            wins[i + 1 :, i] += samples - np.bitwise_count(above.view(np.uint64)).sum(
                axis=1, dtype=np.int64
            )
