"""Training data in the paper's form: ‖x_i‖ = 1 with last coordinate 1/√2, labels of size O(1).

Every point, synthetic or real, is normalised the same way: the raw feature vector v is scaled
to ‖v‖ = 1/√2 and the coordinate 1/√2 is appended, so ‖x‖ = 1 and the last coordinate plays the
role of a bias (LITERATURE.md, setting of Allen-Zhu–Li–Song). The separation δ is then measured
as the smallest pairwise distance.

Sizes are checked before any work: the memory the data will take is estimated from n, d_in and d
and refused beyond what the machine has free, and points at a minimum separation are placed only
if a proven packing limit allows that many and within a budget of distance computations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from boundcalc.data.files import read_array
from boundcalc.data.memory import available_memory
from boundcalc.data.sphere import normalise, packing_limit, separation
from boundcalc.errors import InputError


@dataclass(frozen=True)
class Dataset:
    """Inputs x (n × d_in, unit norm) and labels y (n × d), float64, with how they were made.

    Attributes:
        x: The inputs, n × d_in, each row of unit norm.
        y: The labels, n × d.
        kind: ``synthetic``, ``digits`` or ``file``.
        description: How they were made, for reports.
    """

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


PLACEMENT_WORK = 2 * 10**9  # distance coordinates computed while placing separated points (seconds of NumPy)
COPIES = 5  # float64 copies of the n × d_in inputs alive at once (draw, scale, normalise, screen)


def require_memory(n: int, d_in: int, d: int) -> None:
    """Refuse data of n points in R^d_in with d outputs that would not fit in memory, before allocating."""
    needed = 8 * (COPIES * n * d_in + 2 * n * d)
    free = available_memory()
    if free is not None and needed > 0.8 * free:
        raise InputError(
            f"data of n = {n} points with d_in = {d_in} and d = {d} needs about {needed / 2**30:.1f} GiB; "
            f"this machine has {free / 2**30:.1f} GiB free: lower --n or --d-in"
        )


def require_packing(n: int, d_in: int, separation: float) -> None:
    """Refuse n points pairwise ≥ separation apart beyond the packing limit or the placement budget."""
    limit = packing_limit(d_in, separation)
    if n > limit:
        raise InputError(
            f"{n} points at least {separation:g} apart do not fit in R^{d_in}: at most {limit:.0f} can "
            "(the packing limit of the sphere); lower --n or the separation, or raise --d-in"
        )
    work = n * (n - 1) // 2 * d_in
    if work > PLACEMENT_WORK:
        raise InputError(
            f"placing {n} points at least {separation:g} apart in R^{d_in} compares at least {work:.1e} "
            f"coordinates, more than the {PLACEMENT_WORK:.0e} allowed; lower --n or drop the separation"
        )


def random_unit_labels(n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 1])
    labels = rng.standard_normal((n, d))
    return labels / np.linalg.norm(labels, axis=1, keepdims=True)


def synthetic(
    n: int, d_in: int, d: int, seed: int, min_separation: float | None = None, separation: float | None = None
) -> Dataset:
    """n seeded points, uniform on the paper's sphere, with random unit-vector labels.

    With ``min_separation`` points are drawn one at a time and kept only if at least that far
    from every kept point; if n such points are not found the request is refused, never weakened.
    With ``separation`` δ the data's measured δ is exactly δ (to rounding): n − 1 points at least δ
    apart, and one more placed at distance δ from the first, so δ can be varied alone. That pair gets
    opposite labels, the hard case that δ measures (random labels would make it easy half the time).

    Args:
        n: Points.
        d_in: Their dimension (the last coordinate is the bias 1/√2).
        d: Output dimension.
        seed: The seed.
        min_separation: Keep points at least this far apart.
        separation: Make the data's δ exactly this.

    Returns:
        The dataset.

    Raises:
        InputError: The separation asked for cannot be met with n points.
    """
    if d_in < 2:
        raise InputError(f"d-in must be at least 2 (one coordinate is the bias), got {d_in}")
    require_memory(n, d_in, d)
    if separation is not None:
        if not 0 < separation <= math.sqrt(2.0) or n < 2:
            raise InputError(f"separation must lie in (0, √2] with n ≥ 2, got {separation} and n = {n}")
        require_packing(n, d_in, separation)
    elif min_separation is not None:
        if not 0 < min_separation <= math.sqrt(2.0):
            raise InputError(f"min separation must lie in (0, √2], got {min_separation}")
        require_packing(n, d_in, min_separation)
    rng = np.random.default_rng([seed, 0])  # drawn from only once the request is known to be feasible
    if separation is not None:
        x = _with_separation(rng, n, d_in, separation)
        labels = random_unit_labels(n, d, seed)
        labels[-1] = -labels[0]
        return Dataset(x, labels, "synthetic", f"synthetic, seed {seed}, δ = {separation:g} between opposite labels")
    if min_separation is None:
        x = normalise(rng.standard_normal((n, d_in - 1)))
    else:
        x = _dart_throwing(rng, n, d_in, min_separation)
    return Dataset(x, random_unit_labels(n, d, seed), "synthetic", f"synthetic, seed {seed}, uniform on the sphere")


def _with_separation(rng: np.random.Generator, n: int, d_in: int, delta: float) -> np.ndarray:
    """n − 1 points at least δ apart and one at exactly δ from the first: the measured δ is δ.

    Points are (u/√2, 1/√2) with u a unit vector, so ‖x − x'‖ = ‖u − u'‖/√2 = √2 sin(θ/2) for the
    angle θ between u and u': the new point turns u₀ by θ = 2 arcsin(δ/√2) towards a random direction.
    """
    angle = 2.0 * math.asin(min(1.0, delta / math.sqrt(2.0)))
    spread = _dart_throwing(rng, n - 1, d_in, delta) if n > 2 else normalise(rng.standard_normal((1, d_in - 1)))
    base = spread[0, :-1] * math.sqrt(2.0)
    if d_in == 2:  # one coordinate: the only other point is −u₀, at distance √2
        x = np.vstack([spread, np.append(-base / math.sqrt(2.0), 1.0 / math.sqrt(2.0))])
        if abs(separation(x) - delta) <= 1e-12:
            return x
        raise InputError(f"in R^2 two points are √2 apart or equal: no pair at exactly δ = {delta:g}")
    for _ in range(1000):
        direction = rng.standard_normal(d_in - 1)
        direction -= (direction @ base) * base
        direction /= np.linalg.norm(direction)
        turned = math.cos(angle) * base + math.sin(angle) * direction
        point = np.append(turned / math.sqrt(2.0), 1.0 / math.sqrt(2.0))
        x = np.vstack([spread, point])
        if abs(separation(x) - delta) <= 1e-12:  # the pair is the closest, and exactly δ apart
            return x
    raise InputError(f"could not place a pair at exactly δ = {delta:g} among {n} points in R^{d_in}")


def _dart_throwing(rng: np.random.Generator, n: int, d_in: int, min_separation: float) -> np.ndarray:
    """Points drawn one at a time, each kept if far enough from those kept: at most 200·n + 1000 draws
    and PLACEMENT_WORK coordinates compared, then refused (callers check the packing limit first)."""
    points = np.empty((n, d_in))
    found = attempts = work = 0
    budget = 200 * n + 1000
    while found < n and attempts < budget and work <= PLACEMENT_WORK:
        candidates = normalise(rng.standard_normal((256, d_in - 1)))
        attempts += len(candidates)
        for point in candidates:
            work += found * d_in
            if found == 0 or np.min(np.linalg.norm(points[:found] - point, axis=1)) >= min_separation:
                points[found] = point
                found += 1
                if found == n:
                    break
    kept = points[:found]
    if found < n:
        raise InputError(
            f"could not place {n} points with separation ≥ {min_separation:g} in R^{d_in} "
            f"(found {len(kept)} in {attempts} tries); lower --min-separation or raise --d-in"
        )
    return kept


def digits(n: int, seed: int) -> Dataset:
    """scikit-learn's handwritten digits (1797 images of 8×8, shipped with the package), one-hot labels.

    Args:
        n: Images to take, at most 1797.
        seed: Which images (a seeded choice).

    Returns:
        The dataset, rows normalised the paper's way (d_in = 65, d = 10).

    Raises:
        InputError: n out of range, or scikit-learn not installed.
    """
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


MAX_CLASSES = 10_000  # the largest output dimension d the checker takes


def from_file(path: str | Path, d: int, seed: int, labels: str | Path | None = None) -> Dataset:
    """Points from a .npy or .csv file (one per row), normalised; labels from a file or random.

    Args:
        path: The ``.npy`` or ``.csv`` file of points.
        d: Output dimension of random labels.
        seed: The seed of random labels.
        labels: A labels file (rows, or one class number per row); random unit vectors when None.

    Returns:
        The dataset.

    Raises:
        InputError: The file is missing, not numeric, ragged, or its labels do not match.
    """
    raw = read_array(Path(path), "data")
    if raw.ndim != 2:
        raise InputError(f"data file {str(path)!r} must be a table (one point per row), got {raw.ndim} dimensions")
    x = normalise(raw)
    if labels is None:
        y = random_unit_labels(len(x), d, seed)
    else:
        y = read_array(Path(labels), "labels")
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            classes = y.reshape(-1)
            if not np.all(classes == np.round(classes)) or classes.min() < 0:
                raise InputError("a one-column labels file must hold class numbers 0, 1, 2, …")
            if classes.max() >= MAX_CLASSES:  # one-hot labels: a column per class, checked before allocating
                raise InputError(f"labels: class numbers must lie in 0..{MAX_CLASSES - 1}, got {classes.max():.0f}")
            y = np.eye(int(classes.max()) + 1)[classes.astype(int)]
        if y.ndim != 2 or len(y) != len(x):
            raise InputError(f"labels: {len(y)} rows for {len(x)} points")
    return Dataset(x, y, "file", f"{Path(path).name}, normalised to the paper's sphere")
