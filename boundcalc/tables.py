"""Tables for papers from Python: build a :class:`Table`, then ``render`` it to LaTeX, Markdown, text or CSV.

>>> from boundcalc import REGISTRY
>>> from boundcalc.tables import grid_table, render
>>> table = grid_table([REGISTRY["als19-gd"]], "width", {"n": "100,1000", "L": "10"})
>>> print(render(table, "csv"))
n,als19-gd n^24 · L^12 · d · δ^-8 · log^5 m
100,2.0e+79
1000,7.8e+103
<BLANKLINE>

Every function here raises only :mod:`boundcalc.errors` types for bad input (InputError and its
subclasses, exit code 2 on the command line): an empty or foreign list of theorems, an unknown
format, digits that are not a whole number in 1..15.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from boundcalc.errors import InputError, shown
from boundcalc.render import builders, formats
from boundcalc.render.formats import FORMATS
from boundcalc.render.latex import latex_escape
from boundcalc.render.requests import TableRequest, generate_tables, read_spec
from boundcalc.render.table import Formula, Table
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry

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
    """One quantity over a grid (see :func:`boundcalc.render.builders.grid_table`); raises InputError
    for no theorems, an unknown quantity or input, or values that do not parse."""
    return builders.grid_table(_theorems(theorems), quantity, _inputs(inputs), registry, long, orders, cite)


def formula_table(
    theorems: Sequence[Theorem], quantities: Sequence[str] = ("width", "step_size", "iterations"), cite: bool = False
) -> Table:
    """Each theorem's formulas with citations; raises InputError for no theorems."""
    return builders.formula_table(_theorems(theorems), quantities, cite)


def compare_table(
    theorems: Sequence[Theorem],
    inputs: Mapping[str, object],
    registry: Registry = REGISTRY,
    data=None,
    orders: bool = False,
    cite: bool = False,
) -> Table:
    """Width, step size and iterations of several results at one point; raises InputError for no theorems."""
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
    """The table in ``fmt`` (one of :data:`FORMATS`) with ``digits`` significant digits (1..15).

    Raises InputError for a table that is not a :class:`Table`, an unknown format, or digits that
    are not a whole number in 1..15 (``2**63`` or ``2.5``).
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


__all__ = [
    "FORMATS",
    "Formula",
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
