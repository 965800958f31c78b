"""The looseness study: sweeps of the checker over grids, an SQLite store, minimum widths, reports."""
