"""Table requests: what to tabulate, validated once; the command line and ``make-tables`` both build one.

tables/ is generated from a spec kept in the repository, never written by hand. The spec is TOML,
keyword by keyword (never a command line replayed, never evaluated)::

    [[table]]
    name = "als19-width-grid"          # the files' stem
    kind = "grid"                      # grid (default) | formulas | compare | survey
    quantity = "width"
    theorems = ["als19-gd"]
    n = [100, 1000, 10000]             # inputs: one value or a list (numbers or exact text "1/3")
    L = [2, 10, 100]
    log_power = 0                      # overrides of the quantity: exp = {n = 20}, constant, log_power
    caption = "Width demanded by Theorem 1"
    label = "tab:als19-width-grid"
    width = "text"                     # LaTeX: text (the text block) | column (one column of two)
    formats = ["latex", "markdown"]    # latex → .tex, markdown → .md, plain → .txt, csv → .csv

>>> request = TableRequest(theorems=("als19-gd",), inputs={"n": "100,1000", "L": "10"})
>>> print(request.render("csv"))
n,als19-gd n^24 · L^12 · d · δ^-8 · log^5 m
100,2.0e+79
1000,7.8e+103
<BLANKLINE>
"""

from __future__ import annotations

import re
import shlex
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from boundcalc.errors import InputError
from boundcalc.parsing.files import read_text, write_text
from boundcalc.parsing.number import parse_number
from boundcalc.parsing.toml import parse_toml
from boundcalc.render import builders
from boundcalc.render.formats import WIDTHS, render
from boundcalc.render.table import Table
from boundcalc.theory.overrides import apply_keyed_overrides, apply_overrides
from boundcalc.theory.registry import Registry, registry_with
from boundcalc.theory.symbols import OPTION_INPUTS, input_flag

KINDS = ("grid", "formulas", "compare", "survey")
# the inputs a table takes, in --help's order, from the table of inputs
TABLE_INPUTS = tuple(spec.name for spec in OPTION_INPUTS if spec.in_tables)
SUFFIX = {"latex": ".tex", "markdown": ".md", "plain": ".txt", "csv": ".csv"}
MAX_CELLS = 10_000  # grid points × theorems; more is not a table anyone reads
MAX_SPEC_BYTES = 1 << 20
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


