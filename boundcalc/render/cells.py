"""The cells of a table: text, a number (a Magnitude) or a formula, and how a column is typeset.

Apart from ``boundcalc.render.table`` so that the formats (``boundcalc.render.formats``) read cells
without importing the table that imports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from boundcalc.numbers.magnitude import Magnitude


@dataclass(frozen=True)
class Formula:
    """A formula cell: LaTeX for papers, Unicode for the other formats.

    Its LaTeX goes into the paper unescaped, so build one only from boundcalc's own formulas, never
    from a user's text.

    Attributes:
        latex: What the LaTeX cell holds, math in its dollar signs (``$n^{24}$``).
        text: The formula in Unicode, for Markdown, plain text and CSV.
    """

    latex: str
    text: str


Entry = str | Magnitude | Formula


def shown(value: Magnitude, digits: int) -> Magnitude:
    """The value as a table shows it to ``digits`` significant digits: an exact integer with more
    digits than that (7290000000 at 3 digits) is shown as a mantissa and a power of ten, like any
    larger value, so a column reads alike at every magnitude.

    >>> shown(Magnitude.from_integer(7290000000), 3).text(3), shown(Magnitude.from_integer(124), 3).text(3)
    ('7.29 × 10^9', '124')
    """
    if value.integer is not None and len(str(value.integer)) > digits:
        return Magnitude(value.log10)
    return value


def entry_text(entry: Entry, digits: int) -> str:
    """A cell in Unicode text, as Markdown, plain text and CSV show it (a number to ``digits`` digits)."""
    if isinstance(entry, Magnitude):
        return shown(entry, digits).text(digits)
    if isinstance(entry, Formula):
        return entry.text
    return entry


def note_pieces(note: str | tuple[Entry, ...]) -> tuple[Entry, ...]:
    """A table's note as the pieces it is made of (a plain note is one piece of text)."""
    return (note,) if isinstance(note, str) else note


_COLUMN_TYPE = re.compile(r"p\{[^{}]*\}|[lcr]")


def column_types(align: str) -> list[str]:
    r"""The column types of a LaTeX column spec.

    >>> column_types(r"p{0.3\linewidth}cl")
    ['p{0.3\\linewidth}', 'c', 'l']
    """
    return _COLUMN_TYPE.findall(align)
