"""Evaluating a theorem's quantity at given inputs: one value with its provenance, or arrays.

Both paths resolve inputs the same way: a value the user gave, else a quantity another formula
supplies (the step size is taken at the width the theorem demands), else the input's default.
Everything is computed on log10 of the inputs, so no value overflows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray

from boundcalc.errors import DomainError, IncompleteError, InputError, MissingInputError
from boundcalc.numbers.magnitude import (
    _CHUNK,
    EXACT_UP_TO_LOG10,
    LN10,
    Magnitude,
    smallest_integer_width,
    solve_log_factor,
)
from boundcalc.theory import notation as _formula
from boundcalc.theory.bound import Bound, Log10, Theorem, _fraction, latex_text, one_line
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import BASES, INPUTS, log10_of

if TYPE_CHECKING:
    import sympy as sp


@dataclass(frozen=True)
class Input:
    """An input as used: its value and where it came from ("given", "default: ...", "als19-gd width").

    Attributes:
        name: The input's name (``n``, ``delta``, …).
        value: Its value: exact where given, a Magnitude where derived (a width from a theorem).
        origin: Where it came from: ``given``, ``default: 1/L``, or the quantity it was derived from.
    """

    name: str
    value: Fraction | Magnitude
    origin: str

    def text(self, digits: int = 4) -> str:
        """The value as text, as the command line shows it.

        Args:
            digits: Significant digits of a value not exact.

        Returns:
            The value as text (``1000``, ``7.835 × 10^103``).
        """
        if isinstance(self.value, Magnitude):
            return self.value.text(digits)
        return _number_text(self.value)

    def json_value(self) -> int | float | str:
        """The value as JSON has it: an integer, a float, or scientific text beyond float64.

        Returns:
            The value for ``--format json``.
        """
        if isinstance(self.value, Magnitude):
            if self.value.integer is not None:
                return self.value.integer
            return self.value.sci(6) if self.value.log10 > 300 or self.value.log10 < -300 else self.value.to_float()
        return _json_number(self.value)


@dataclass(frozen=True)
class Evaluation:
    """A quantity of a theorem evaluated at one point, with everything needed to trace it.

    Attributes:
        theorem: The theorem evaluated (with any overrides).
        quantity: The quantity's Bound: formula, exponents, constant, log power.
        inputs: Each input the formula read, with its value and origin.
        value: The number, a [`Magnitude`][boundcalc.Magnitude] (held as its log10).
        unsolved: For a width with a log m factor, the polynomial part C·P alone, before
            solving m ≥ C·P·log^k m; None otherwise.
        status: The status label of this value: stated, restated, derived or recalled.
        warnings: What the reader should know about this value (an input outside a theorem's
            assumption, a default standing in).

    Examples:
        >>> from boundcalc import width
        >>> w = width(n=1000, L=10)
        >>> w.value.sci(), w.status, w.input("delta").origin
        ('7.835e+103', 'restated', 'default: 1/L')
    """

    theorem: Theorem
    quantity: Bound
    inputs: tuple[Input, ...]
    value: Magnitude
    unsolved: Magnitude | None
    status: str
    warnings: tuple[str, ...]

    @property
    def log10(self) -> float:
        """log10 of the value."""
        return self.value.log10

    @property
    def expr(self) -> sp.Expr:
        """The SymPy formula (exponents and constant in place, inputs symbolic)."""
        return self.quantity.expr

    @property
    def formula(self) -> str:
        """The formula in Unicode text (``m ≥ n^24 · L^12 · d · δ^-8 · log^5 m``)."""
        return _formula.formula_text(self.quantity)

    @property
    def formula_latex(self) -> str:
        """The formula in LaTeX."""
        return _formula.formula_latex(self.quantity)

    @property
    def source(self) -> str:
        """The paper and theorem the formula comes from."""
        return self.theorem.source

    @property
    def evidence(self) -> str:
        """Where this quantity was read (the theorem's reading where it has none of its own)."""
        return (self.quantity.evidence or self.theorem.evidence).describe()

    def input(self, name: str) -> Input:
        """The input of that name, as the formula read it.

        Args:
            name: The input's name (``n``, ``delta``, ``m``, …).

        Returns:
            The [`Input`][boundcalc.Input], with its value and origin.

        Raises:
            KeyError: The formula did not read that input.
        """
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self, digits: int = 4) -> dict:
        """The JSON object ``--format json`` prints.

        Args:
            digits: Significant digits of the value as text.

        Returns:
            A dict of plain values: theorem, quantity, value, inputs, source, version, status.
        """
        result = {
            "theorem": self.theorem.key,
            "quantity": self.quantity.name,
            "symbol": self.quantity.symbol,
            "relation": self.quantity.relation,
            "inputs": {item.name: item.json_value() for item in self.inputs},
            "input_origins": {item.name: item.origin for item in self.inputs},
            "exponents": {name: _json_number(e) for name, e in self.quantity.exponents.items()},
            "constant": _json_number(self.quantity.constant),
            "log_power": _json_number(self.quantity.log_power),
            "log10": self.value.log10,
            "value": self.value.sci(digits),
            "formula": self.formula,
            "formula_latex": self.formula_latex,
            "order": self.quantity.order,
            "source": self.source,
            "status": self.status,
            "status_note": self.theorem.status_note,
            "evidence": self.evidence,
            "version": self.theorem.version,
            "order_only": self.quantity.order_only,
            "note": self.quantity.note,
            "overridden": list(self.quantity.overridden),
            "warnings": list(self.warnings),
        }
        if self.unsolved is not None:
            result["log10_without_log_factor"] = self.unsolved.log10
            result["value_without_log_factor"] = self.unsolved.sci(digits)
        return result

    def __str__(self) -> str:
        return f"{self.theorem.key} {self.quantity.name}: {self.quantity.symbol} {self.quantity.relation} {self.value}"

    def __repr__(self) -> str:
        """One line: key, quantity, value and status.

        >>> evaluate("als19-gd", "width", n=1000, L=10)
        <Evaluation als19-gd width: m ≥ 7.835 × 10^103 (restated)>
        """
        head = f"<Evaluation {self.theorem.key} {self.quantity.name}: {self.quantity.symbol} {self.quantity.relation}"
        tail = f" {self.value} ({self.status}{', warnings' if self.warnings else ''})>"
        return one_line(head, tail)

    def _repr_latex_(self) -> str:
        r"""Jupyter shows an evaluation as its formula in LaTeX, the value and the status label.

        >>> print(evaluate("du19-2layer", "width", n=100, lambda0=0.1)._repr_latex_())
        $$m \geq \frac{n^{6}}{\lambda_0^{4}\, p^{3}} \quad\Rightarrow\quad m \geq 1.000\times10^{19} \qquad \text{du19-2layer width; status: stated}$$
        """
        quantity = self.quantity
        relation = {"≥": r"\geq", "≤": r"\leq", "=": "="}[quantity.relation]
        about = f"{self.theorem.key} {quantity.name}; status: {self.status}"
        if self.warnings:
            about += f"; {len(self.warnings)} warning{'s' if len(self.warnings) > 1 else ''} (see .warnings)"
        return (
            rf"$${self.formula_latex} \quad\Rightarrow\quad {quantity.latex_symbol} {relation} {self.value.latex()}"
            rf" \qquad \text{{{latex_text(about)}}}$$"
        )