@dataclass(frozen=True)
class TableRequest:
    """One table: its kind, theorems, inputs (``name → "v1,v2,…"``), overrides and presentation.

    Every field is validated here, before any work, so that a spec file is refused whole before one
    of its tables is written. Values stay the text the user gave: the LaTeX comment names the
    request as it was typed.

    Attributes:
        kind: ``grid`` (a quantity over the inputs' values), ``formulas`` (each theorem's formulas),
            ``compare`` (width, step size and iterations at one point) or ``survey`` (a related-work
            table of every result).
        quantity: The quantity a grid shows: ``width``, ``step_size``, ``iterations``, …
        theorems: Theorem keys; the default ``("als19-gd",)`` means every entry for a comparison,
            and every surveyed one for a survey.
        inputs: Each input's values by name, comma-separated text (``{"n": "100,1000"}``); one value
            each for a comparison.
        long: One row per grid point instead of rows × columns.
        exponents: Overrides, as ``--exp`` takes them: ``NAME=VALUE`` (``QUANTITY.NAME=VALUE``
            for another quantity), or ``KEY.QUANTITY.NAME=VALUE`` for a comparison.
        constant: The hidden constant, as ``--constant`` takes it (``C`` or ``QUANTITY=C``); refused
            for a comparison, which keeps every constant at 1.
        log_power: The power of log m, as ``--log-power`` takes it.
        digits: Significant digits, 1 to 15.
        caption: The caption, made inert (never a LaTeX command or HTML).
        label: The LaTeX label.
        standalone: A complete LaTeX document instead of a fragment for ``\\input``.
        bound_files: Bound files whose theorems are added to the built-in ones.
        orders: Accepted for older specs; changes nothing.
        cite: LaTeX: ``\\citet`` in rows and ``\\cite`` in notes (a standalone table carries its .bib).
        width: LaTeX: ``text`` fits the text block (``table*``), ``column`` one column of a
            two-column paper (``table``).

    Raises:
        InputError: An unknown kind, width or input; a survey not of the text width; digits outside
            1..15; an input without values, with several for a comparison, or not a number; or more
            than 10,000 cells.
    """

    kind: str = "grid"
    quantity: str = "width"
    theorems: tuple[str, ...] = ("als19-gd",)
    inputs: Mapping[str, str] = field(default_factory=dict)
    long: bool = False
    exponents: tuple[str, ...] = ()
    constant: str | None = None
    log_power: str | None = None
    digits: int = 2
    caption: str | None = None
    label: str | None = None
    standalone: bool = False
    bound_files: tuple[str, ...] = ()
    orders: bool = False  # evaluate results known only as an order
    cite: bool = False  # LaTeX: \citet in rows, \cite in notes (a standalone table carries its .bib)
    width: str = "text"  # LaTeX: fit the text block (table*) or one column of a two-column paper (table)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"table kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.width not in WIDTHS:
            raise InputError(f"width must be one of {', '.join(WIDTHS)}, got {self.width!r}")
        if self.kind == "survey" and self.width != "text":
            raise InputError("a survey has five columns: it fits the text block (width text), not one column of two")
        if isinstance(self.digits, bool) or not isinstance(self.digits, int) or not 1 <= self.digits <= 15:
            raise InputError(f"digits must lie in 1..15, got {self.digits}")
        unknown = set(self.inputs) - set(TABLE_INPUTS)
        if unknown:
            raise InputError(f"table: unknown input {sorted(unknown)[0]!r}; known: {', '.join(TABLE_INPUTS)}")
        cells = len(self.theorems) if self.kind == "grid" else 1
        for name, text in self.inputs.items():
            items = [item.strip() for item in str(text).split(",") if item.strip()]
            if not items:
                raise InputError(f"{input_flag(name)}: give one or more values separated by commas")
            if self.kind == "compare" and len(items) > 1:
                raise InputError(f"{input_flag(name)}: a comparison is at one point, got {len(items)} values")
            for item in items:
                parse_number(item, name)  # refuse bad values before any work
            cells *= len(items)
            if cells > MAX_CELLS:
                raise InputError(f"the table would have more than {MAX_CELLS} cells; give fewer values")

    def registry(self) -> Registry:
        """The built-in theorems plus those of ``bound_files``.

        Returns:
            A new Registry; the built-in one is unchanged.

        Raises:
            InputError: A bound file cannot be read or is malformed, or two declare the same key.
        """
        return registry_with(self.bound_files)

    def build(self, registry: Registry | None = None) -> Table:
        """The table as data (headers, rows, notes), ready for any format.

        Args:
            registry: Where the keys are looked up; None reads ``bound_files`` again (pass one to
                build several formats from one read).

        Returns:
            The ``Table``.

        Raises:
            UnknownTheoremError: A key is not in the registry.
            InputError: An override the kind refuses (any for a survey, ``constant`` for a
                comparison), or an input or override a formula refuses.
        """
        registry = self.registry() if registry is None else registry
        keys = list(self.theorems)
        quantity = self.quantity
        if self.kind == "compare" and keys == ["als19-gd"]:
            keys, quantity = list(registry), "width"
        if self.kind == "survey":
            if self.inputs or self.exponents or self.constant is not None or self.log_power is not None:
                raise InputError("a survey shows each result's formulas: it takes no inputs and no overrides")
            if keys == ["als19-gd"]:
                keys = [key for key, t in registry.items() if t.kind in builders.SURVEY_KINDS]
            return builders.survey_table([registry[key] for key in keys], cite=self.cite)
        chosen = [registry[key] for key in keys]
        if self.kind == "compare":
            if self.constant is not None:
                raise InputError("a comparison keeps every hidden constant at 1; compare with --constant is refused")
            chosen = apply_keyed_overrides(chosen, self.exponents, () if self.log_power is None else [self.log_power])
            return builders.compare_table(chosen, self.inputs, registry, orders=self.orders, cite=self.cite)
        if self.exponents or self.constant is not None or self.log_power is not None:
            chosen = [apply_overrides(t, quantity, self.exponents, self.constant, self.log_power) for t in chosen]
        if self.kind == "formulas":
            return builders.formula_table(chosen, cite=self.cite)
        return builders.grid_table(chosen, quantity, self.inputs, registry, self.long, self.orders, self.cite)

    def render(self, fmt: str, registry: Registry | None = None) -> str:
        """The table in one of ``boundcalc.render.formats.FORMATS``; LaTeX names its request.

        Args:
            fmt: ``latex``, ``markdown``, ``plain`` or ``csv``.
            registry: As for ``build``.

        Returns:
            The table's text; in LaTeX, a comment names the command that makes it again.

        Raises:
            UnknownTheoremError: A key is not in the registry.
            InputError: An unknown format, or what ``build`` refuses.
        """
        return render(
            self.build(registry),
            fmt,
            self.digits,
            self.caption,
            self.label,
            self.standalone,
            self.command_line(fmt),
            self.width,
        )

    def command_line(self, fmt: str) -> str:
        """The ``boundcalc table`` command that makes this table, options in a fixed order.

        The order is fixed so that a spec and the command line write the same bytes.

        Args:
            fmt: The format the command writes (``--format``).

        Returns:
            The command, each value quoted for a POSIX shell.
        """
        parts = ["boundcalc table"]
        if self.kind != "grid":
            parts.append(f"--{self.kind}")
        if self.quantity != "width":
            parts.append(f"--quantity {shlex.quote(self.quantity)}")
        if self.theorems != ("als19-gd",):
            parts.append(f"--theorem {shlex.quote(','.join(self.theorems))}")
        if self.long:
            parts.append("--long")
        if self.orders:
            parts.append("--orders")
        parts += [f"--exp {shlex.quote(e)}" for e in self.exponents]
        for flag, value in (("--constant", self.constant), ("--log-power", self.log_power)):
            if value is not None:
                parts.append(f"{flag} {shlex.quote(value)}")
        parts += [
            f"{input_flag(name)} {shlex.quote(self.inputs[name])}" for name in TABLE_INPUTS if name in self.inputs
        ]
        parts.append(f"--format {fmt}")
        if self.digits != 2:
            parts.append(f"--digits {self.digits}")
        for flag, value in (("--caption", self.caption), ("--label", self.label)):
            if value is not None:
                parts.append(f"{flag} {shlex.quote(value)}")
        if self.width != "text":
            parts.append(f"--width {self.width}")
        if self.standalone:
            parts.append("--standalone")
        if self.cite:
            parts.append("--cite")
        parts += [f"--bound-file {shlex.quote(path)}" for path in self.bound_files]
        return " ".join(parts)


