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

from collections.abc import Sequence
from pathlib import Path

from boundcalc.numbers.queries import references
from boundcalc.render.builders import compare_table, formula_table, grid_table
from boundcalc.render.catalogue import catalogue_markdown
from boundcalc.render.citations import written
from boundcalc.render.formats import FORMATS, render
from boundcalc.render.latex import latex_escape
from boundcalc.render.requests import TableRequest, generate_tables, read_spec
from boundcalc.render.table import Formula, Table


def cite(*keys: str, fmt: str = "bibtex", bound_files: Sequence[str | Path] = ()) -> str:
    """The records of the publications behind the entries named, as ``boundcalc cite`` prints them.

    Args:
        *keys: Entry keys (``"als19-gd"``, …), or ``"boundcalc"`` for boundcalc's own record.
        fmt: ``bibtex`` (natbib), ``biblatex`` or ``csl-json`` (Zotero, pandoc).
        bound_files: TOML files of your own theorems, whose keys may be named too.

    Returns:
        The records, each publication once.

    Raises:
        UnknownTheoremError: A key is not in the registry.
        InputError: No key, an entry without a publication, or an unknown format.

    Examples:
        >>> from boundcalc import cite
        >>> print(cite("als19-gd").splitlines()[0])
        @inproceedings{allenzhu2019convergence,
    """
    return written(references(*keys, bound_files=bound_files), fmt)


__all__ = [
    "FORMATS",
    "Formula",
    "catalogue_markdown",
    "cite",
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
