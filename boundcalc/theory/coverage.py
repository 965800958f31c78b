"""The comparison tables this field publishes, as data: which rows, where, as printed, and the entry for each.

The tables are in ``published_tables.toml`` beside this module. ``coverage`` pairs every row with the
registry: a row whose entry is missing is the gap a related-work section would trip over.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from boundcalc.errors import InputError
from boundcalc.parsing.toml import parse_toml
from boundcalc.theory.registry import REGISTRY, Registry


@dataclass(frozen=True)
class PublishedRow:
    printed: tuple[str, ...]  # the cells as the table prints them
    entry: str  # the catalogue key that encodes this row
    note: str = ""


@dataclass(frozen=True)
class PublishedTable:
    name: str
    paper: str
    where: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[PublishedRow, ...]


def published_tables() -> tuple[PublishedTable, ...]:
    """Every comparison table recorded, in the order of the data file."""
    where = "published_tables.toml"
    data = parse_toml(files("boundcalc.theory").joinpath(where).read_text(encoding="utf-8"), where)
    tables = []
    for table in data["table"]:
        rows = tuple(PublishedRow(tuple(r["printed"]), r["entry"], r.get("note", "")) for r in table["rows"])
        if any(len(row.printed) != len(table["columns"]) for row in rows):
            raise InputError(f"{where}: {table['name']}: a row has not one cell per column")
        tables.append(
            PublishedTable(
                table["name"], table["paper"], table["where"], table["caption"], tuple(table["columns"]), rows
            )
        )
    return tuple(tables)


@dataclass(frozen=True)
class CoveredRow:
    table: PublishedTable
    row: PublishedRow
    encoded: bool  # whether the registry holds the row's entry


def coverage(registry: Registry = REGISTRY) -> list[CoveredRow]:
    """Every recorded row, with whether the catalogue encodes it."""
    return [CoveredRow(table, row, row.entry in registry) for table in published_tables() for row in table.rows]
