"""tables/ is generated from a spec kept in the repository, never written by hand.

The spec is TOML: each ``[[table]]`` has a ``name``, the ``args`` of ``boundcalc table`` (a list of
strings, parsed like the command line, never evaluated) and the ``formats`` to write
(``latex`` → NAME.tex, ``markdown`` → NAME.md, ``plain`` → NAME.txt, ``csv`` → NAME.csv).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from boundcalc.errors import InputError
from boundcalc.parsing.toml import parse_toml

SUFFIX = {"latex": ".tex", "markdown": ".md", "plain": ".txt", "csv": ".csv"}
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def read_spec(path: Path) -> list[dict]:
    try:
        text = path.read_text()
    except OSError as error:
        raise InputError(f"cannot read table spec {str(path)!r}: {error.strerror}") from None
    spec = parse_toml(text, f"table spec {str(path)!r}")
    unknown = set(spec) - {"table"}
    if unknown:
        raise InputError(f"table spec: unknown key {sorted(unknown)[0]!r} (only [[table]] entries)")
    tables = spec.get("table", [])
    for index, table in enumerate(tables):
        where = f"table spec entry {index + 1}"
        if set(table) - {"name", "args", "formats"}:
            raise InputError(f"{where}: unknown key {sorted(set(table) - {'name', 'args', 'formats'})[0]!r}")
        if not isinstance(table.get("name"), str) or not _NAME.match(table["name"]):
            raise InputError(f"{where}: name must be letters, digits, - or _")
        if not isinstance(table.get("args"), list) or not all(isinstance(a, str) for a in table["args"]):
            raise InputError(f"{where} ({table['name']}): args must be a list of strings")
        formats = table.get("formats", ["latex", "markdown"])
        if not isinstance(formats, list) or not formats or set(formats) - set(SUFFIX):
            raise InputError(f"{where} ({table['name']}): formats must be some of {', '.join(SUFFIX)}")
        if any(a in ("--output", "--format") for a in table["args"]):
            raise InputError(f"{where} ({table['name']}): --output and --format come from the spec")
    return tables


def _write_all(tables: list[dict], outdir: Path) -> list[Path]:
    from boundcalc.cli import main

    written = []
    for table in tables:
        for fmt in table.get("formats", ["latex", "markdown"]):
            path = outdir / f"{table['name']}{SUFFIX[fmt]}"
            code = main(["table", *table["args"], "--format", fmt, "--output", str(path)])
            if code != 0:
                raise InputError(f"table {table['name']!r} ({fmt}) failed")
            written.append(path)
    return written


def generate_tables(spec: Path, outdir: Path | None = None, check_only: bool = False) -> list[Path]:
    """Write every table of the spec; with ``check_only``, write nothing and return the stale files."""
    tables = read_spec(spec)
    outdir = outdir or spec.parent
    if not check_only:
        outdir.mkdir(parents=True, exist_ok=True)
        return _write_all(tables, outdir)
    with tempfile.TemporaryDirectory() as scratch:
        fresh = _write_all(tables, Path(scratch))
        return [
            outdir / p.name
            for p in fresh
            if not (outdir / p.name).is_file() or (outdir / p.name).read_bytes() != p.read_bytes()
        ]
