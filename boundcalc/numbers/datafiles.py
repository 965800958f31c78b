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


def separation(x: np.ndarray) -> float:
    """The smallest distance between two rows (inf for one point), exact at the edges.

    The Gram matrix finds the candidates; their distances are then recomputed as ‖x_i − x_j‖
    directly, since ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j cancels catastrophically for close rows (two equal
    rows would give about 1e-8, not 0). Rows equal as numbers give exactly 0.

    >>> separation(np.array([[0.6, 0.8], [0.6, 0.8], [1.0, 0.0]]))
    0.0
    >>> bool(separation(np.array([[1.0, 0.0], [0.0, 1.0]])) == np.sqrt(2.0))
    True
    """
    if len(x) < 2:
        return math.inf
    squared = np.sum(x * x, axis=1)
    distances = squared[:, None] + squared[None, :] - 2.0 * (x @ x.T)
    np.fill_diagonal(distances, np.inf)
    rows, columns = np.nonzero(np.triu(distances <= distances.min() + CANDIDATE_SLACK, k=1))
    direct = np.linalg.norm(x[rows] - x[columns], axis=1)
    return float(direct.min())


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