LONGEST_WHOLE = 40  # digits of a number written out in full; beyond, a mantissa and a power of ten


def _number_text(value: Fraction) -> str:
    """An exact input as text: whole where short, else a mantissa and power of ten, "≈" where rounded.

    >>> _number_text(Fraction(3, 2)), _number_text(Fraction(1, 3)), _number_text(Fraction(10**100, 3))
    ('1.5', '1/3 ≈ 0.333333', '≈ 3.33333 × 10^99')
    >>> _number_text(Fraction(10**400)), _number_text(Fraction(10**400 + 1, 3)), _number_text(Fraction(10**50))
    ('1 × 10^400', '≈ 3.33333 × 10^399', '1e+50')
    """
    if value < 0:
        return "-" + _number_text(-value)
    if value.denominator == 1 and value.numerator < 10**LONGEST_WHOLE:
        return str(value.numerator)
    if 1e-300 < value < 1e300:
        decimal = f"{float(value):.12g}"
        if Fraction(decimal) == value:
            return decimal
        if len(str(value)) <= LONGEST_WHOLE:
            return f"{value} ≈ {float(value):.6g}"
    # long or beyond a float: a mantissa and power of ten from the exact log10
    mantissa, exponent = Magnitude(log10_of(value)).mantissa_exponent(6)
    trimmed = mantissa.rstrip("0").rstrip(".")
    exact = Fraction(trimmed) * Fraction(10) ** exponent == value
    return f"{'' if exact else '≈ '}{trimmed} × 10^{exponent}"


