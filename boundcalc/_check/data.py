"""Training data in the paper's form: ‖x_i‖ = 1 with last coordinate 1/√2, labels of size O(1).

Every point, synthetic or real, is normalised the same way: the raw feature vector v is scaled
to ‖v‖ = 1/√2 and the coordinate 1/√2 is appended, so ‖x‖ = 1 and the last coordinate plays the
role of a bias (LITERATURE.md, setting of Allen-Zhu–Li–Song). The separation δ is then measured
as the smallest pairwise distance.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._errors import InputError

HALF = 1.0 / math.sqrt(2.0)
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Dataset:
    """Inputs x (n × d_in, unit norm) and labels y (n × d), float64, with how they were made."""

    x: np.ndarray
    y: np.ndarray
    kind: str
    description: str

    @property
    def n(self) -> int:
        return self.x.shape[0]

    @property
    def d_in(self) -> int:
        return self.x.shape[1]

    @property
    def d(self) -> int:
        return self.y.shape[1]

    @property
    def separation(self) -> float:
        return separation(self.x)


def separation(x: np.ndarray) -> float:
    """The smallest distance between two distinct rows (0 for duplicates; inf for one point)."""
    if len(x) < 2:
        return math.inf
    squared = np.sum(x * x, axis=1)
    gram = x @ x.T
    distances = squared[:, None] + squared[None, :] - 2.0 * gram
    np.fill_diagonal(distances, np.inf)
    return float(math.sqrt(max(float(distances.min()), 0.0)))


def normalise(raw: np.ndarray) -> np.ndarray:
    """Scale each row to norm 1/√2 and append 1/√2: unit vectors whose last coordinate is 1/√2."""
    raw = np.asarray(raw, dtype=np.float64)
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    if np.any(norms == 0):
        raise InputError(f"data row {int(np.argmin(norms[:, 0]))} is all zeros and has no direction")
    return np.hstack([raw / norms * HALF, np.full((len(raw), 1), HALF)])


def random_unit_labels(n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 1])
    labels = rng.standard_normal((n, d))
    return labels / np.linalg.norm(labels, axis=1, keepdims=True)


def synthetic(n: int, d_in: int, d: int, seed: int, min_separation: float | None = None) -> Dataset:
    """n seeded points, uniform on the paper's sphere, with random unit-vector labels.

    With ``min_separation`` points are drawn one at a time and kept only if at least that far
    from every kept point; if n such points are not found the request is refused, never weakened.
    """
    if d_in < 2:
        raise InputError(f"d-in must be at least 2 (one coordinate is the bias), got {d_in}")
    rng = np.random.default_rng([seed, 0])
    if min_separation is None:
        x = normalise(rng.standard_normal((n, d_in - 1)))
    else:
        if not 0 < min_separation <= 2:
            raise InputError(f"min separation must lie in (0, 2], got {min_separation}")
        x = _dart_throwing(rng, n, d_in, min_separation)
    return Dataset(x, random_unit_labels(n, d, seed), "synthetic", f"synthetic, seed {seed}, uniform on the sphere")


def _dart_throwing(rng: np.random.Generator, n: int, d_in: int, min_separation: float) -> np.ndarray:
    kept = np.empty((0, d_in))
    attempts = 0
    budget = 200 * n + 1000
    while len(kept) < n and attempts < budget:
        candidates = normalise(rng.standard_normal((256, d_in - 1)))
        attempts += len(candidates)
        for point in candidates:
            if len(kept) == 0 or np.min(np.linalg.norm(kept - point, axis=1)) >= min_separation:
                kept = np.vstack([kept, point])
                if len(kept) == n:
                    break
    if len(kept) < n:
        raise InputError(
            f"could not place {n} points with separation ≥ {min_separation:g} in R^{d_in} "
            f"(found {len(kept)} in {attempts} tries); lower --min-separation or raise --d-in"
        )
    return kept


def digits(n: int, seed: int) -> Dataset:
    """scikit-learn's handwritten digits (1797 images of 8×8, shipped with the package), one-hot labels."""
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:  # pragma: no cover - the check extra installs it
        raise InputError("--data digits needs scikit-learn: pip install 'boundcalc[check]'") from error
    bunch = load_digits()
    total = len(bunch.data)
    if n > total:
        raise InputError(f"digits has {total} images; asked for n = {n}")
    chosen = np.sort(np.random.default_rng([seed, 2]).choice(total, size=n, replace=False))
    labels = np.eye(10)[bunch.target[chosen]]
    return Dataset(normalise(bunch.data[chosen]), labels, "digits", f"scikit-learn digits, {n} of {total}, seed {seed}")


def _read_array(path: Path, what: str) -> np.ndarray:
    if not path.is_file():
        raise InputError(f"{what} file {str(path)!r} does not exist")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{what} file {str(path)!r} is larger than {MAX_FILE_BYTES >> 20} MiB")
    try:
        if path.suffix == ".npy":
            array = np.load(path, allow_pickle=False)
        elif path.suffix == ".csv":
            with path.open(newline="") as handle:
                rows = [row for row in csv.reader(handle) if row and any(cell.strip() for cell in row)]
            if rows and len({len(row) for row in rows}) > 1:
                raise InputError(
                    f"{what} file {str(path)!r} is ragged: rows of {sorted({len(r) for r in rows})} columns"
                )
            array = np.array([[float(cell) for cell in row] for row in rows], dtype=np.float64)
        else:
            raise InputError(f"{what} file {str(path)!r} must end in .npy or .csv")
    except InputError:
        raise
    except (ValueError, OSError) as error:
        raise InputError(f"{what} file {str(path)!r} is not numeric data: {str(error).splitlines()[0]}") from None
    if array.size == 0:
        raise InputError(f"{what} file {str(path)!r} is empty")
    if not np.issubdtype(array.dtype, np.number) or not np.all(np.isfinite(array)):
        raise InputError(f"{what} file {str(path)!r} holds values that are not finite numbers")
    return np.asarray(array, dtype=np.float64)


def from_file(path: str | Path, d: int, seed: int, labels: str | Path | None = None) -> Dataset:
    """Points from a .npy or .csv file (one per row), normalised; labels from a file or random."""
    raw = _read_array(Path(path), "data")
    if raw.ndim != 2:
        raise InputError(f"data file {str(path)!r} must be a table (one point per row), got {raw.ndim} dimensions")
    x = normalise(raw)
    if labels is None:
        y = random_unit_labels(len(x), d, seed)
    else:
        y = _read_array(Path(labels), "labels")
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            classes = y.reshape(-1)
            if not np.all(classes == np.round(classes)) or classes.min() < 0:
                raise InputError("a one-column labels file must hold class numbers 0, 1, 2, …")
            y = np.eye(int(classes.max()) + 1)[classes.astype(int)]
        if y.ndim != 2 or len(y) != len(x):
            raise InputError(f"labels: {len(y)} rows for {len(x)} points")
    return Dataset(x, y, "file", f"{Path(path).name}, normalised to the paper's sphere")
