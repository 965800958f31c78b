"""The looseness study: sweeps of the checker over grids, an SQLite store, minimum widths, reports.

``boundcalc sweep`` is `boundcalc.study.sweep.run_sweep`, ``boundcalc report``
`boundcalc.study.report.write_report`.

[`load`][boundcalc.study.load] gives a store's cells and runs as pandas DataFrames (read-only; pandas is an optional extra).
"""

from boundcalc.study.frames import StudyFrames, load

__all__ = ["StudyFrames", "load"]
