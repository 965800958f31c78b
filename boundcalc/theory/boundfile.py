"""User-defined theorems from TOML files, in the same shape as the built-in ones.

    [[theorem]]
    key = "my-bound"                 # letters, digits and -
    paper = "Me, You"
    year = 2026                      # optional
    theorem = "Theorem 2"            # optional
    status = "recalled"              # stated | restated | derived | recalled
    read_in = "Smith 2026, Table 2"  # the restating text, or what it is derived from (needed for those two)
    source = "arXiv:2601.00000"
    version = "arXiv v2"             # optional: the version its exponents come from
    kind = "guarantee"               # optional: guarantee, lemma, condition, floor, existence
    setting = "deep ReLU, GD"        # optional
    [theorem.quantities]
    width = "n^4 * L^2 / delta^2"    # a formula, or a table: {formula = "...", log_power = 2, order = "Ω"}
    step_size = "delta / (n^2 * m)"
    iterations = "n^2 * log(1/eps)"

Formulas go through our own safe parser (boundcalc._expr), never eval: numbers, the known symbols
(n, L, delta, d, eps, eps_test, eps_res, b, m, eta, omega, lambda0, lambda_deep, lambda_star, fail_prob,
kappa, margin, d_in), + - * / ^, log, sqrt, exp.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from boundcalc.errors import InputError
from boundcalc.parsing.files import read_text
from boundcalc.parsing.toml import parse_toml
from boundcalc.theory.bound import KINDS, STATUSES, Bound, Theorem
from boundcalc.theory.evidence import STATUS_OF, Evidence
from boundcalc.theory.registry import REGISTRY, Registry

MAX_FILE_BYTES = 256 * 1024
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_QUANTITY = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_THEOREM_FIELDS = {
    "key",
    "paper",
    "year",
    "theorem",
    "status",
    "read_in",
    "source",
    "version",
    "kind",
    "setting",
    "quantities",
    "note",
}
_READ_IN = {status: read_in for read_in, status in STATUS_OF.items()}
_QUANTITY_FIELDS = {"formula", "log_power", "order", "relation", "meaning"}
_DEFAULTS = {  # symbol, relation, meaning
    "width": ("m", "≥", "width the result needs"),
    "step_size": ("η", "=", "step size"),
    "iterations": ("T", "=", "iterations until F ≤ ε"),
}


def _text(entry: dict, field: str, where: str, required: bool = True) -> str:
    value = entry.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        raise InputError(f"{where}: {field} must be text of 1 to 500 characters")
    return value.strip()


def _quantity(name: str, spec: object, where: str) -> Bound:
    if not _QUANTITY.match(name):
        raise InputError(f"{where}: quantity name {name!r} must be lower-case letters, digits and _")
    if isinstance(spec, str):
        spec = {"formula": spec}
    if not isinstance(spec, dict):
        raise InputError(f"{where}: quantity {name} must be a formula or a table")
    unknown = set(spec) - _QUANTITY_FIELDS
    if unknown:
        raise InputError(f"{where}: quantity {name}: unknown field {sorted(unknown)[0]!r}")
    from boundcalc.parsing.expression import parse_expression  # SymPy: only where a bound file is read
    from boundcalc.theory.symbolic import SYMBOLS, m

    expression = parse_expression(spec.get("formula", ""), SYMBOLS, f"{where}: {name}")
    symbol, relation, meaning = _DEFAULTS.get(name, (name, "=", name.replace("_", " ")))
    relation = spec.get("relation", relation)
    if not isinstance(relation, str) or relation not in ("≥", "≤", "=", ">=", "<="):
        raise InputError(f"{where}: quantity {name}: relation must be >=, <= or =")
    relation = {">=": "≥", "<=": "≤"}.get(relation, relation)
    log_power = spec.get("log_power", 0)
    if isinstance(log_power, bool) or not isinstance(log_power, (int, float)) or abs(log_power) > 100:
        raise InputError(f"{where}: quantity {name}: log_power must be a number of size at most 100")
    order = spec.get("order", "Ω" if relation == "≥" else "O" if relation == "≤" else "Θ")
    if order not in ("Ω", "O", "Θ", "Ω̃"):
        raise InputError(f"{where}: quantity {name}: order must be Ω, O, Θ or Ω̃")
    width = name == "width"
    if width and m in expression.free_symbols:
        raise InputError(f"{where}: a width may not contain m (use log_power for log m factors)")
    if width and log_power < 0:
        raise InputError(f"{where}: the log power of a width must be ≥ 0")
    return Bound(
        name,
        symbol,
        {"η": r"\eta"}.get(symbol, symbol),
        spec.get("meaning", meaning),
        relation,
        order,
        (),
        log_power=Fraction(log_power).limit_denominator(1000),
        solve_for_m=width,
        expression=expression,
    )


def _theorem(entry: object, where: str) -> Theorem:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: each [[theorem]] must be a table")
    unknown = set(entry) - _THEOREM_FIELDS
    if unknown:
        raise InputError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    key = _text(entry, "key", where)
    if not _KEY.match(key):
        raise InputError(f"{where}: key {key!r} must be lower-case letters, digits and -")
    where = f"{where} ({key})"
    status = _text(entry, "status", where)
    if status not in STATUSES:
        raise InputError(f"{where}: status must be one of {', '.join(STATUSES)}")
    read_in = _text(entry, "read_in", where, required=status in ("restated", "derived"))
    source = _text(entry, "source", where)
    evidence = Evidence(_READ_IN[status], read_in or f"{source}, as the bound file's author declares")
    kind = entry.get("kind", "guarantee")
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be one of {', '.join(KINDS)}")
    year = entry.get("year", 0)
    if isinstance(year, bool) or not isinstance(year, int) or not 0 <= year <= 9999:
        raise InputError(f"{where}: year must be a whole number")
    quantities = entry.get("quantities")
    if not isinstance(quantities, dict) or not quantities:
        raise InputError(f"{where}: needs a [theorem.quantities] table with at least one formula")
    setting = _text(entry, "setting", where, required=False)
    built = tuple(_quantity(name, spec, where) for name, spec in quantities.items())
    # like the built-in theorems: m and η default to this theorem's own width and step size
    derived = {symbol: (None, name) for symbol, name in (("m", "width"), ("eta", "step_size")) if name in quantities}
    return Theorem(
        key=key,
        title=_text(entry, "note", where, required=False) or f"user-defined: {key}",
        paper=_text(entry, "paper", where),
        theorem=_text(entry, "theorem", where, required=False) or "—",
        evidence=evidence,
        version=_text(entry, "version", where, required=False) or "as the bound file's source names it",
        source=source,
        setting=setting,
        architecture=setting,
        year=year,
        kind=kind,
        quantities=built,
        derived=derived,
    )


def load_bound_file(path: str | Path) -> list[Theorem]:
    """The theorems a bound file declares; any problem is one InputError naming the field."""
    where = f"bound file {str(path)!r}"
    text = read_text(path, "bound file", MAX_FILE_BYTES)
    data = parse_toml(text, where)
    unknown = set(data) - {"theorem"}
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r} (only [[theorem]] entries)")
    entries = data.get("theorem")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{where}: no [[theorem]] entries")
    return [_theorem(entry, f"{where}, theorem {i + 1}") for i, entry in enumerate(entries)]


def registry_with(bound_files: Sequence[str | Path], base: Registry | None = None) -> Registry:
    """The built-in theorems (or ``base``) plus those of the bound files: a new registry."""
    base = REGISTRY if base is None else base
    if not bound_files:
        return base
    return base.with_theorems(*(t for path in bound_files for t in load_bound_file(path)))
