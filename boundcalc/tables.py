"""Tables for papers from Python: build a `Table`, then `render` it to LaTeX, Markdown, text or CSV.

`grid_table` (one quantity over a grid, `boundcalc table`), `formula_table` (each theorem's
formulas, `table --formulas`), `compare_table` (every result at one point, `boundcalc compare`),
`generate_tables` (every table a spec lists, `make-tables`) and `catalogue_markdown` (every entry,
`boundcalc catalogue`). Text in a table is escaped in every format: never live LaTeX or HTML.

Examples:
    >>> from boundcalc import REGISTRY
    >>> from boundcalc.tables import grid_table, render
    >>> table = grid_table([REGISTRY["als19-gd"]], "width", {"n": "100,1000", "L": "10"})
    >>> print(render(table, "csv"))
    n,als19-gd n^24 · L^12 · d · δ^-8 · log^5 m
    100,2.0e+79
    1000,7.8e+103
    <BLANKLINE>
"""

from boundcalc.render.builders import compare_table, formula_table, grid_table
from boundcalc.render.catalogue import catalogue_markdown
from boundcalc.render.formats import FORMATS, render
from boundcalc.render.latex import latex_escape
from boundcalc.render.requests import TableRequest, generate_tables, read_spec
from boundcalc.render.table import Formula, Table

__all__ = [
    "FORMATS",
    "Formula",
    "catalogue_markdown",
    "Table",
    "TableRequest",
    "compare_table",
    "formula_table",
    "generate_tables",
    "grid_table",
    "latex_escape",
    "read_spec",
    "render",
]