_SPEC_KEYS = {
    "name",
    "kind",
    "quantity",
    "theorems",
    "long",
    "exp",
    "constant",
    "log_power",
    "digits",
    "caption",
    "label",
    "standalone",
    "orders",
    "cite",
    "width",
    "formats",
    *TABLE_INPUTS,
}


def _scalar_text(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InputError(f"{where}: expected a number or text, got {type(value).__name__}")
    return value if isinstance(value, str) else repr(value)


def _text(entry: dict, key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where}: {key} must be text")
    return value


def request_from_toml(entry: object, where: str) -> tuple[str, TableRequest, tuple[str, ...]]:
    """One ``[[table]]`` entry: its name, its request and the formats to write."""
    if not isinstance(entry, dict):
        raise InputError(f"{where}: each [[table]] must be a table of keys")
    unknown = set(entry) - _SPEC_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{where}: name must be 1–100 letters, digits, - or _")
    where = f"{where} ({name})"
    formats = entry.get("formats", ["latex", "markdown"])
    if not isinstance(formats, list) or not formats or not all(f in SUFFIX for f in formats):
        raise InputError(f"{where}: formats must be a list of some of {', '.join(SUFFIX)}")
    theorems = entry.get("theorems", ["als19-gd"])
    if not isinstance(theorems, list) or not theorems or not all(isinstance(t, str) for t in theorems):
        raise InputError(f"{where}: theorems must be a list of keys")
    inputs = {}
    for key in TABLE_INPUTS:
        if key in entry:
            values = entry[key] if isinstance(entry[key], list) else [entry[key]]
            inputs[key] = ",".join(_scalar_text(v, f"{where}: {key}") for v in values)
    exp = entry.get("exp", {})
    if not isinstance(exp, dict):
        raise InputError(f"{where}: exp must be a table such as {{n = 20}}")
    flags = {}
    for key in ("long", "standalone", "orders", "cite"):
        flags[key] = entry.get(key, False)
        if not isinstance(flags[key], bool):
            raise InputError(f"{where}: {key} must be true or false")
    digits = entry.get("digits", 2)
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise InputError(f"{where}: digits must be a whole number")
    request = TableRequest(
        width=_text(entry, "width", where) or "text",
        kind=_text(entry, "kind", where) or "grid",
        quantity=_text(entry, "quantity", where) or "width",
        theorems=tuple(theorems),
        inputs=inputs,
        exponents=tuple(f"{k}={_scalar_text(v, f'{where}: exp.{k}')}" for k, v in exp.items()),
        constant=None if "constant" not in entry else _scalar_text(entry["constant"], f"{where}: constant"),
        log_power=None if "log_power" not in entry else _scalar_text(entry["log_power"], f"{where}: log_power"),
        digits=digits,
        caption=_text(entry, "caption", where),
        label=_text(entry, "label", where),
        **flags,
    )
    return name, request, tuple(formats)


def read_spec(path: str | Path) -> list[tuple[str, TableRequest, tuple[str, ...]]]:
    """Every table of a spec file, each validated before any is built.

    Args:
        path: The spec, TOML of ``[[table]]`` entries (tables/tables.toml; its keys in the module's
            docstring), at most 1 MiB.

    Returns:
        ``(name, request, formats)`` for each table, in the spec's order.

    Raises:
        InputError: The file cannot be read or is not TOML, an entry has an unknown or malformed
            key, a bound file is bad, or two tables share a name.
        UnknownTheoremError: An entry names a key no registry holds.
    """
    where = f"table spec {str(path)!r}"
    spec = parse_toml(read_text(path, "table spec", MAX_SPEC_BYTES), where)
    unknown = set(spec) - {"table"}
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r} (only [[table]] entries)")
    tables = spec.get("table", [])
    if not isinstance(tables, list):
        raise InputError(f"{where}: table must be an array of tables, [[table]]")
    read = [request_from_toml(entry, f"{where}, entry {i + 1}") for i, entry in enumerate(tables)]
    for _, request, _ in read:
        registry = request.registry()
        for key in request.theorems:
            registry[key]  # an unknown key is refused before any table is written
    names = [name for name, _, _ in read]
    if len(set(names)) != len(names):
        raise InputError(f"{where}: two tables share the name {next(n for n in names if names.count(n) > 1)!r}")
    return read


