"""The infinite-width NTK of Allen-Zhu–Li–Song's network on a data set: the limit of Θ/m. NumPy only.

The network: h_0 = φ(A x), h_ℓ = φ(W_ℓ h_{ℓ−1}) (ℓ = 1..L), output B h_L, with A, W_ℓ ~ N(0, 2/m),
B ~ N(0, 1/d), φ = ReLU and inputs of norm 1; W_1..W_L trained (A as well with ``train_all``; B's
part of Θ is O(1), so nothing in the limit of Θ/m). As m → ∞ (Jacot et al. 2018; Arora et al.
2019, "On exact computation with an infinitely wide neural net"; Cho & Saul 2009 for ReLU):

- forward: the correlation of the pre-activations of layer 0 is ρ_0 = xᵀx'; with
  κ(ρ) = (√(1 − ρ²) + (π − arccos ρ) ρ) / π (the He scale 2/m keeps ‖h_ℓ‖ = 1), the post-activation
  kernel is Σ_ℓ = κ(ρ_ℓ) and the next pre-activation correlation is ρ_{ℓ+1} = Σ_ℓ;
- backward: ⟨δ_L, δ_L'⟩ = (m/d)·ρ̇_L / 2 and ⟨δ_ℓ, δ_ℓ'⟩ = ρ̇_ℓ ⟨δ_{ℓ+1}, δ_{ℓ+1}'⟩ with
  ρ̇ = (π − arccos ρ) / π (the probability both units are active, times the variance factor 2);
- Θ_{(a,i),(b,j)} / m → 1[a = b] · K_ij with K = (1/d) Σ_ℓ Σ_{ℓ−1} ∘ ⟨δ_ℓ, δ_ℓ'⟩·d/m (+ the A term).

So Θ/m → I_d ⊗ K: its eigenvalues are K's, each d times. The checker's ``ntk_lambda_min / m`` is an
empirical estimate of λ_min(K) at finite width (tests compare them at m = 4096).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from boundcalc.data.spectrum import extreme_eigenvalues
from boundcalc.errors import InputError

MAX_KERNEL_ROWS = 20_000  # H∞ and the limit NTK are n × n in float64 (3.2 GB at this size)
BLOCK_BYTES = 1 << 27  # the temporaries of one block of rows
GRAM_WORKERS = 4  # blocks built at once, at most: 4 × BLOCK_BYTES of temporaries


def arc_cosine(rho: np.ndarray) -> np.ndarray:
    """κ(ρ) = (√(1 − ρ²) + (π − arccos ρ) ρ) / π: E[φ(u)φ(v)]·2 for unit-variance u, v of correlation ρ.

    >>> float(arc_cosine(np.array(1.0))), round(float(arc_cosine(np.array(0.0))), 6)
    (1.0, 0.31831)
    """
    rho = np.clip(rho, -1.0, 1.0)
    value: np.ndarray = (np.sqrt(1.0 - rho * rho) + (math.pi - np.arccos(rho)) * rho) / math.pi
    return value


def both_active(rho: np.ndarray) -> np.ndarray:
    """ρ̇(ρ) = (π − arccos ρ) / π: twice the probability that two units of correlation ρ are both active.

    >>> float(both_active(np.array(1.0))), float(both_active(np.array(0.0)))
    (1.0, 0.5)
    """
    value: np.ndarray = (math.pi - np.arccos(np.clip(rho, -1.0, 1.0))) / math.pi
    return value


def _forward(inner: np.ndarray, depth: int) -> list[np.ndarray]:
    """The pre-activations' correlations ρ_0 = xᵀx' .. ρ_depth, each the previous layer's Σ = κ(ρ)."""
    correlations = [inner]
    for _ in range(depth):
        correlations.append(arc_cosine(correlations[-1]))
    return correlations