def _json_number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _check_domain(name: str, value: Fraction | NDArray[Any]) -> None:
    """Raise unless ``value`` (a Fraction or an array) lies in the input's domain (``InputSpec.contains``)."""
    spec = INPUTS[name]
    if isinstance(value, Fraction):
        if not spec.contains(value):
            raise DomainError(name, _number_text(value), spec.domain_text)
        return
    with np.errstate(invalid="ignore"):
        good = spec.contains(value)
        if not np.issubdtype(value.dtype, np.integer):
            good &= np.isfinite(value)
    if not np.all(good):
        raise DomainError(name, f"{value[~good].flat[0]:g}", spec.domain_text)


def _coerce_inputs(inputs: Mapping[str, object]) -> dict[str, Fraction]:
    values: dict[str, Fraction] = {}
    for name, raw in inputs.items():
        if raw is None:
            continue
        if name not in INPUTS:
            raise InputError(f"unknown input {name!r}; known: {', '.join(INPUTS)}")
        value = _fraction(raw, name)
        _check_domain(name, value)
        values[name] = value
    return values


class _Resolver:
    """Fills in the log10 of every input a quantity needs, recording where each came from."""

    def __init__(
        self, values: Mapping[str, Fraction | NDArray[Any]], registry: Registry, scalar: bool, orders: bool = False
    ) -> None:
        # a single point holds Fractions, arrays otherwise; defaults add what InputSpec.default_for returns
        self.values: dict[str, object] = dict(values)
        self.log10: dict[str, Log10] = {
            name: (log10_of(cast(Fraction, v)) if scalar else np.log10(cast(NDArray[Any], v)))
            for name, v in values.items()
        }
        self.origins = {name: "given" for name in values}
        self.registry = registry
        self.scalar = scalar
        self.orders = orders  # accepted for older callers: every result with known exponents is evaluated
        self.warnings: list[str] = []
        self.whole: dict[str, Magnitude] = {}  # derived widths, as the exact integers they are
        self.read: list[str] = []  # the inputs some formula read, in order: a given one no formula reads is not shown

    def compute(
        self, theorem: Theorem, quantity: Bound, stack: tuple[tuple[str, str], ...] = ()
    ) -> tuple[Log10, Log10 | None, Magnitude | None]:
        """log10 of the quantity (solved and rounded to a whole width where it is one), log10 of C·P, and
        for a single width the Magnitude carrying its exact integer (None otherwise)."""
        require_value(theorem, quantity, self.orders)
        if quantity.order_only:
            note = f"{theorem.key} {quantity.name} is known only as an order: {quantity.order_only} set to 1"
            if note not in self.warnings:
                self.warnings.append(note)
        for name in quantity.needs:
            self._ensure(name, theorem, stack + ((theorem.key, quantity.name),))
        self._check_assumptions(theorem)
        core = quantity.log10_core(self.log10)
        if not np.all(np.isfinite(core)):
            shown = ", ".join(f"{name} = {self._shown(name)}" for name in quantity.needs)
            why = (
                _domain_failure(quantity, self.log10)
                if np.any(np.isnan(core))
                else "even its log10 lies beyond the float range (an input far too large)"
            )
            raise InputError(f"{theorem.key} {quantity.name} is not finite at {shown}: {why}")
        if not quantity.solve_for_m:
            return core, None, None
        power = float(quantity.log_power)
        if self.scalar:
            width = smallest_integer_width(float(core), power)
            return width.log10, core, width
        solved = solve_log_factor(core, power)
        small = solved <= EXACT_UP_TO_LOG10
        if np.any(small):  # widths are whole numbers; the same rounding slack as smallest_integer_width
            slack = 1e-15 * np.maximum(1.0, np.abs(core) * LN10)
            whole = np.ceil(10.0 ** np.minimum(solved, EXACT_UP_TO_LOG10) * np.exp(-slack))
            solved = np.where(small, np.log10(np.maximum(whole, 1.0)), solved)
        return solved, core, None

    def _ensure(self, name: str, theorem: Theorem, stack: tuple[tuple[str, str], ...]) -> None:
        if name not in self.read:
            self.read.append(name)
        if name in self.log10:
            return
        if name in theorem.derived:
            key, quantity_name = theorem.derived[name]
            source = theorem if key is None else self.registry[key]
            if (source.key, quantity_name) in stack:
                raise InputError(f"{theorem.key}: {name} depends on itself through {source.key} {quantity_name}")
            self.log10[name], _, width = self.compute(source, source.quantity(quantity_name), stack)
            if width is not None:
                self.whole[name] = width
            self.origins[name] = f"{source.key} {quantity_name}"
            return
        spec = INPUTS[name]
        if spec.default is None:
            raise MissingInputError(theorem.key, name, spec.meaning)
        for needed in spec.default_needs:
            self._ensure(needed, theorem, stack)
        value = spec.default_for(self.values)
        self.values[name] = value
        self.log10[name] = log10_of(cast(Fraction, value)) if self.scalar else np.log10(np.asarray(value, dtype=float))
        self.origins[name] = f"default: {spec.default_text}"

    def _check_assumptions(self, theorem: Theorem) -> None:
        for assumption in theorem.assumptions:
            if assumption.holds is None or not all(name in self.log10 for name in assumption.needs):
                continue
            if np.all(assumption.holds(*(self.log10[name] for name in assumption.needs))):
                continue
            shown = ", ".join(f"{name} = {self._shown(name)}" for name in assumption.needs)
            message = f"{theorem.key} assumes {assumption.text}; got {shown}"
            if assumption.severity == "error":
                raise InputError(message)
            if message not in self.warnings:
                self.warnings.append(message)

    def _shown(self, name: str) -> str:
        value = self.values.get(name)
        if isinstance(value, Fraction):
            return _number_text(value)
        if value is None and self.scalar:
            return self.derived(name).text()
        return "(array)"

    def derived(self, name: str) -> Magnitude:
        """A value another formula supplied (a width keeps its exact integer)."""
        return self.whole.get(name) or Magnitude(float(self.log10[name]))


