"""Tables for papers from Python: build a :class:`Table`, then ``render`` it to LaTeX, Markdown, text or CSV.

>>> from boundcalc import REGISTRY
>>> from boundcalc.tables import grid_table, render
>>> table = grid_table([REGISTRY["als19-gd"]], "width", {"n": "100,1000", "L": "10"})
>>> print(render(table, "csv"))
n,als19-gd n^24 · L^12 · d · δ^-8 · log^5 m
100,2.0e+79
1000,7.8e+103
<BLANKLINE>
"""

from boundcalc.render.requests import generate_tables, read_spec
from boundcalc.render.tables_tmp import (
    FORMATS,
    Formula,
    Table,
    compare_table,
    formula_table,
    grid_table,
    latex_escape,
    render,
)

__all__ = [
    "FORMATS",
    "Formula",
    "Table",
    "compare_table",
    "formula_table",
    "generate_tables",
    "grid_table",
    "latex_escape",
    "read_spec",
    "render",
]