def gram_by_blocks(x: np.ndarray, entry: Callable[[np.ndarray], np.ndarray], arrays: int = 1) -> np.ndarray:
    """The n × n matrix entry(xᵢᵀxⱼ) for unit rows x, built a block of rows at a time: entry works on
    the inner products alone, so the only n × n array is the result (entry's temporaries, ``arrays``
    of them, stay within BLOCK_BYTES)."""
    n = len(x)
    out = np.empty((n, n))
    rows = max(1, BLOCK_BYTES // (8 * n * (arrays + 1)))

    def fill(start: int) -> None:
        stop = min(n, start + rows)
        inner = np.clip(x[start:stop] @ x.T, -1.0, 1.0)
        # xᵢᵀxᵢ = 1 exactly: a rounded 1 − 1e-16 moves arccos by 1e-8, and the smallest eigenvalue with it
        inner[np.arange(stop - start), np.arange(start, stop)] = 1.0
        out[start:stop] = entry(inner)

    starts = range(0, n, rows)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = min(GRAM_WORKERS, cores, len(starts))
    if workers <= 1:
        for start in starts:
            fill(start)
        return out
    # NumPy's ufuncs (arccos, the recursions) run on one core and release the GIL: blocks in threads
    # use them all, each block the same numbers whatever the count (1.5× faster on two cores)
    pool = ThreadPoolExecutor(workers)
    try:
        for _ in pool.map(fill, starts):
            pass
    finally:  # on Ctrl-C the queued blocks are dropped, not built
        pool.shutdown(wait=True, cancel_futures=True)
    return out


def limit_ntk(x: np.ndarray, depth: int, d: int = 1, train_all: bool = False) -> np.ndarray:
    """K, the n × n block of lim Θ/m (Θ/m → I_d ⊗ K), for unit-norm rows x (the paper's normalisation).

    >>> x = np.eye(3)[:2]  # two orthogonal unit inputs
    >>> np.round(limit_ntk(x, depth=1), 4).tolist()  # diagonal L/(2d); off-diagonal κ(0)·ρ̇(κ(0))/2
    [[0.5, 0.096], [0.096, 0.5]]
    """
    if depth < 1 or d < 1:
        raise InputError("the limit kernel needs L ≥ 1 and d ≥ 1")
    if len(x) > MAX_KERNEL_ROWS:
        raise InputError(f"the limit kernel is n × n: at most {MAX_KERNEL_ROWS} rows, got {len(x)}")

    def entry(inner: np.ndarray) -> np.ndarray:
        correlations = _forward(inner, depth)  # ρ_0 .. ρ_L; the input of W_ℓ has kernel Σ_{ℓ−1} = ρ_ℓ
        backward = both_active(correlations[depth]) / 2.0  # ⟨δ_L, δ_L'⟩ · d / m
        total = correlations[depth] * backward
        for layer in range(depth - 1, 0, -1):  # W_layer: input Σ_{layer−1} = ρ_layer, backward through ρ̇_layer
            backward = backward * both_active(correlations[layer])
            total = total + correlations[layer] * backward
        if train_all:  # A: input xᵀx' = ρ_0, backward through layer 0
            total = total + correlations[0] * backward * both_active(correlations[0])
        return total / d

    return gram_by_blocks(x, entry, arrays=depth + 4)


@dataclass(frozen=True)
class KernelSummary:
    """The limit kernel's extreme eigenvalues on a data set, with what it was computed from.

    Attributes:
        n: Rows of the data.
        depth: Hidden layers L.
        d: Output dimension.
        train_all: Whether the input layer A is trained too.
        lambda_min: The smallest eigenvalue of the limit of Θ/m.
        lambda_max: The largest.
        source: Where the data came from.
    """

    n: int
    depth: int
    d: int
    train_all: bool
    lambda_min: float
    lambda_max: float
    source: str

    @property
    def condition(self) -> float:
        """λ_max / λ_min (inf where λ_min is not positive)."""
        return self.lambda_max / self.lambda_min if self.lambda_min > 0 else math.inf

    def to_dict(self) -> dict:
        """The JSON object ``boundcalc kernel --format json`` prints.

        Returns:
            The fields, the condition and the normalisation, under the command's names.
        """
        return {
            "n": self.n,
            "L": self.depth,
            "d": self.d,
            "train_all": self.train_all,
            "ntk_limit_lambda_min": self.lambda_min,
            "ntk_limit_lambda_max": self.lambda_max,
            "condition": self.condition,
            "normalisation": "the limit of Θ/m, the checker's ntk_lambda_min / m; eigenvalues of K, each d times",
            "source": self.source,
        }


def kernel(x: np.ndarray, depth: int, d: int = 1, train_all: bool = False, source: str = "") -> KernelSummary:
    """λ_min and λ_max of the limit kernel on unit rows x (float64; see spectrum.extreme_eigenvalues).

    >>> summary = kernel(np.eye(3)[:2], depth=1)
    >>> round(summary.lambda_min, 4), round(summary.lambda_max, 4)
    (0.404, 0.596)
    """
    lambda_min, lambda_max = extreme_eigenvalues(limit_ntk(x, depth, d, train_all))
    return KernelSummary(len(x), depth, d, train_all, lambda_min, lambda_max, source)


def output_kernel(x: np.ndarray, depth: int) -> np.ndarray:
    """Σ_L = ⟨h_L(x), h_L(x')⟩ in the limit: the covariance of the initial outputs is Σ_L / d per output.

    >>> float(output_kernel(np.eye(2), 3)[0, 0])
    1.0
    """
    return gram_by_blocks(x, lambda inner: arc_cosine(_forward(inner, depth)[depth]), arrays=depth + 2)


@dataclass(frozen=True)
class LinearisedDynamics:
    """GD on F = ½‖r‖² with Θ = m·(I_d ⊗ K) moves the residual as r_{t+1} = (I − ηΘ) r_t, so along
    K's eigenvector v_k with eigenvalue λ_k it shrinks by (1 − ηmλ_k) each step; the initial residual
    r_0 = f_0 − y has f_0 ~ N(0, Σ_L/d) per output, independent of y. Then
    E[F_t] = ½ Σ_k (1 − ηmλ_k)^{2t} (Σ_a (v_kᵀ y_a)² + v_kᵀ Σ_L v_k). K's eigendecomposition is taken
    once here; ``iterations`` then answers for any step."""

    values: np.ndarray  # K's eigenvalues, ascending
    weights: np.ndarray  # E[(v_kᵀ r_0)²] summed over the outputs

    @classmethod
    def of(cls, block: np.ndarray, outputs: np.ndarray, y: np.ndarray) -> LinearisedDynamics:
        """From K, the initial outputs' covariance per output (Σ_L/d) and the labels."""
        values, vectors = np.linalg.eigh(block)
        projected = vectors.T @ y
        weights = np.sum(projected**2, axis=1) + np.einsum("ik,ij,jk->k", vectors, outputs, vectors)
        return cls(values, weights)

    def iterations(self, step_times_width: float, eps: float) -> int | None:
        """Steps after which E[F] ≤ ε, or None if never (a step beyond 2/λ_max diverges)."""
        factors = np.abs(1.0 - step_times_width * self.values)
        used = self.weights > 0
        if np.any(factors[used] >= 1.0):
            return None
        goal = math.log(eps)
        if float(self.weights[used].sum()) / 2.0 <= eps:
            return 0
        used &= factors > 0  # a mode with factor 0 (a step of exactly 1/λ_k) is gone after one step
        if not np.any(used):
            return 1
        log_weights, log_factors = np.log(self.weights[used] / 2.0), np.log(factors[used])

        def expected_loss_log(t: float) -> float:
            terms = log_weights + 2.0 * t * log_factors
            top = float(terms.max())
            return top + math.log(float(np.exp(terms - top).sum()))

        low, high = 0, 1
        while expected_loss_log(high) > goal:
            low, high = high, high * 2
            if high > 10**15:
                return None
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if expected_loss_log(middle) <= goal else (middle, high)
        return high


def kernel_iterations(
    block: np.ndarray, outputs: np.ndarray, y: np.ndarray, step_times_width: float, eps: float
) -> int | None:
    """Steps after which the linearised network at the limit kernel reaches E[F] ≤ ε, or None if it
    never does: LinearisedDynamics.of(block, outputs, y).iterations(step_times_width, eps).

    >>> kernel_iterations(np.eye(2), np.zeros((2, 2)), np.ones((2, 1)), 0.5, 1e-6)  # F_t = 4^-t
    10
    """
    return LinearisedDynamics.of(block, outputs, y).iterations(step_times_width, eps)