def _domain_failure(quantity: Bound, log10_inputs: Mapping[str, Log10]) -> str:
    """Which of a formula's logarithms is not positive at these inputs (a power of it is then undefined)."""
    bases = [BASES[f.base] for f in quantity.every_factor if f.exponent != 0]
    if quantity.log_power != 0 and not quantity.solve_for_m:
        bases.append(BASES["log_m"])
    with np.errstate(invalid="ignore"):
        failing = [base.unicode for base in bases if base.kind == "log" and np.any(np.isnan(base.log10(log10_inputs)))]
    if not failing:
        return "its logarithms need m > 1, ε < 1, n > ε"
    verb = "is" if len(failing) == 1 else "are"
    return f"{' and '.join(failing)} {verb} not positive here (a logarithm needs its argument above 1)"


def require_value(theorem: Theorem, quantity: Bound, orders: bool = True) -> None:
    """Refuse a quantity whose value would mean nothing: an exponent no source gives.

    A result known only as an order is evaluated like any other (its hidden factors set to 1, as every
    Ω's constant is); ``orders`` is kept for callers of the older API and changes nothing.
    """
    if quantity.missing:
        raise IncompleteError(theorem.key, quantity.name, quantity.missing)


def _theorem(theorem: Theorem | str, registry: Registry | None) -> tuple[Theorem, Registry]:
    registry = REGISTRY if registry is None else registry
    return (registry[theorem] if isinstance(theorem, str) else theorem), registry


