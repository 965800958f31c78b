"""Data files a user names, read as float64 arrays: ``.npy`` or ``.csv``, finite numbers, size-capped."""

from __future__ import annotations

import array
import csv
from pathlib import Path

import numpy as np

from boundcalc.errors import InputError
from boundcalc.parsing.files import regular_file

MAX_FILE_BYTES = 512 * 1024 * 1024


def _read_csv(path: Path, what: str) -> np.ndarray:
    """A CSV of numbers parsed row by row into typed storage: 8 bytes a value, never a list of strings.

    Peak memory is about the values' float64 size (the array shares the typed buffer), whatever
    the text; blank rows are skipped and a ragged row is refused by its number.
    """
    values = array.array("d")
    columns = None
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = len(row)
            elif len(row) != columns:
                raise InputError(
                    f"{what} file {str(path)!r} is ragged: row {number} has {len(row)} columns, the first {columns}"
                )
            values.extend(float(cell) for cell in row)
    if columns is None:
        return np.empty((0, 0))
    return np.frombuffer(values, dtype=np.float64).reshape(-1, columns)  # shares the buffer: no copy


def read_array(path: Path, what: str) -> np.ndarray:
    """A .npy or .csv file of finite numbers as float64 (at most MAX_FILE_BYTES; never a pipe or a
    device); raises InputError for anything else, naming the file."""
    regular_file(path, f"{what} file")  # never a pipe or a device: opening one would block
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{what} file {str(path)!r} is larger than {MAX_FILE_BYTES >> 20} MiB")
    try:
        if path.suffix == ".npy":
            array = np.load(path, mmap_mode="r", allow_pickle=False)  # its shape read before its values
            if array.size * 8 > 2 * MAX_FILE_BYTES:  # a narrow dtype would grow past the cap as float64
                raise InputError(
                    f"{what} file {str(path)!r} holds {array.size} values: more than {2 * MAX_FILE_BYTES >> 23} Mi"
                )
        elif path.suffix == ".csv":
            array = _read_csv(path, what)
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