def _write_all(tables: list[tuple[str, TableRequest, tuple[str, ...]]], outdir: Path) -> list[Path]:
    written = []
    for name, request, formats in tables:
        registry = request.registry()
        for fmt in formats:
            path = outdir / f"{name}{SUFFIX[fmt]}"
            try:
                text = request.render(fmt, registry)
            except InputError as error:
                raise InputError(f"table {name!r} ({fmt}): {error}") from None
            write_text(path, text, f"table {name!r}")
            written.append(path)
    return written


def generate_tables(spec: str | Path, outdir: str | Path | None = None, check_only: bool = False) -> list[Path]:
    """Write every table of the spec; with ``check_only``, write nothing and return the stale files.

    Every table is validated before the first file is written, and each file is replaced
    atomically: a bad spec writes nothing, and an interrupted run leaves no half-written table.

    Args:
        spec: The spec file (tables/tables.toml).
        outdir: Where the tables go; the spec's folder by default.
        check_only: Build each table in a scratch folder and compare it with the one in ``outdir``,
            writing nothing there.

    Returns:
        The files written; with ``check_only``, those missing or differing from a fresh build.

    Raises:
        InputError: What ``read_spec`` refuses, a table that cannot be built (the message names
            it and its format), or an output path that is not a writable file.
        UnknownTheoremError: A key no registry holds.
        EnvironmentFailure: A full disk or a missing permission.
    """
    tables = read_spec(spec)
    outdir = Path(outdir) if outdir is not None else Path(spec).parent
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
