"""The looseness study: sweeps of the checker over grids, an SQLite store, minimum widths, reports.

:func:`load` gives a store's cells and runs as pandas DataFrames (read-only; pandas is an optional extra).
"""

from boundcalc.study.frames import StudyFrames, load

__all__ = ["StudyFrames", "load"]
