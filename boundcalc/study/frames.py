"""A study's store as pandas DataFrames, read-only: the cells with their settings, and every run.

pandas is an optional extra (``pip install 'boundcalc[frames]'``), imported only here and only when
``load`` is called; the store is opened with ``Store.reader``, which writes nothing and
refuses a file that is not a boundcalc store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from boundcalc.numbers.arrays import import_pandas
from boundcalc.study.store import Store


class StudyFrames(NamedTuple):
    """The two tables of a store: ``cells`` (one row per cell) and ``runs`` (one row per width and seed).

    A named tuple, so that ``cells, runs = load(path)`` reads both.

    Attributes:
        cells: A pandas DataFrame, one row per cell: its settings, status, m* and provenance.
        runs: A pandas DataFrame, one row per (cell, width m, seed): what that run measured.

    Examples:
        >>> from pathlib import Path
    >>> import boundcalc
        >>> cells, runs = load(Path(boundcalc.__file__).parent.parent / "checks" / "study.sqlite")
        >>> "m_star" in cells.columns and "reached_at" in runs.columns
        True
    """

    cells: Any
    runs: Any


def load(store_path: str | Path) -> StudyFrames:
    """A store's cells and runs as DataFrames, read without writing anything.

    ``cells`` has ``cell``, ``status``, ``m_star`` (the smallest width at which enough seeds reached ε;
    missing where none did), each setting of the cell as a column (``n``, ``L``, ``d``, ``steps``, …),
    ``delta`` (the separation measured on its data) and ``provenance`` (a dict). ``runs`` has one row per
    (cell, width m, seed) with what was measured (``reached_at`` is -1 where ε was not reached) and the
    recorded ``trajectory`` (a dict of lists). Each frame's ``attrs["store"]`` names the file.

    Args:
        store_path: The SQLite store a sweep wrote (``boundcalc sweep``); opened read-only, so
            nothing is created or written beside it, even while a sweep is writing it.

    Returns:
        The StudyFrames ``(cells, runs)``.

    Raises:
        InputError: pandas is not installed, the path does not exist, is empty or is not a regular
            file, or a row is malformed.
        EnvironmentFailure: The file is not a boundcalc store, is corrupt, or has a schema of another
            version (it is left untouched).

    Examples:
        >>> from pathlib import Path
        >>> import boundcalc
        >>> study = load(Path(boundcalc.__file__).parent.parent / "checks" / "study.sqlite")
        >>> len(study.cells), sorted(set(study.cells["L"]))
        (27, [1, 2, 3, 4, 6, 8])
        >>> study.runs[["cell", "m", "seed", "reached_at"]].shape[1]
        4
    """
    pandas = import_pandas()
    store = Store.reader(store_path)
    try:
        cells, runs = store.cells(), store.runs()
    finally:
        store.close()
    deltas: dict[str, float | None] = {}
    for run in runs:
        deltas.setdefault(run["cell"], run.get("delta"))
    rows = []
    for cell in cells:
        row: dict[str, Any] = {"cell": cell["cell"], "status": cell["status"], "m_star": cell["m_star"]}
        for name, value in cell["settings"].items():
            row[name if name not in row else f"settings.{name}"] = value
        row["delta"] = deltas.get(cell["cell"])
        row["provenance"] = cell["provenance"]
        rows.append(row)
    cells_frame = pandas.DataFrame(rows)
    if "m_star" in cells_frame:
        cells_frame["m_star"] = cells_frame["m_star"].astype("Int64")  # missing where no width sufficed
    runs_frame = pandas.DataFrame(runs)
    for frame in (cells_frame, runs_frame):
        frame.attrs["store"] = str(store_path)
    return StudyFrames(cells_frame, runs_frame)
