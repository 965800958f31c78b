"""A table is data first: headers, rows and notes, each cell text, a number or a formula.

It is rendered to a format last (:mod:`boundcalc.render.formats`), so every format shows the same content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from boundcalc.numbers.magnitude import Magnitude


@dataclass(frozen=True)
class Formula:
    """A formula cell: LaTeX for papers, Unicode for the other formats."""

    latex: str
    text: str


Entry = str | Magnitude | Formula


@dataclass
class Table:
    headers: Sequence[Sequence[Entry]]  # header rows, top first; "" for an empty cell
    rows: Sequence[Sequence[Entry]]
    notes: Sequence[str | tuple[Entry, ...]] = field(default_factory=list)  # a note: text, or pieces
    align: str = ""  # LaTeX column types, e.g. "lrrr"
    spans: list[tuple[int, int, Entry]] = field(default_factory=list)  # (first, last) column: a top header
    citations: list[str] = field(default_factory=list)  # BibTeX keys its LaTeX cites
