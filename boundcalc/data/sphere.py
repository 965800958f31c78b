"""The paper's sphere, NumPy only: its normalisation and the separation δ of points on it.

Every point is normalised the same way: the raw feature vector v is scaled to ‖v‖ = 1/√2 and the
coordinate 1/√2 is appended, so ‖x‖ = 1 and the last coordinate plays the role of a bias
(LITERATURE.md, setting of Allen-Zhu–Li–Song). The separation δ is the smallest pairwise distance.
"""

from __future__ import annotations

import math

import numpy as np

from boundcalc.errors import InputError

HALF = 1.0 / math.sqrt(2.0)


SMALL = 2048  # up to this many rows, tiles screened in float64; beyond it, a tree or float32 tiles
TREE_DIMENSIONS = 16  # a KD-tree prunes well up to about this many coordinates; beyond it, tiles
TILE_ROWS, TILE_COLUMNS = 512, 4096  # a tile of 8 MiB in float32: screened while in cache
EXACT_BYTES = 1 << 25  # the row differences gathered at once to recompute candidate pairs


def separation(x: np.ndarray) -> float:
    """The smallest distance between two rows (inf for one point), exact at the edges.

    Candidates come from tiles of squared distances screened against a proven rounding bound (in
    float64 up to SMALL rows, in float32 beyond: O(n²·d) work in O(n·d) memory, never n × n) or, for
    many rows of few coordinates, a KD-tree (scipy's cKDTree, O(n log n)). The candidates' distances
    are then recomputed as ‖x_i − x_j‖ in float64, since ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j cancels
    catastrophically for close rows (two equal rows would give about 1e-8, not 0). Rows equal as
    numbers give exactly 0.

    >>> separation(np.array([[0.6, 0.8], [0.6, 0.8], [1.0, 0.0]]))
    0.0
    >>> bool(separation(np.array([[1.0, 0.0], [0.0, 1.0]])) == np.sqrt(2.0))
    True

    Args:
        x: The points, one per row, finite.

    Returns:
        The smallest distance between two rows.

    Raises:
        InputError: A row is not finite.
    """
    if len(x) < 2:
        return math.inf
    if not np.all(np.isfinite(x)):
        raise InputError("the rows must be finite to have a separation")
    if len(x) <= SMALL:
        return _screened_separation(x, np.float64)
    if x.shape[1] <= TREE_DIMENSIONS:
        from scipy.spatial import cKDTree  # the calculator imports scipy only here

        distances, neighbours = cKDTree(x).query(x, k=2)
        return float(distances[:, 1].min())  # computed directly: 0 for equal rows
    return _screened_separation(x, np.float32)


def _screened_separation(x: np.ndarray, dtype: type[np.floating]) -> float:
    """δ by tiles of squared distances in ``dtype``, each pair once, each tile screened while in cache.

    One GEMM gives a tile of squared distances at once: rows [c_i, 1, ‖c_i‖²] against rows
    [−2c_j, ‖c_j‖², 1], with c the rows centred and scaled by a power of two to norms at most 1
    (distances scale exactly; nothing overflows, and what underflows is far below the bound).
    Every screened value is within E = (4k + 8)·u of the true scaled squared distance (k = d + 2
    terms, u the dtype's roundoff: the dot product's bound γ_k plus the rounding of its inputs), so a
    pair can be the closest only if its screened value is within 2E of the smallest seen: those
    pairs, and only those, get their distance in float64 from the rows themselves.
    """
    rows, d = x.shape
    centred = x - x.mean(axis=0)
    squared = np.einsum("ij,ij->i", centred, centred)
    largest = float(np.sqrt(squared.max()))
    if largest == 0.0:  # every row the same point
        return 0.0
    scale = 2.0 ** -math.frexp(largest)[1]  # ‖c‖ < 1; a power of two scales every entry without rounding
    centred *= scale
    squared *= scale * scale
    unit = float(np.finfo(dtype).eps) / 2
    slack = 2.0 * (4 * (d + 2) + 8) * unit
    left = np.empty((rows, d + 2), dtype=dtype)
    left[:, :d], left[:, d], left[:, d + 1] = centred, 1.0, squared
    right = np.empty((rows, d + 2), dtype=dtype)
    right[:, :d], right[:, d], right[:, d + 1] = -2.0 * centred, squared, 1.0
    screened, best = math.inf, math.inf
    for start in range(0, rows - 1, TILE_ROWS):
        stop = min(rows, start + TILE_ROWS)
        for first in range(start, rows, TILE_COLUMNS):
            tile = left[start:stop] @ right[first : first + TILE_COLUMNS].T
            if first < stop:  # the tile meets the diagonal: j ≤ i is no pair, or a pair seen twice
                columns = np.arange(first, first + tile.shape[1])
                tile[columns[None, :] <= np.arange(start, stop)[:, None]] = np.inf
            low = float(tile.min())
            if not (math.isfinite(low) and low <= screened + slack):  # all masked, or none can be closer
                continue
            screened = min(screened, low)
            near, far = np.nonzero(tile <= screened + slack)
            best = min(best, _closest(x, near + start, far + first))
            if best == 0.0:  # nothing is closer than equal rows
                return 0.0
    return best


