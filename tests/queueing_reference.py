"""An independent queueing calculator for the staffing and cost tests (never vendorscore.erlang).

Plain floats, written from the textbook definitions rather than from the library's kernels:

* Erlang C: Erlang B by its recursion B(k) = A B(k-1) / (k + A B(k-1)), then
  C = N B / (N - A (1 - B)) and SL = 1 - C exp(-(N - A) T / AHT) (Cooper, Introduction to
  Queueing Theory, 2nd ed., ch. 3).
* Erlang A and X: the birth-death chain of M/M/N+M (infinite room) or M/M/N/L+M (L lines),
  birth rate lambda, death rate min(k, N) mu + max(k - N, 0) theta, solved by detailed balance.
  Blocking is pi_L (arrivals see time averages), abandonment theta E[queue] / lambda.
  A caller finding j others waiting is answered, not abandoning, with probability
  N mu / (N mu + (j + 1) theta), after a sum of exponentials with rates N mu + i theta,
  i = 1..j+1; e^(-theta S) of that sum is Beta(N mu / theta + 1, j + 1), whose distribution
  function for an integer second parameter is the finite sum
  I_x(a, m) = x^a sum_{i<m} (a)_i / i! (1 - x)^i (Abramowitz & Stegun 26.5.6 with 6.1.22).
  So "answered within T, of offered calls" needs no numerical integration.
* Redials (Erlang X): the effective load solves A = A0 + r A (P_block + P_abandon); a fresh
  caller is finally lost with probability p (1 - r) / (1 - p r), p = P_block + P_abandon.

tests/test_staffing_costs.py checks this calculator against the mpmath reference values of
tests/data/erlang_published.json before it trusts it for the money figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Queue:
    """What one interval delivers with `agents` on the phones."""

    agents: int
    load: float  # effective offered load, Erlangs (fresh calls plus redials)
    blocked: float  # of attempts
    abandoned: float  # of attempts
    service_level: float  # answered within T, of attempts
    occupancy: float
    lost_fresh: float  # share of fresh callers who never get through


def erlang_c(load: float, agents: int, *, aht: float, threshold: float) -> Queue:
    """M/M/N with infinite patience: nobody is lost."""
    if agents <= load:
        return Queue(agents, load, 0.0, 0.0, 0.0, 1.0, 0.0)
    b = 1.0
    for k in range(1, agents + 1):
        b = load * b / (k + load * b)
    c = agents * b / (agents - load * (1 - b))
    sl = 1 - c * math.exp(-(agents - load) * threshold / aht)
    return Queue(agents, load, 0.0, 0.0, sl, load / agents, 0.0)


def _lossy_once(
    load: float, agents: int, theta: float, threshold_mu: float, lines: int | None
) -> tuple[float, float, float]:
    """(blocked, abandoned, answered within T) per attempt; rates in units of mu = 1/AHT."""
    top = lines if lines is not None else agents + 20_000
    log_terms = [0.0]
    for k in range(1, top + 1):
        death = min(k, agents) + max(k - agents, 0) * theta
        log_terms.append(log_terms[-1] + math.log(load / death))
        if lines is None and k > agents and log_terms[-1] < log_terms[agents] - 80:
            break
    peak = max(log_terms)
    pi = [math.exp(t - peak) for t in log_terms]
    norm = math.fsum(pi)
    pi = [p / norm for p in pi]
    blocked = pi[-1] if lines is not None else 0.0
    queue = math.fsum((k - agents) * p for k, p in enumerate(pi) if k > agents)
    abandoned = theta * queue / load
    x = math.exp(-theta * threshold_mu)
    a = agents / theta + 1
    answered = math.fsum(pi[:agents])
    accepting = len(pi) - 1 if lines is not None else len(pi)  # arrivals at L are blocked
    for k in range(agents, accepting):
        j = k - agents
        # 1 - I_x(a, j + 1), the chance the wait for a free agent ends within T
        term = x**a
        cdf = term
        for i in range(j):
            term *= (a + i) / (i + 1) * (1 - x)
            cdf += term
        answered += pi[k] * agents / (agents + (j + 1) * theta) * (1 - cdf)
    return blocked, abandoned, answered


def erlang_ax(
    fresh_load: float,
    agents: int,
    *,
    aht: float,
    patience: float,
    threshold: float,
    lines: int | None = None,
    redial: float = 0.0,
) -> Queue:
    """M/M/N+M (lines None) or M/M/N/L+M with redials."""
    theta = aht / patience
    load = fresh_load
    for _ in range(500):
        blocked, abandoned, answered = _lossy_once(load, agents, theta, threshold / aht, lines)
        following = fresh_load + redial * load * (blocked + abandoned)
        if abs(following - load) < 1e-13 * fresh_load:
            break
        load = following
    p = blocked + abandoned
    lost_fresh = p * (1 - redial) / (1 - p * redial)
    occupancy = load * (1 - p) / agents
    return Queue(agents, load, blocked, abandoned, answered, occupancy, lost_fresh)


def staff(
    fresh_load: float,
    *,
    model: str,
    aht: float,
    threshold: float,
    sl_target: float,
    max_occupancy: float | None = None,
    patience: float | None = None,
    lines: int | None = None,
    redial: float = 0.0,
) -> Queue:
    """The smallest agent count meeting the service level and the occupancy cap."""
    for agents in range(1, 10_000):
        if model == "erlang_c":
            q = erlang_c(fresh_load, agents, aht=aht, threshold=threshold)
        else:
            assert patience is not None
            if lines is not None and agents > lines:
                raise ValueError("no agent count within the lines meets the targets")
            q = erlang_ax(
                fresh_load,
                agents,
                aht=aht,
                patience=patience,
                threshold=threshold,
                lines=lines,
                redial=redial,
            )
        if q.service_level >= sl_target and (max_occupancy is None or q.occupancy <= max_occupancy):
            return q
    raise AssertionError("unreachable")
