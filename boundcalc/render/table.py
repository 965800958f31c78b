"""A table is data first: headers, rows and notes, each cell text, a number or a formula.

It is rendered to a format last (``boundcalc.render.formats``), so every format shows the same content.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from boundcalc.numbers.arrays import import_pandas
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.render.cells import Entry, entry_text
from boundcalc.render.escape import terminal_text
from boundcalc.render.formats import render
from boundcalc.theory.bound import one_line

DISPLAY_DIGITS = 3  # significant digits of a table shown in Jupyter


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _number(text: str) -> float | None:
    """A cell's text as a number where it is one (``"1000"``, ``"103.9"``); None otherwise."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass(repr=False)
class Table:
    """Headers, rows and notes; shown in Jupyter as HTML or Markdown, and as a pandas DataFrame by ``to_frame``.

    A cell is text, a Magnitude (a value, shown to the digits asked for) or a Formula.

    Attributes:
        headers: The header rows, top first; ``""`` for an empty cell.
        rows: The body rows, one entry per column.
        notes: The notes under the table: each text, or a tuple of pieces (text and formulas).
        align: LaTeX column types, e.g. ``"lrrr"`` or ``"p{0.3\\linewidth}cl"`` (p: a wrapping text
            column); ``""``: every column ``l``.
        spans: Top headers over several columns: ``(first, last, entry)``, columns counted from 0.
        citations: The BibTeX keys its LaTeX cites.
        groups: ``(first row, title)`` pairs: a heading above a run of rows.

    Examples:
        >>> table = Table([["n", "width"]], [["100", Magnitude(79.3)], ["1000", Magnitude(103.9)]], ["C = 1."])
        >>> table
        <Table 2 rows × 2 columns: n | width; 1 note>
        >>> table.to_frame()["width log10"].tolist()
        [79.3, 103.9]
    """

    headers: Sequence[Sequence[Entry]]  # header rows, top first; "" for an empty cell
    rows: Sequence[Sequence[Entry]]
    notes: Sequence[str | tuple[Entry, ...]] = field(default_factory=list)  # a note: text, or pieces
    align: str = ""  # LaTeX column types, e.g. "lrrr" or "p{0.3\\linewidth}cl" (p: a wrapping text column)
    spans: list[tuple[int, int, Entry]] = field(default_factory=list)  # (first, last) column: a top header
    citations: list[str] = field(default_factory=list)  # BibTeX keys its LaTeX cites
    groups: list[tuple[int, str]] = field(default_factory=list)  # (first row, title): a heading above a run of rows

    def grouped_rows(self) -> list[tuple[str | None, Sequence[Entry]]]:
        """Each row with the title of the group it opens (None where it opens none).

        Returns:
            ``(title, row)`` for each row, in order.

        Examples:
            >>> Table([["x"]], [["a"], ["b"]], groups=[(1, "B")]).grouped_rows()
            [(None, ['a']), ('B', ['b'])]
        """
        titles = dict(self.groups)
        return [(titles.get(index), row) for index, row in enumerate(self.rows)]

    @property
    def column_names(self) -> list[str]:
        """One name per column: the top header's text, else the headers below it joined; unique.

        >>> Table([["n", "als19-gd", "als19-gd"], ["", "n^24", ""]], []).column_names
        ['n', 'als19-gd', 'als19-gd (2)']
        """
        columns = len(self.rows[0]) if self.rows else len(self.headers[0]) if self.headers else 0
        names: list[str] = []
        for index in range(columns):
            texts = [entry_text(header[index], DISPLAY_DIGITS) for header in self.headers if index < len(header)]
            name = texts[0] if texts and texts[0] else " ".join(t for t in texts if t) or f"column {index + 1}"
            unique, copy = name, 1
            while unique in names:
                copy += 1
                unique = f"{name} ({copy})"
            names.append(unique)
        return names

    def __repr__(self) -> str:
        names = self.column_names
        notes = f"; {_count(len(self.notes), 'note')}" if self.notes else ""
        size = f"<Table {_count(len(self.rows), 'row')} × {_count(len(names), 'column')}: "
        return one_line(size + " | ".join(terminal_text(n) for n in names), notes + ">")

    def _repr_markdown_(self) -> str:
        """The Markdown of ``boundcalc table --format markdown``, every text cell and note made inert first.

        >>> print(Table([["key"]], [["<b>*x*</b>"]])._repr_markdown_())
        | key                      |
        |--------------------------|
        | &lt;b&gt;\\*x\\*&lt;/b&gt; |
        <BLANKLINE>
        """
        return render(self, "markdown", digits=DISPLAY_DIGITS)

    def _repr_html_(self) -> str:
        """An HTML table; all text is escaped, so nothing in a cell or note becomes live HTML.

        >>> print(Table([["key"]], [["<script>x</script>"]])._repr_html_())
        <table>
        <thead>
        <tr><th>key</th></tr>
        </thead>
        <tbody>
        <tr><td>&lt;script&gt;x&lt;/script&gt;</td></tr>
        </tbody>
        </table>
        """
        return render(self, "html", digits=DISPLAY_DIGITS)

    def to_frame(self) -> Any:
        """The values shown, as a pandas DataFrame: one column per column of the table.

        A column holding values (``Magnitude``) becomes two: the value as a float (``inf`` beyond
        float64) and ``"<name> log10"``, exact at any size; where a cell of it has no value, the
        reason shown ("needs exponent", "order only") goes to ``"<name> note"``. A column whose cells
        all read as numbers becomes floats; any other stays text. ``attrs["notes"]`` holds the notes.
        Needs pandas (``pip install 'boundcalc[frames]'``).

        Returns:
            The pandas DataFrame.

        Raises:
            InputError: pandas is not installed (the message says how to install it).

        Examples:
            >>> table = Table([["theorem", "width"]], [["a", Magnitude(400.0)], ["b", "needs exponent"]])
            >>> frame = table.to_frame()
            >>> frame["width"].tolist(), frame["width log10"].tolist(), frame["width note"].tolist()[1]
            ([inf, nan], [400.0, nan], 'needs exponent')
        """
        pandas = import_pandas()
        columns: dict[str, list[Any]] = {}
        for index, name in enumerate(self.column_names):
            cells = [row[index] for row in self.rows]
            if any(isinstance(cell, Magnitude) for cell in cells):
                values = [cell if isinstance(cell, Magnitude) else None for cell in cells]
                columns[name] = [_float(v) if v else math.nan for v in values]
                columns[f"{name} log10"] = [v.log10 if v else math.nan for v in values]
                reasons = [None if v else entry_text(cell, DISPLAY_DIGITS) for v, cell in zip(values, cells)]
                if any(reasons):
                    columns[f"{name} note"] = reasons
                continue
            texts = [entry_text(cell, DISPLAY_DIGITS) for cell in cells]
            numbers = [_number(text) for text in texts]
            if texts and all(number is not None or not text for number, text in zip(numbers, texts)):
                columns[name] = [math.nan if number is None else number for number in numbers]
            else:
                columns[name] = texts
        frame = pandas.DataFrame(columns)
        frame.attrs["notes"] = [
            note if isinstance(note, str) else "".join(entry_text(p, DISPLAY_DIGITS) for p in note)
            for note in self.notes
        ]
        return frame


def _float(value: Magnitude) -> float:
    try:
        return value.to_float()
    except OverflowError:
        return math.inf
