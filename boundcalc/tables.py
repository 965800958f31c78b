"""Tables for papers from Python: build a `Table`, then `render` it to LaTeX, Markdown, text or CSV.

>>> from boundcalc import REGISTRY
>>> from boundcalc.tables import grid_table, render
>>> table = grid_table([REGISTRY["als19-gd"]], "width", {"n": "100,1000", "L": "10"})
>>> print(render(table, "csv"))
n,als19-gd n^24 · L^12 · d · δ^-8 · log^5 m
100,2.0e+79
1000,7.8e+103
<BLANKLINE>

Every function here raises only `boundcalc.errors` types for bad input (InputError and its
subclasses, exit code 2 on the command line): an empty or foreign list of theorems, an unknown
format, digits that are not a whole number in 1..15.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from boundcalc.errors import InputError, shown
from boundcalc.numbers.queries import references
from boundcalc.render import builders, formats
from boundcalc.render.catalogue import catalogue_markdown
from boundcalc.render.cells import Formula
from boundcalc.render.citations import written
from boundcalc.render.formats import FORMATS
from boundcalc.render.latex import latex_escape
from boundcalc.render.requests import TableRequest, generate_tables, read_spec
from boundcalc.render.table import Table
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry

if TYPE_CHECKING:
    from boundcalc.data.stats import DataSummary

MAX_DIGITS = 15  # a float's significant digits; the command line's --digits range


def _theorems(theorems: Sequence[Theorem]) -> list[Theorem]:
    if isinstance(theorems, (str, Theorem)) or not isinstance(theorems, Sequence):
        raise InputError(f"theorems: give a list of Theorem objects, got {shown(theorems)}")
    chosen = list(theorems)
    if not chosen:
        raise InputError("theorems: give at least one theorem (an empty list makes no table)")
    for theorem in chosen:
        if not isinstance(theorem, Theorem):
            raise InputError(f"theorems: each must be a Theorem (REGISTRY['als19-gd']), got {shown(theorem)}")
    return chosen


def _inputs(inputs: Mapping[str, object]) -> dict[str, str | None]:
    """Each input as the text a table reads ("100,1000"); a number is accepted as its text."""
    if not isinstance(inputs, Mapping):
        raise InputError(f"inputs: give a mapping such as {{'n': '100,1000'}}, got {shown(inputs)}")
    texts: dict[str, str | None] = {}
    for name, value in inputs.items():
        if not isinstance(name, str):
            raise InputError(f"inputs: names are text, got {shown(name)}")
        if value is None or isinstance(value, str):
            texts[name] = value
        elif isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
            try:
                texts[name] = str(value)
            except ValueError:  # over 4,300 digits: far beyond any input's range
                raise InputError(f"{name}: {shown(value)} is out of range") from None
        else:
            raise InputError(f"{name}: give a number or its text (one value or a list a,b), got {shown(value)}")
    return texts


def grid_table(
    theorems: Sequence[Theorem],
    quantity: str,
    inputs: Mapping[str, object],
    registry: Registry = REGISTRY,
    long: bool = False,
    orders: bool = False,
    cite: bool = False,
) -> Table:
    """One quantity of one or more theorems over a grid of inputs, as ``boundcalc table`` shows it.

    Args:
        theorems: The theorems (from ``REGISTRY`` or a bound file), at least one.
        quantity: The quantity's name (``width``, ``iterations``, …), which every theorem must have.
        inputs: Each input's value or values, as numbers or text ``"100,1000"``.
        registry: Where derived inputs are looked up; the built-in catalogue by default.
        long: One row per grid point instead of rows × columns.
        orders: Accepted for older callers; changes nothing.
        cite: In LaTeX, cite each theorem's paper in its row.

    Returns:
        The [`Table`][boundcalc.tables.Table], ready for [`render`][boundcalc.tables.render].

    Raises:
        InputError: No theorems, an unknown quantity or input, or values that do not parse.
    """
    return builders.grid_table(_theorems(theorems), quantity, _inputs(inputs), registry, long, orders, cite)


def formula_table(
    theorems: Sequence[Theorem], quantities: Sequence[str] = ("width", "step_size", "iterations"), cite: bool = False
) -> Table:
    """Each theorem's formulas in the paper's notation, one row per formula with its status label.

    Args:
        theorems: The theorems, at least one.
        quantities: The quantities to show, where a theorem has them.
        cite: In LaTeX, cite each theorem's paper in its row.

    Returns:
        The [`Table`][boundcalc.tables.Table].

    Raises:
        InputError: No theorems.
    """
    return builders.formula_table(_theorems(theorems), quantities, cite)


def compare_table(
    theorems: Sequence[Theorem],
    inputs: Mapping[str, object],
    registry: Registry = REGISTRY,
    data: DataSummary | None = None,
    orders: bool = False,
    cite: bool = False,
) -> Table:
    """Width, parameters, step size and iterations of several results at one point, as ``boundcalc compare``.

    Args:
        theorems: The theorems, at least one.
        inputs: The point: one value per input, as a number or its text.
        registry: Where derived inputs are looked up; the built-in catalogue by default.
        data: Statistics of a data file (``boundcalc.measure``), whose n, d_in, δ and λ0 fill inputs.
        orders: Accepted for older callers; changes nothing.
        cite: In LaTeX, cite each theorem's paper in its row.

    Returns:
        The [`Table`][boundcalc.tables.Table].

    Raises:
        InputError: No theorems, or an input that does not parse or is out of its domain.
    """
    return builders.compare_table(_theorems(theorems), _inputs(inputs), registry, data, orders, cite)


def render(
    table: Table,
    fmt: str,
    digits: int = 2,
    caption: str | None = None,
    label: str | None = None,
    standalone: bool = False,
    command: str = "boundcalc table",
) -> str:
    """A table written in one format, every string from outside escaped for it.

    Args:
        table: The [`Table`][boundcalc.tables.Table] to write.
        fmt: One of ``FORMATS``: ``latex``, ``markdown``, ``plain``, ``csv``.
        digits: Significant digits of every number, 1 to 15 (CSV keeps whole numbers whole).
        caption: A caption, made inert (never live LaTeX or HTML).
        label: A LaTeX label.
        standalone: A complete LaTeX document instead of a fragment for ``\\input``.
        command: The command named in a LaTeX table's first comment line.

    Returns:
        The table as text.

    Raises:
        InputError: A table that is not a Table, an unknown format, or digits that are not a whole
            number in 1..15 (``2**63`` or ``2.5``).
    """
    if not isinstance(table, Table):
        raise InputError(f"render: expected a Table, got {shown(table)}")
    if fmt not in FORMATS:
        raise InputError(f"unknown table format {shown(fmt)}; use one of {', '.join(FORMATS)}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= MAX_DIGITS:
        raise InputError(f"digits must be a whole number in 1..{MAX_DIGITS}, got {shown(digits)}")
    for name, text in (("caption", caption), ("label", label), ("command", command)):
        if text is not None and not isinstance(text, str):
            raise InputError(f"{name} must be text, got {shown(text)}")
    return formats.render(table, fmt, digits, caption, label, standalone, command)


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
