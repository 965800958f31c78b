"""What the bounds read off a data set: n, d_in, the separation δ and λ0 = λ_min(H∞). NumPy only.

Each quantity is measured the way its paper normalises the points:
- δ (Allen-Zhu–Li–Song): each row v becomes (v/‖v‖ · 1/√2, 1/√2), a unit vector whose last
  coordinate acts as a bias; δ is the smallest distance between two such points.
- λ0 (Du et al. 2019, Arora et al. 2019): each row becomes v/‖v‖ and
  H∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j) / (2π); λ0 is its smallest eigenvalue (float64; exact
  eigvalsh up to 2,000 rows, shift-invert Lanczos on its Cholesky factor above, to a relative 1e-6:
  data/spectrum.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from boundcalc.data.files import read_array
from boundcalc.data.kernel import MAX_KERNEL_ROWS, gram_by_blocks
from boundcalc.data.memory import available_memory
from boundcalc.data.spectrum import smallest_eigenvalue
from boundcalc.data.sphere import normalise, separation
from boundcalc.errors import InputError

MAX_POINTS = 1_000_000  # δ scales (a tree or row blocks); a file this long is already 512 MiB of text


def kernel_points_that_fit(memory: int | None) -> int:
    """The most rows whose H∞ (one n × n float64 array, factored in place by blocks of up to a quarter
    of it each: 1.6 n² doubles at the peak) fits."""
    if memory is None:
        return MAX_KERNEL_ROWS
    return min(MAX_KERNEL_ROWS, int(math.sqrt(max(0, memory - (1 << 29)) / (8 * 1.6))))


@dataclass(frozen=True)
class DataSummary:
    """What the bounds read off a data set, measured as each paper normalises the points.

    Attributes:
        path: Where the points came from (a file, or a description of an array or synthetic set).
        n: The number of points.
        d_in: Their dimension.
        delta: The separation δ: the smallest distance between two points after each row v becomes
            (v/‖v‖ · 1/√2, 1/√2) (Allen-Zhu, Li, Song); 0 where two rows are parallel.
        lambda0: λ0 = λ_min(H∞) of the unit rows (Du et al.); None where H∞ does not fit in memory.
        notes: What the reader should know: why λ0 was not measured, why a bound is infinite.
        points: The normalised rows, kept so the file is read once (not compared, not shown).
    """

    path: str
    n: int
    d_in: int
    delta: float
    lambda0: float | None  # None where n is too large to measure it here (the notes say so)
    notes: list[str] = field(default_factory=list)
    points: np.ndarray | None = field(default=None, repr=False, compare=False)  # the normalised rows

    def to_dict(self) -> dict:
        """The JSON object the command line prints (without the points).

        Returns:
            path, n, d_in, delta, lambda0 and notes.
        """
        return {
            "path": self.path,
            "n": self.n,
            "d_in": self.d_in,
            "delta": self.delta,
            "lambda0": self.lambda0,
            "notes": self.notes,
        }


def h_infinity(unit_rows: np.ndarray) -> np.ndarray:
    """The two-layer ReLU kernel Gram H∞ of unit vectors, in float64."""
    return gram_by_blocks(unit_rows, lambda inner: inner * (math.pi - np.arccos(inner)) / (2.0 * math.pi), 2)


def measure(path: str | Path) -> DataSummary:
    """n, d_in, δ (any size up to MAX_POINTS) and λ0 (where H∞ fits in memory) of a data file."""
    raw = read_array(Path(path), "data")
    if raw.ndim != 2:
        raise InputError(f"data file {str(path)!r} must be a table (one point per row), got {raw.ndim} dimensions")
    if len(raw) > MAX_POINTS:
        raise InputError(f"data file {str(path)!r} has {len(raw)} points; at most {MAX_POINTS} are supported")
    return summarise(normalise(raw), str(path), raw.shape[1])  # rescaled first: rows of 1e300 keep their directions


def summarise(points: np.ndarray, source: str, d_in: int) -> DataSummary:
    """δ and λ0 of points already in the paper's form (rows (v/‖v‖·1/√2, 1/√2)), as measure gives them."""
    delta = separation(points)
    notes = []
    fits = kernel_points_that_fit(available_memory())
    lambda0: float | None = None
    if len(points) <= fits:  # checked before H∞ is allocated
        unit = points[:, :-1] / np.linalg.norm(points[:, :-1], axis=1, keepdims=True)
        lambda0 = smallest_eigenvalue(h_infinity(unit)) if len(points) > 1 else float(h_infinity(unit)[0, 0])
    else:
        notes.append(
            f"λ0 not measured: H∞ of {len(points)} rows does not fit here (at most {fits}); give --lambda0 to use one"
        )
    if delta == 0:
        notes.append("two points coincide after normalisation (parallel rows): δ = 0, every δ-based bound is infinite")
    if lambda0 is not None and lambda0 <= 1e-12:
        notes.append(f"λ0 = {lambda0:.3g} ≤ 0 (parallel rows make H∞ singular): every λ0-based bound is infinite")
    return DataSummary(source, len(points), d_in, delta, lambda0, notes, points)
