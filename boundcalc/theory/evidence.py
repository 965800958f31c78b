"""Where a formula was read, and the status label that follows from it (never typed by hand).

- read in the authors' own text             → **stated**
- read in another, named text restating it  → **restated**
- computed here from a statement read above → **derived**
- read nowhere (widely quoted, or inferred)  → **recalled**
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("stated", "restated", "derived", "recalled")  # strongest evidence first
STATUS_OF = {"authors": "stated", "restatement": "restated", "derivation": "derived", "nowhere": "recalled"}

STATUS_MEANINGS = {
    "stated": "read in the authors' own text",
    "restated": "read in another, named text that restates the result",
    "derived": "computed by boundcalc from a statement that was read (the derivation is shown)",
    "recalled": "widely quoted but not read in any text here: a default to check and override",
}
HOW_TO_CITE = (
    "cite the original paper (boundcalc cite KEY), not boundcalc, for the formula; say which version its "
    "exponents come from; for a restated value name the restating text too; present a recalled or derived "
    "value as such; and give boundcalc's version with any number it computed, since hidden constants are "
    "set to 1"
)


@dataclass(frozen=True)
class Evidence:
    """One reading of a formula: ``read_in`` says where, ``text`` names it, ``where`` points inside it,
    ``quote`` is what was read there, verbatim (the formula or sentence as printed).

    ``text`` is: for the authors, their text with its version (arXiv id and version, or venue and
    pages); for a restatement, the restating text, named the same way; for a derivation, the statement
    it is computed from (``where`` says how); for nothing read, why the formula is encoded anyway.
    A stated or restated reading always has a quote and a location (the catalogue's tests check it).
    """

    read_in: str
    text: str
    where: str = ""
    quote: str = ""

    def __post_init__(self) -> None:
        if self.read_in not in STATUS_OF:
            raise ValueError(f"read_in must be one of {', '.join(STATUS_OF)}, got {self.read_in!r}")
        if not self.text.strip():
            raise ValueError(f"evidence read in {self.read_in!r} must name its text")

    @property
    def status(self) -> str:
        return STATUS_OF[self.read_in]

    def describe(self) -> str:
        where = f": {self.where}" if self.where else ""
        quoted = f' — "{self.quote}"' if self.quote else ""
        return {
            "authors": f"read in the authors' text ({self.text}{where}){quoted}",
            "restatement": f"read in {self.text}, which restates it ({self.where or 'the result'}){quoted}",
            "derivation": f"derived here from {self.text}{where}",
            "nowhere": f"not read in any text: {self.text}{where}",
        }[self.read_in]


def stated(text: str, where: str = "", quote: str = "") -> Evidence:
    return Evidence("authors", text, where, quote)


def restated(by: str, where: str = "", quote: str = "") -> Evidence:
    return Evidence("restatement", by, where, quote)


def derived(from_: str, how: str = "") -> Evidence:
    return Evidence("derivation", from_, how)


def recalled(why: str) -> Evidence:
    return Evidence("nowhere", why)


def weakest(*statuses: str) -> str:
    return max(statuses, key=STATUSES.index)