def evaluate(
    theorem: Theorem | str,
    quantity: str,
    inputs: Mapping[str, object] | None = None,
    *,
    registry: Registry | None = None,
    orders: bool = False,
    **kwargs: object,
) -> Evaluation:
    """Evaluate one quantity of a theorem at one point.

    Inputs are numbers or number text (``"1e-3"``, ``"3/2"``); missing ones take their default
    or are derived (``m`` defaults to the width the theorem demands). A result known only as an order
    is evaluated with what its source leaves out set to 1 (``quantity.order_only`` names it).

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name: ``width``, ``step_size``, ``iterations``, ``rate``, …
        inputs: The inputs by name, as a mapping.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        **kwargs: More inputs by name, merged with ``inputs``.

    Returns:
        The [`Evaluation`][boundcalc.Evaluation].

    Raises:
        UnknownTheoremError: The key is not in the registry.
        MissingInputError: The formula reads an input not given and without a default.
        IncompleteError: The source leaves an exponent unknown, until it is overridden.
        InputError: An input is outside its domain or not a number; the quantity is unknown.

    Examples:
        >>> evaluate("als19-gd", "width", n=1000, L=10, delta=0.1).value.sci()
        '7.835e+103'
    """
    theorem, registry = _theorem(theorem, registry)
    target = theorem.quantity(quantity)
    resolver = _Resolver(_coerce_inputs({**(inputs or {}), **kwargs}), registry, scalar=True, orders=orders)
    log10_value, core, width = resolver.compute(theorem, target)
    value = width or Magnitude(float(log10_value))
    unsolved = Magnitude(float(core)) if core is not None and target.log_power != 0 else None
    used = []
    for name, origin in resolver.origins.items():
        if name not in resolver.read:
            continue
        shown = resolver.values.get(name)
        if shown is None:
            shown = resolver.derived(name)
        used.append(Input(name, cast(Fraction | Magnitude, shown), origin))
    return Evaluation(
        theorem=theorem,
        quantity=target,
        inputs=tuple(used),
        value=value,
        unsolved=unsolved,
        status=theorem.quantity_status(target, resolver.log10),
        warnings=tuple(resolver.warnings),
    )


def evaluate_many(
    theorem: Theorem | str,
    quantity: str,
    *,
    registry: Registry | None = None,
    orders: bool = False,
    **arrays: object,
) -> np.ndarray:
    """log10 of a quantity over numpy arrays of inputs (broadcast together), vectorised.

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        **arrays: The inputs by name, arrays or numbers; ``exponents``, ``constant`` and
            ``log_power`` among them override the quantity asked for.

    Returns:
        log10 of the quantity at each point, a float array of the broadcast shape.

    Raises:
        InputError: An unknown input, an array that is not numeric, a value outside its domain.

    Examples:
        >>> import numpy as np
        >>> evaluate_many("als19-gd", "width", n=np.array([10, 100]), L=2, delta=0.5, log_power=0).round(3)
        array([30.021, 54.021])
    """
    overrides: dict[str, Any] = {
        key: arrays.pop(key) for key in ("exponents", "constant", "log_power") if key in arrays
    }
    theorem, registry = _theorem(theorem, registry)
    if overrides:
        theorem = theorem.with_overrides(quantity, **overrides)
    values: dict[str, np.ndarray] = {}
    for name, raw in arrays.items():
        if name not in INPUTS:
            raise InputError(f"unknown input {name!r}; known: {', '.join(INPUTS)}")
        array = np.asarray(raw)
        if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
            raise InputError(f"{name}: expected numbers, got an array of {array.dtype}")
        _check_domain(name, array)
        values[name] = array
    shape = np.broadcast_shapes(*(v.shape for v in values.values())) if values else ()
    flat = {name: np.broadcast_to(v, shape).reshape(-1) for name, v in values.items()}
    size = math.prod(shape)
    result = np.empty(size)
    target = theorem.quantity(quantity)
    for start in range(0, max(size, 1), _CHUNK):  # chunks keep every temporary in cache
        chunk = {name: v[start : start + _CHUNK] for name, v in flat.items()}
        log10_value, _, _ = _Resolver(chunk, registry, scalar=False, orders=orders).compute(theorem, target)
        result[start : start + _CHUNK] = log10_value
    return result.reshape(shape)


