"""Theorems from TOML: the built-in catalogue and users' bound files are one format, read by one loader.

The shortest bound file (docs/bound-files.md has every field)::

    [[theorem]]
    key = "my-bound"                 # letters, digits and -
    paper = "Me, You"
    status = "recalled"              # stated | restated | derived | recalled
    source = "arXiv:2601.00000"
    [theorem.quantities]
    width = "n^4 * L^2 / delta^2"    # a formula, or a table (below)

A quantity may instead be a table of factors, as every built-in entry is, with its own evidence:
``factors = {n = 24, L = 12, delta = -8}``, ``log_power``, ``constant``, ``order``, ``relation``,
``unknown = ["delta"]`` (exponents no source gives), ``leaves_out`` (what the source's order hides),
``evidence = {status, text, where, quote}`` and ``factor_evidence = {d = {status, text, ...}}``.
A theorem's own evidence is ``evidence = {...}`` or the short form ``status`` with ``read_in``.
A file may open with ``[defaults]``: fields every theorem of the file takes unless it sets them
(its ``assumptions`` come first in each theorem's list).

Formulas go through our own safe parser (boundcalc.parsing.expression), never eval. Only the
built-in files (``trusted``) may set a quantity's ``symbol`` and ``latex_symbol``: no text a user
wrote becomes live LaTeX.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from importlib.resources import files
from pathlib import Path
from typing import Any

from boundcalc.errors import InputError
from boundcalc.parsing.files import read_text
from boundcalc.parsing.number import parse_number
from boundcalc.parsing.toml import parse_toml
from boundcalc.theory.bound import KINDS, NETWORKS, STATUSES, Assumption, Bound, Factor, Survey, Theorem
from boundcalc.theory.evidence import STATUS_OF, Evidence
from boundcalc.theory.symbols import BASES, log10_of

MAX_FILE_BYTES = 256 * 1024
MAX_TEXT = 2000  # characters of one text field
MAX_POWER = 100  # |exponent| or |log power| a file may write
# the built-in catalogue, one file per source or family, in the order `boundcalc list` shows them
CATALOGUE_FILES = ("allen_zhu_li_song", "two_layer", "deep", "classification", "limits")

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_QUANTITY = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_FILE_FIELDS = {"theorem", "defaults"}
_TEXT_FIELDS = (
    "paper",
    "title",
    "theorem",
    "source",
    "version",
    "setting",
    "architecture",
    "data_assumption",
    "kernel",
    "caveats",
)
_THEOREM_FIELDS = {
    *_TEXT_FIELDS,
    "key",
    "year",
    "status",
    "read_in",
    "evidence",
    "kind",
    "quantities",
    "assumptions",
    "derived",
    "survey",
    "note",  # the older name of ``title``
}
_QUANTITY_FIELDS = {
    "formula",
    "factors",
    "symbol",
    "latex_symbol",
    "meaning",
    "relation",
    "order",
    "constant",
    "log_power",
    "log_power_known",
    "unknown",
    "leaves_out",
    "note",
    "evidence",
    "factor_evidence",
    "maximum",
}
_EVIDENCE_FIELDS = {"status", "text", "where", "quote"}
_ASSUMPTION_FIELDS = {"text", "needs", "check", "severity"}
_CHECK_FIELDS = {"product", "at_most", "below"}
_READ_IN = {status: read_in for read_in, status in STATUS_OF.items()}
ORDERS = ("Ω", "Ω̃", "O", "Õ", "Θ", "")  # "": an exact count, no hidden constant (a construction)
ORDER_NAMES = 'Ω, Ω̃, O, Õ, Θ or "" (an exact count)'
_RELATIONS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "=": "="}
_DEFAULTS = {  # symbol, relation, meaning
    "width": ("m", "≥", "width the result needs"),
    "step_size": ("η", "=", "step size"),
    "iterations": ("T", "=", "iterations until F ≤ ε"),
    "parameters": ("P", "≥", "trainable parameters the result needs"),
}
_LATEX_SYMBOLS = {"η": r"\eta", "ρ": r"\rho", "κ": r"\kappa", "ω": r"\omega"}
_SLACK = 1e-12  # a check on log10 values: rounding must not refuse an input exactly on the boundary


def _text(entry: Mapping[str, Any], field: str, where: str, required: bool = True) -> str:
    value = entry.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise InputError(f"{where}: {field} must be text of 1 to {MAX_TEXT} characters")
    return value.strip()


def _table(value: object, field: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: {field} must be a table")
    return value


def _survey(value: object, where: str) -> Survey:
    """``survey = { network = "deep", activation = "ReLU", loss = "squared", algorithm = "GD" }``."""
    entry = _table(value, "survey", where)
    _fields(entry, {"network", "activation", "loss", "algorithm"}, f"{where}: survey")
    text = {name: _text(entry, name, f"{where}: survey", required=False) for name in entry}
    if text.get("network", "") not in ("", *NETWORKS):
        raise InputError(f"{where}: survey network must be one of {', '.join(NETWORKS)}")
    return Survey(**text)


def _fields(entry: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise InputError(f"{where}: unknown field {sorted(unknown)[0]!r}")


def _number(value: object, what: str, limit: int = MAX_POWER) -> Fraction:
    """An exponent, power or constant: an integer, a finite float or a fraction written "3/2"."""
    if isinstance(value, bool):
        raise InputError(f"{what} must be a number, got {value!r}")
    if isinstance(value, str):
        number = parse_number(value, what)
    elif isinstance(value, int):
        number = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{what} must be a finite number, got {value!r}")
        number = Fraction(value).limit_denominator(1000)
    else:
        raise InputError(f"{what} must be a number, got {value!r}")
    if abs(number) > limit:
        raise InputError(f"{what} must lie in [-{limit}, {limit}], got {value}")
    return number


def _evidence(spec: object, where: str) -> Evidence:
    table = _table(spec, "evidence", where)
    _fields(table, _EVIDENCE_FIELDS, f"{where}: evidence")
    status = _text(table, "status", where)
    if status not in STATUSES:
        raise InputError(f"{where}: evidence status must be one of {', '.join(STATUSES)}")
    return Evidence(
        _READ_IN[status],
        _text(table, "text", f"{where}: evidence"),
        _text(table, "where", where, required=False),
        _text(table, "quote", where, required=False),
    )


def _factors(spec: Mapping[str, Any], where: str) -> tuple[Factor, ...]:
    table = _table(spec.get("factors"), "factors", where)
    unknown = spec.get("unknown", [])
    if not isinstance(unknown, list) or not all(isinstance(name, str) for name in unknown):
        raise InputError(f"{where}: unknown must be a list of factor names")
    extra = set(unknown) - set(table)
    if extra:
        raise InputError(f"{where}: unknown names {sorted(extra)[0]!r}, which is not one of its factors")
    evidence = _table(spec.get("factor_evidence", {}), "factor_evidence", where)
    extra = set(evidence) - set(table)
    if extra:
        raise InputError(f"{where}: factor_evidence names {sorted(extra)[0]!r}, which is not one of its factors")
    out = []
    for base, exponent in table.items():
        if base not in BASES:
            raise InputError(f"{where}: unknown factor {base!r}; known: {', '.join(BASES)}")
        read = _evidence(evidence[base], f"{where}, factor {base}") if base in evidence else None
        per: tuple[tuple[str, Fraction], ...] = ()
        if isinstance(exponent, dict):  # an exponent that grows with inputs: {exponent = -4, per = {L = -6}}
            _fields(exponent, {"exponent", "per"}, f"{where}: exponent of {base}")
            slopes = _table(exponent.get("per", {}), "per", where)
            if not slopes or set(slopes) - {name for name, b in BASES.items() if b.kind == "symbol"}:
                raise InputError(f"{where}: the exponent of {base} grows per input, e.g. per = {{L = -6}}")
            per = tuple((name, _number(c, f"{where}: {base}'s exponent per {name}")) for name, c in slopes.items())
            exponent = exponent.get("exponent", 0)
        value = _number(exponent, f"{where}: exponent of {base}")
        out.append(Factor(base, value, read, base not in unknown, per))
    return tuple(out)


def _quantity(name: str, spec: object, where: str, trusted: bool) -> Bound:
    if not _QUANTITY.match(name):
        raise InputError(f"{where}: quantity name {name!r} must be lower-case letters, digits and _")
    if isinstance(spec, str):
        spec = {"formula": spec}
    if not isinstance(spec, dict):
        raise InputError(f"{where}: quantity {name} must be a formula or a table")
    where = f"{where}: quantity {name}"
    _fields(spec, _QUANTITY_FIELDS, where)
    if not trusted and ({"symbol", "latex_symbol"} & set(spec)):
        raise InputError(f"{where}: symbol and latex_symbol are set by boundcalc, not by a bound file")
    if ("formula" in spec) == ("factors" in spec):
        raise InputError(f"{where}: give either a formula or a table of factors")
    symbol, relation, meaning = _DEFAULTS.get(name, (name, "=", name.replace("_", " ")))
    symbol = _text(spec, "symbol", where, required=False) or symbol
    written = spec.get("relation", relation)
    if written not in _RELATIONS:
        raise InputError(f"{where}: relation must be >=, <= or =")
    relation = _RELATIONS[written]
    order = spec.get("order", "Ω" if relation == "≥" else "O" if relation == "≤" else "Θ")
    if order not in ORDERS:
        raise InputError(f"{where}: order must be one of {ORDER_NAMES}")
    log_power = _number(spec.get("log_power", 0), f"{where}: log_power")
    solve_for_m = symbol == "m" and relation == "≥"
    if solve_for_m and log_power < 0:
        raise InputError(f"{where}: the log power of a width must be ≥ 0")
    log_power_known = spec.get("log_power_known", True)
    if not isinstance(log_power_known, bool):
        raise InputError(f"{where}: log_power_known must be true or false")
    expression = None
    factors: tuple[Factor, ...] = ()
    if "formula" in spec:
        for field in ("unknown", "factor_evidence"):
            if field in spec:
                raise InputError(f"{where}: {field} needs a table of factors, not a formula")
        from boundcalc.parsing.expression import parse_expression  # SymPy: only where a formula is read
        from boundcalc.theory.symbolic import SYMBOLS, m

        if not isinstance(spec["formula"], str):
            raise InputError(f"{where}: formula must be text")
        expression = parse_expression(spec["formula"], SYMBOLS, where)
        if solve_for_m and m in expression.free_symbols:
            raise InputError(f"{where}: a width may not contain m (use log_power for log m factors)")
    else:
        factors = _factors(spec, where)
    maximum = spec.get("maximum", [])
    if not isinstance(maximum, list) or len(maximum) == 1 or "formula" in spec and maximum:
        raise InputError(f"{where}: maximum must be a list of at least two tables of factors, beside factors")
    terms = tuple(_factors({"factors": term}, f"{where}, maximum term {i + 1}") for i, term in enumerate(maximum))
    if solve_for_m and any(f.base == "m" for f in factors + tuple(f for t in terms for f in t)):
        raise InputError(f"{where}: a width may not contain m (use log_power for log m factors)")
        if solve_for_m and any(f.base == "m" for f in factors):
            raise InputError(f"{where}: a width may not contain m (use log_power for log m factors)")
    constant = _number(spec.get("constant", 1), f"{where}: constant", limit=10**6)
    if constant <= 0:
        raise InputError(f"{where}: constant must be positive")
    latex_symbol = _text(spec, "latex_symbol", where, required=False) or _LATEX_SYMBOLS.get(symbol, symbol)
    return Bound(
        name,
        symbol,
        latex_symbol,
        _text(spec, "meaning", where, required=False) or meaning,
        relation,
        order,
        factors,
        constant=constant,
        log_power=log_power,
        solve_for_m=solve_for_m,
        evidence=_evidence(spec["evidence"], where) if "evidence" in spec else None,
        note=_text(spec, "note", where, required=False),
        expression=expression,
        order_only=_text(spec, "leaves_out", where, required=False),
        log_power_known=log_power_known,
        maximum=terms,
    )


def _check(spec: object, where: str) -> tuple[tuple[str, ...], Callable[..., Any]]:
    """A hypothesis ``Π x_i^e_i ≤ bound`` (``at_most``) or ``< bound`` (``below``), checked in log space."""
    table = _table(spec, "check", where)
    _fields(table, _CHECK_FIELDS, f"{where}: check")
    product = _table(table.get("product"), "check.product", where)
    if not product or set(product) - set(BASES):
        raise InputError(f"{where}: check.product must name inputs, e.g. {{delta = 1, L = 1}}")
    exponents = [float(_number(e, f"{where}: check exponent of {base}")) for base, e in product.items()]
    if ("at_most" in table) == ("below" in table):
        raise InputError(f"{where}: a check needs either at_most or below")
    strict = "below" in table
    bound = _number(table["below" if strict else "at_most"], f"{where}: check bound", limit=10**6)
    if bound <= 0:
        raise InputError(f"{where}: a check's bound must be positive")
    log10_bound = log10_of(bound)

    def holds(*log10_inputs: Any) -> Any:
        total = sum(e * x for e, x in zip(exponents, log10_inputs))
        return total < log10_bound if strict else total <= log10_bound + _SLACK

    return tuple(product), holds


def _assumption(spec: object, where: str) -> Assumption:
    if isinstance(spec, str):
        spec = {"text": spec}
    table = _table(spec, "assumption", where)
    _fields(table, _ASSUMPTION_FIELDS, f"{where}: assumption")
    text = _text(table, "text", where)
    severity = table.get("severity", "error")
    if severity not in ("error", "warning"):
        raise InputError(f"{where}: assumption severity must be error or warning")
    needs = table.get("needs", [])
    if not isinstance(needs, list) or set(needs) - set(BASES):
        raise InputError(f"{where}: assumption needs must list inputs")
    if "check" not in table:
        return Assumption(text, tuple(needs), None, severity)
    checked, holds = _check(table["check"], where)
    return Assumption(text, checked, holds, severity)


def _derived(spec: object, where: str) -> dict[str, tuple[str | None, str]]:
    out: dict[str, tuple[str | None, str]] = {}
    for name, source in _table(spec, "derived", where).items():
        if name not in BASES or not isinstance(source, str) or source.count(".") > 1:
            raise InputError(f'{where}: derived maps an input to QUANTITY or KEY.QUANTITY, e.g. m = "width"')
        key, _, quantity = source.rpartition(".")
        out[name] = (key or None, quantity)
    return out


def _theorem(entry: object, defaults: Mapping[str, Any], where: str, trusted: bool) -> Theorem:
    own = _table(entry, "each [[theorem]]", where)
    _fields(own, _THEOREM_FIELDS, where)
    entry = {**defaults, **own}
    key = _text(entry, "key", where)
    if not _KEY.match(key):
        raise InputError(f"{where}: key {key!r} must be lower-case letters, digits and -")
    where = f"{where} ({key})"
    source = _text(entry, "source", where)
    if "evidence" in entry:
        if "status" in own or "read_in" in own:
            raise InputError(f"{where}: give evidence or status with read_in, not both")
        evidence = _evidence(entry["evidence"], where)
    else:
        status = _text(entry, "status", where)
        if status not in STATUSES:
            raise InputError(f"{where}: status must be one of {', '.join(STATUSES)}")
        read_in = _text(entry, "read_in", where, required=status in ("restated", "derived"))
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
    built = tuple(_quantity(name, spec, where, trusted) for name, spec in quantities.items())
    assumptions = [*defaults.get("assumptions", []), *own.get("assumptions", [])]
    if "derived" in entry:
        derived = _derived(entry["derived"], where)
    else:  # m and η default to this theorem's own width and step size, where another formula reads them
        derived = {
            symbol: (None, name)
            for symbol, name in (("m", "width"), ("eta", "step_size"))
            if name in quantities and any(symbol in q.needs for q in built if q.name != name)
        }
    text = {field: _text(entry, field, where, required=False) for field in _TEXT_FIELDS}
    try:
        return Theorem(
            key=key,
            title=text["title"] or _text(entry, "note", where, required=False) or f"user-defined: {key}",
            paper=_text(entry, "paper", where),
            theorem=text["theorem"] or "—",
            evidence=evidence,
            version=text["version"] or "as the bound file's source names it",
            source=source,
            setting=text["setting"],
            architecture=text["architecture"] or text["setting"],
            data_assumption=text["data_assumption"],
            kernel=text["kernel"],
            caveats=text["caveats"],
            survey=_survey(entry.get("survey", {}), where),
            year=year,
            kind=kind,
            quantities=built,
            assumptions=tuple(_assumption(a, where) for a in assumptions),
            derived=derived,
        )
    except ValueError as error:  # the model's own checks (a derived input naming no quantity, say)
        raise InputError(f"{where}: {error}") from None


def parse_bound_text(text: str, where: str, trusted: bool = False) -> list[Theorem]:
    """The theorems a bound file's text declares; any problem is one InputError naming the field."""
    data = parse_toml(text, where)
    _fields(data, _FILE_FIELDS, where)
    defaults = _table(data.get("defaults", {}), "defaults", where)
    _fields(defaults, _THEOREM_FIELDS - {"key", "quantities"}, f"{where}: defaults")
    entries = data.get("theorem")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{where}: no [[theorem]] entries")
    theorems = [_theorem(entry, defaults, f"{where}, theorem {i + 1}", trusted) for i, entry in enumerate(entries)]
    keys = [t.key for t in theorems]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise InputError(f"{where}: the key {repeated[0]!r} names two theorems")
    return theorems


def load_bound_file(path: str | Path) -> list[Theorem]:
    """The theorems a bound file declares; any problem is one InputError naming the field.

    Args:
        path: The bound file, TOML of at most 256 KiB (its format: docs/bound-files.md).

    Returns:
        Its theorems, in the order the file declares them; add them to a registry with
            ``REGISTRY.with_theorems(*theorems)``.

    Raises:
        InputError: The file is missing, not a regular file, too large or not UTF-8, or a field
            is missing or wrong (the message names the field).
    """
    where = f"bound file {str(path)!r}"
    return parse_bound_text(read_text(path, "bound file", MAX_FILE_BYTES), where)


def builtin_theorems() -> tuple[Theorem, ...]:
    """The built-in catalogue: the TOML files shipped in boundcalc/theory/catalogue, read as bound files."""
    folder = files("boundcalc.theory").joinpath("catalogue")
    theorems: list[Theorem] = []
    for name in CATALOGUE_FILES:
        text = folder.joinpath(f"{name}.toml").read_text(encoding="utf-8")
        theorems += parse_bound_text(text, f"catalogue file {name}.toml", trusted=True)
    return tuple(theorems)