def _closest(x: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> float:
    """min ‖x_i − x_j‖ over the pairs (rows[p], columns[p]), in float64, EXACT_BYTES of differences at a time."""
    step = max(1, EXACT_BYTES // (8 * x.shape[1]))
    best = math.inf
    for at in range(0, len(rows), step):
        gaps = x[rows[at : at + step]] - x[columns[at : at + step]]
        best = min(best, float(np.sqrt(np.einsum("ij,ij->i", gaps, gaps).min())))
    return best


def normalise(raw: np.ndarray) -> np.ndarray:
    """Scale each row to norm 1/√2 and append 1/√2: unit vectors whose last coordinate is 1/√2.

    Args:
        raw: The points, one per row.

    Returns:
        The normalised points, n × (d_in + 1), float64.

    Raises:
        InputError: A row is all zeros.
    """
    raw = np.asarray(raw, dtype=np.float64)
    # each row first divided by its largest entry: the norm of a row of 1e300s (or 1e-300s) would
    # overflow (or underflow) a float, and every row would then collapse onto one point
    largest = np.max(np.abs(raw), axis=1, keepdims=True)
    if np.any(largest == 0):
        raise InputError(f"data row {int(np.argmin(largest[:, 0]))} is all zeros and has no direction")
    scaled = raw / largest
    norms = np.linalg.norm(scaled, axis=1, keepdims=True)
    return np.hstack([scaled / norms * HALF, np.full((len(raw), 1), HALF)])


def packing_limit(d_in: int, separation: float) -> float | int:
    """A proven upper bound on how many of the paper's points (u/√2, 1/√2), u on the unit sphere of
    R^(d_in−1), can lie pairwise at least ``separation`` apart.

    ‖x − x'‖ ≥ δ means an angle θ ≥ 2·arcsin(δ/√2) between u and u', so caps of angular radius θ/2
    around the points are disjoint: n ≤ area(sphere) / area(cap). On a circle this is ⌊2π/θ⌋; with
    one coordinate, u = ±1 allows 2. In higher dimension the cap's share is ∫₀^{θ/2} sinᵏ⁻² /
    ∫₀^π sinᵏ⁻², computed in log space by Riemann sums that err towards a smaller cap (the integrand
    rises on [0, π/2]), so the bound returned is never below the true one.

    >>> packing_limit(2, 1.0), packing_limit(3, 1.4142135623730951), packing_limit(4, 1.4142135623730951)
    (2, 2, 2)
    """
    k = d_in - 1
    angle = 2.0 * math.asin(min(1.0, separation / math.sqrt(2.0)))
    if k == 1:
        return 2
    if k == 2:
        return math.floor(2.0 * math.pi / angle * (1 + 1e-12))
    grid = np.linspace(0.0, math.pi / 2.0, 200_001)
    logs = (k - 2) * np.log(np.sin(grid[1:]))  # log sinᵏ⁻² at the right ends: an upper sum of [0, π/2]
    inside = int(np.count_nonzero(grid[1:] <= angle / 2.0))
    if inside < 2:
        return math.inf  # a cap narrower than the grid: no limit worth stating
    cap = float(np.logaddexp.reduce(logs[: inside - 1]))  # left ends inside the cap: a lower sum of it
    sphere = math.log(2.0) + float(np.logaddexp.reduce(logs))
    return math.floor(math.exp(min(sphere - cap, 700.0)))