def import_pandas() -> Any:
    """pandas, an optional extra: imported only when a data frame is asked for; without it an
    ``InputError`` says how to install it.

    >>> import_pandas().DataFrame({"n": [10]}).shape
    (1, 1)
    """
    try:
        import pandas
    except ImportError:
        raise InputError(
            "data frames need pandas, an optional extra: pip install 'boundcalc[frames]' (or pip install pandas)"
        ) from None
    return pandas


def evaluate_frame(
    theorem: Theorem | str,
    quantity: str,
    *,
    registry: Registry | None = None,
    orders: bool = False,
    **arrays: object,
) -> Any:
    """[`evaluate_many`][boundcalc.evaluate_many] as a pandas DataFrame: one row per point, the inputs, ``log10`` and ``value``.

    ``value`` is a float (``inf`` beyond float64, where ``log10`` still holds it); the frame's ``attrs``
    carry the theorem, quantity, status label and version. Needs pandas (``pip install 'boundcalc[frames]'``).

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        **arrays: The inputs by name, arrays or numbers (and the overrides, as for ``evaluate_many``).

    Returns:
        A pandas DataFrame, one row per point.

    Raises:
        InputError: As ``evaluate_many``; EnvironmentFailure where pandas is not installed.

    Examples:
        >>> frame = evaluate_frame("als19-gd", "width", n=[10, 100], L=2, delta=0.5, log_power=0)
        >>> frame[["n", "L", "log10"]].round(3).values.tolist()
        [[10.0, 2.0, 30.021], [100.0, 2.0, 54.021]]
        >>> frame.attrs["status"], frame.attrs["version"].startswith("arXiv:1811.03962")
        ('restated', True)
    """
    pandas = import_pandas()
    overrides: dict[str, Any] = {
        key: arrays.pop(key) for key in ("exponents", "constant", "log_power") if key in arrays
    }
    log10 = evaluate_many(theorem, quantity, registry=registry, orders=orders, **arrays, **overrides)
    chosen, _ = _theorem(theorem, registry)
    if overrides:
        chosen = chosen.with_overrides(quantity, **overrides)
    target = chosen.quantity(quantity)
    columns: dict[str, Any] = {
        name: np.broadcast_to(np.asarray(raw), log10.shape).reshape(-1) for name, raw in arrays.items()
    }
    columns["log10"] = log10.reshape(-1)
    with np.errstate(over="ignore"):
        columns["value"] = np.power(10.0, columns["log10"])
    frame = pandas.DataFrame(columns)
    # the status needs every input's log10, defaults and derived ones included: resolve them once more
    resolver = _Resolver({name: columns[name] for name in arrays}, registry or REGISTRY, scalar=False, orders=orders)
    resolver.compute(chosen, target)
    frame.attrs.update(
        theorem=chosen.key,
        quantity=target.name,
        status=chosen.quantity_status(target, resolver.log10),
        version=chosen.version,
        source=chosen.source,
    )
    return frame
