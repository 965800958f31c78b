"""Data files and the paper's normalisation, NumPy only: what the calculator and the checker both read.

Every point is normalised the same way: the raw feature vector v is scaled to ‖v‖ = 1/√2 and the
coordinate 1/√2 is appended, so ‖x‖ = 1 and the last coordinate plays the role of a bias
(LITERATURE.md, setting of Allen-Zhu–Li–Song). The separation δ is the smallest pairwise distance.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from boundcalc.errors import InputError
from boundcalc.parsing.files import regular_file

HALF = 1.0 / math.sqrt(2.0)
MAX_FILE_BYTES = 512 * 1024 * 1024


CANDIDATE_SLACK = 1e-6  # squared distances this close to the Gram's minimum are recomputed directly
SMALL = 2048  # up to this many rows, one n × n Gram; beyond it, a tree or row blocks
TREE_DIMENSIONS = 16  # a KD-tree prunes well up to about this many coordinates; beyond it, blocks
BLOCK_ROWS = 1024


def separation(x: np.ndarray) -> float:
    """The smallest distance between two rows (inf for one point), exact at the edges.

    Candidates come from a Gram matrix (up to SMALL rows), a KD-tree (few coordinates: scipy's
    cKDTree, O(n log n)) or row blocks screened in float32 (many coordinates: O(n²·d) work in
    O(BLOCK_ROWS·n) memory, never n × n). The candidates' distances are then recomputed as
    ‖x_i − x_j‖ in float64, since ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j cancels catastrophically for close
    rows (two equal rows would give about 1e-8, not 0). Rows equal as numbers give exactly 0.

    >>> separation(np.array([[0.6, 0.8], [0.6, 0.8], [1.0, 0.0]]))
    0.0
    >>> bool(separation(np.array([[1.0, 0.0], [0.0, 1.0]])) == np.sqrt(2.0))
    True
    """
    if len(x) < 2:
        return math.inf
    if len(x) <= SMALL:
        rows, columns = _gram_candidates(x, np.einsum("ij,ij->i", x, x), 0, len(x), CANDIDATE_SLACK)
    elif x.shape[1] <= TREE_DIMENSIONS:
        from scipy.spatial import cKDTree  # the calculator imports scipy only here

        distances, neighbours = cKDTree(x).query(x, k=2)
        return float(distances[:, 1].min())  # computed directly: 0 for equal rows
    else:
        rows, columns = _blocked_candidates(x)
    return float(np.linalg.norm(x[rows] - x[columns], axis=1).min())


def _gram_candidates(
    x: np.ndarray, squared: np.ndarray, offset: int, rows: int, slack: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, column of x) whose Gram-trick squared distance is within ``slack`` of the smallest
    for rows ``offset`` to ``offset + rows`` against every row (a row is never its own pair)."""
    b = x[offset : offset + rows]
    distances = squared[offset : offset + len(b), None] + squared[None, :] - 2.0 * (b @ x.T)
    own = np.arange(len(b))
    distances[own, own + offset] = np.inf
    near, columns = np.nonzero(distances <= distances.min() + slack)
    return near + offset, columns


def _blocked_candidates(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row blocks against the rows after them in float32 (error about 1e-6 on a squared distance of unit
    rows), keeping every pair within a float32-safe slack of the best so far. Each block is one GEMM
    and three passes over its result, all in place: the work is memory traffic, not arithmetic."""
    slack = 1e-5 * float(np.max(np.einsum("ij,ij->i", x, x)))
    x32 = x.astype(np.float32)
    squared = np.einsum("ij,ij->i", x32, x32)
    best = np.inf
    kept_rows, kept_columns = [], []
    for start in range(0, len(x) - 1, BLOCK_ROWS):
        stop = min(len(x), start + BLOCK_ROWS)
        block = (-2.0 * x32[start:stop]) @ x32[start:].T  # columns from start on: each pair once
        block += squared[None, start:]
        block[np.arange(stop - start), np.arange(stop - start)] = np.inf  # a row is not its own pair
        block += squared[start:stop, None]
        best = min(best, float(block.min()))
        near, columns = np.nonzero(block <= best + slack)
        kept_rows.append(near + start)
        kept_columns.append(columns + start)
    return np.concatenate(kept_rows), np.concatenate(kept_columns)


def normalise(raw: np.ndarray) -> np.ndarray:
    """Scale each row to norm 1/√2 and append 1/√2: unit vectors whose last coordinate is 1/√2."""
    raw = np.asarray(raw, dtype=np.float64)
    # each row first divided by its largest entry: the norm of a row of 1e300s (or 1e-300s) would
    # overflow (or underflow) a float, and every row would then collapse onto one point
    largest = np.max(np.abs(raw), axis=1, keepdims=True)
    if np.any(largest == 0):
        raise InputError(f"data row {int(np.argmin(largest[:, 0]))} is all zeros and has no direction")
    scaled = raw / largest
    norms = np.linalg.norm(scaled, axis=1, keepdims=True)
    return np.hstack([scaled / norms * HALF, np.full((len(raw), 1), HALF)])


def read_array(path: Path, what: str) -> np.ndarray:
    regular_file(path, f"{what} file")  # never a pipe or a device: opening one would block
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
