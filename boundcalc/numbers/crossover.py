"""Two bounds compared: where they cross as one input varies with the others fixed, and how their ratio grows.

``crossover(a, b, over="n", L=2, lambda0=0.1)`` evaluates both quantities on a grid of the input's
range (``points`` log-spaced values; integers on integers), finds every change of sign of
log10 a − log10 b there and refines each by bisection (to adjacent integers, or to about 1e-12 in log10
for a real input). The range is the one both theorems' assumptions allow, found as ``solve`` finds
it. Two crossings closer together than the grid's spacing can be missed; a touch without a change of
sign is not a crossing.

The ratio a/b is also given exactly: as a SymPy expression, and as the difference of the exponents of
each factor (exact fractions), which says how the ratio grows in each input.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from boundcalc.errors import InputError
from boundcalc.errors import shown as shown_value
from boundcalc.numbers.axis import INTEGER_LIMIT, admissible_range, allowed_by, grid, narrow, point_text
from boundcalc.numbers.evaluate import Evaluation, evaluate
from boundcalc.numbers.exact import coerce_inputs
from boundcalc.numbers.resolve import require_value, resolve_theorem
from boundcalc.theory.bound import Bound, Theorem, one_line
from boundcalc.theory.evidence import weakest
from boundcalc.theory.registry import Registry
from boundcalc.theory.symbolic import SYMBOLS
from boundcalc.theory.symbols import INPUTS

GRID_POINTS = 200
MAX_GRID_POINTS = 10_000
EQUAL = "equal"  # neither is smaller
CROSSING_TO = 1e-12  # a crossing over a real input is refined to this in log10 (relative beyond 1)
_NAME_OF_SYMBOL = {symbol: name for name, symbol in SYMBOLS.items()}


@dataclass(frozen=True)
class Compared:
    """One of the two quantities compared, with the labels every output carries.

    >>> side = crossover("als19-gd", "du19-2layer", L=2, lambda0=0.1, points=10).b
    >>> side.label, side.formula, side.status, side.version
    ('du19-2layer', 'm ≥ n^6 · λ0^-4 · p^-3', 'stated', 'arXiv:1810.02054 v2 (ICLR 2019)')
    """

    label: str  # the theorem's key, made unique where both sides share one
    key: str
    quantity: str
    formula: str
    status: str  # the weakest label of the evaluations made (as `width` and `bounds` show it)
    version: str
    source: str


@dataclass(frozen=True)
class Crossing:
    """A change of sign: ``smaller_below`` is the smaller at ``below`` and ``smaller_above`` at ``above``.

    For an integer input ``above`` is ``below + 1``; for a real one they differ by about 1e-12 in
    log10. Where the two are exactly equal at a point, ``below == above`` and that point is where they cross.

    >>> crossover("als19-gd", "du19-2layer", L=2, lambda0=1e-6).crossings[0]
    Crossing(below=4, above=5, smaller_below='als19-gd', smaller_above='du19-2layer')
    """

    below: int | float
    above: int | float
    smaller_below: str
    smaller_above: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Crossover:
    """Where quantity a and quantity b cross as ``over`` varies over ``[low, high]``, the other inputs fixed.

    Attributes:
        a: The first side: its key, quantity, formula, status label, version and source.
        b: The second side.
        over: The input that varies.
        inputs: The inputs held fixed, as text.
        low: The low end of the range searched (what both theorems' assumptions allow).
        high: The high end.
        crossings: Every change of sign found, refined by bisection.
        smaller_at_low: The key of the smaller one at ``low`` (or ``"equal"``).
        smaller_at_high: The key of the smaller one at ``high`` (or ``"equal"``).
        log10_low: (log10 a, log10 b) at ``low``.
        log10_high: (log10 a, log10 b) at ``high``.
        exponents: For each factor, its exponent in a and in b (None where a general formula
            gives none); ``growth`` is their difference.
        log_power: The difference of the powers of log m: the ratio's log factor.
        ratio: a/b as a SymPy expression, constants included.
        points: Grid points searched for a change of sign.
        warnings: What the reader should know (an end of the range set by an assumption, …).

    Examples:
        >>> result = crossover("als19-gd", "du19-2layer", L=2, lambda0=0.1)
        >>> result
        <Crossover als19-gd width vs du19-2layer width over n: no crossing in [1, 1e+18]>
        >>> result.smaller_at_low, result.smaller_at_high, result.exponents["n"], result.growth["n"]
        ('du19-2layer', 'du19-2layer', (Fraction(24, 1), Fraction(6, 1)), Fraction(18, 1))
        >>> print(result)
        als19-gd width vs du19-2layer width, n from 1 to 1e+18 (L = 2, lambda0 = 0.1)
          they never cross in range (... points searched): du19-2layer's is the smaller at both ends
        ...
    """

    a: Compared
    b: Compared
    over: str
    inputs: dict[str, str]
    low: int | float
    high: int | float
    crossings: tuple[Crossing, ...]
    smaller_at_low: str
    smaller_at_high: str
    log10_low: tuple[float, float]
    log10_high: tuple[float, float]
    exponents: dict[str, tuple[Fraction | None, Fraction | None]]
    log_power: Fraction
    ratio: sp.Expr
    points: int
    warnings: tuple[str, ...] = field(default=())

    @property
    def growth(self) -> dict[str, Fraction | None]:
        """The exponent of each factor in the ratio a/b: exact, None where a general formula hides it."""
        return {base: None if a is None or b is None else a - b for base, (a, b) in self.exponents.items()}

    @property
    def cross(self) -> bool:
        """Whether the two cross anywhere in range."""
        return bool(self.crossings)

    def __repr__(self) -> str:
        found = (
            f"{len(self.crossings)} crossing{'s' if len(self.crossings) > 1 else ''}"
            if self.crossings
            else "no crossing"
        )
        head = f"<Crossover {self.a.label} {self.a.quantity} vs {self.b.label} {self.b.quantity} over {self.over}"
        return one_line(head, f": {found} in [{point_text(self.low)}, {point_text(self.high)}]>")

    @property
    def equal_throughout(self) -> bool:
        """Whether neither is smaller at either end (and so, without a crossing, anywhere)."""
        return self.smaller_at_low == EQUAL and self.smaller_at_high == EQUAL

    @property
    def smaller_at_an_end(self) -> str:
        """The one smaller at the low end, else at the high end (``"equal"`` where neither is)."""
        return self.smaller_at_low if self.smaller_at_low != EQUAL else self.smaller_at_high

    def __str__(self) -> str:
        from boundcalc.render.crossings import crossover_text  # presentation lives in render/

        return crossover_text(self)

    def to_dict(self) -> dict:
        """The JSON object the command line prints (``boundcalc.render.crossings.crossover_dict``)."""
        from boundcalc.render.crossings import crossover_dict  # presentation lives in render/

        return crossover_dict(self)


def factor_exponents(quantity: Bound) -> dict[str, Fraction | None]:
    """The exponent of each factor of a formula, by base name; a general formula (a bound file's) is read
    as a product: a power of one input gives its exponent, a power of a polynomial its degree times the
    power, a logarithm nothing (it grows slower than any power), anything else None for the inputs it reads.

    >>> from boundcalc import REGISTRY, parse_expression
    >>> factor_exponents(REGISTRY["du19-2layer"].quantity("width"))
    {'n': Fraction(6, 1), 'lambda0': Fraction(-4, 1), 'fail_prob': Fraction(-3, 1)}
    """
    if quantity.expression is None:
        exponents = dict[str, Fraction | None](quantity.exponents)
        for factor in quantity.factors:  # an exponent that grows with an input: no power law in either
            if factor.per:
                exponents[factor.base] = None
                exponents.update({name: None for name, _ in factor.per})
        if quantity.maximum:  # the largest product dominates: its exponent in each input
            for base in {f.base for term in quantity.maximum for f in term}:
                largest = max(
                    sum((f.exponent for f in term if f.base == base), Fraction(0)) for term in quantity.maximum
                )
                current = exponents.get(base, Fraction(0))
                exponents[base] = None if current is None else current + largest
        return exponents
    found: dict[str, Fraction | None] = {}
    for factor in sp.Mul.make_args(quantity.expression):
        if not factor.free_symbols:
            continue
        base, power = factor.as_base_exp()
        if base in _NAME_OF_SYMBOL and power.is_Rational:
            name = _NAME_OF_SYMBOL[base]
            current = found.get(name, Fraction(0))
            if current is not None:
                found[name] = current + _fraction(power)
        elif isinstance(base, sp.log) and power.is_Rational:
            continue  # slower than any power: no polynomial growth
        else:
            for symbol in factor.free_symbols:
                if symbol not in _NAME_OF_SYMBOL:
                    continue
                name = _NAME_OF_SYMBOL[symbol]
                degree = _degree(base, symbol) if power.is_Rational else None
                current = found.get(name, Fraction(0))
                found[name] = None if degree is None or current is None else current + degree * _fraction(power)
    return found


def _fraction(value: sp.Expr) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _degree(base: sp.Expr, symbol: sp.Symbol) -> Fraction | None:
    """The degree of a polynomial in ``symbol`` (its growth as the symbol grows); None for anything else."""
    try:
        return Fraction(sp.Poly(base, symbol).degree())
    except sp.PolynomialError:
        return None


def _labels(a: Theorem, qa: str, b: Theorem, qb: str) -> tuple[str, str]:
    if a.key != b.key:
        return a.key, b.key
    if qa != qb:
        return f"{a.key} ({qa})", f"{b.key} ({qb})"
    return f"{a.key} (a)", f"{b.key} (b)"


def crossover(
    theorem_a: Theorem | str,
    theorem_b: Theorem | str,
    over: str = "n",
    quantity: str = "width",
    inputs: Mapping[str, object] | None = None,
    *,
    quantity_b: str | None = None,
    registry: Registry | None = None,
    orders: bool = False,
    points: int = GRID_POINTS,
    **given: object,
) -> Crossover:
    """Where ``quantity`` of two theorems (``quantity_b`` of the second, where given) cross as ``over`` varies.

    The other inputs are fixed (``inputs`` or keywords; missing ones take their defaults, as in
    [`evaluate`][boundcalc.evaluate]). Every change of sign of log10 a − log10 b on a grid of
    log-spaced points of the range both theorems' assumptions allow is refined by bisection. A result
    known only as an order is compared like any other (a warning names what it leaves out).

    Args:
        theorem_a: The first theorem: a key or a Theorem.
        theorem_b: The second theorem.
        over: The input that varies (``n``, ``L``, ``delta``, ``lambda0``, …).
        quantity: The quantity compared (``width`` by default).
        inputs: The inputs held fixed, by name.
        quantity_b: The second theorem's quantity, where it differs from ``quantity``.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        points: Grid points searched for a change of sign (at least 3).
        **given: More fixed inputs by name, merged with ``inputs``.

    Returns:
        The [`Crossover`][boundcalc.Crossover]: the crossings, which is smaller on each side,
            the ratio and its growth, both status labels.

    Raises:
        UnknownTheoremError: A key is not in the registry.
        IncompleteError: A source leaves an exponent unknown, until it is overridden.
        InputError: An unknown input to vary, the varied input given too, or a bad value.

    Examples:
        >>> result = crossover("als19-gd", "du19-2layer", over="n", L=2, lambda0=1e-6)
        >>> len(result.crossings), result.crossings[0].below, result.crossings[0].above
        (1, 4, 5)
        >>> result.crossings[0].smaller_below
        'als19-gd'
        >>> result.growth["n"], result.growth["lambda0"]
        (Fraction(18, 1), Fraction(4, 1))
        >>> result.a.status, result.b.status
        ('restated', 'stated')
    """
    first, registry = resolve_theorem(theorem_a, registry)
    second, _ = resolve_theorem(theorem_b, registry)
    bound_a, bound_b = first.quantity(quantity), second.quantity(quantity_b or quantity)
    require_value(first, bound_a, orders)
    require_value(second, bound_b, orders)
    if over not in INPUTS:
        raise InputError(f"unknown input {over!r} to vary; known: {', '.join(INPUTS)}")
    fixed = {name: value for name, value in {**(inputs or {}), **given}.items() if value is not None}
    if over in fixed:
        raise InputError(f"{over} is what varies: do not give it")
    coerce_inputs(fixed)  # a bad input is refused before any search
    if isinstance(points, bool) or not isinstance(points, int) or not 3 <= points <= MAX_GRID_POINTS:
        raise InputError(f"points must be a whole number in 3..{MAX_GRID_POINTS}, got {shown_value(points)}")

    def both(x: int | Fraction) -> tuple[Evaluation, Evaluation]:
        point = {**fixed, over: x}
        return (
            evaluate(first, bound_a.name, point, registry=registry, orders=orders),
            evaluate(second, bound_b.name, point, registry=registry, orders=orders),
        )

    admissible = allowed_by(both)

    spec = INPUTS[over]
    integer = spec.integer
    to_point: Callable[[float], int | Fraction]
    if integer:
        low, high = admissible_range(lambda x: admissible(int(x)), 1, INTEGER_LIMIT, integer=True)

        def to_point(x: float) -> int | Fraction:
            return int(x)

    else:
        to_point = spec.at_log10  # 10^exponent, a separation kept within √2
        low, high = admissible_range(lambda e: admissible(to_point(e)), *spec.log10_range, integer=False)

    searched = grid(low, high, points, integer)
    seen: dict[float, tuple[Evaluation, Evaluation]] = {}

    def at(x: float) -> tuple[Evaluation, Evaluation]:
        if x not in seen:
            seen[x] = both(to_point(x))
        return seen[x]

    def sign(x: float) -> int:
        a, b = at(x)
        return (a.log10 > b.log10) - (a.log10 < b.log10)

    def on_side(x: float, side: int) -> bool | None:
        """Whether the sign at ``x`` is ``side``; None where the two are equal (the crossing is there)."""
        s = sign(x)
        return None if s == 0 else s == side

    labels = _labels(first, bound_a.name, second, bound_b.name)

    def smaller(s: int) -> str:
        return EQUAL if s == 0 else labels[1] if s > 0 else labels[0]

    def shown(x: float) -> int | float:
        return int(x) if integer else float(to_point(x))

    values = [at(x) for x in searched]
    if len(searched) > 1 and all(len({v[side].log10 for v in values}) == 1 for side in (0, 1)):
        raise InputError(
            f"neither {first.key} {bound_a.name} nor {second.key} {bound_b.name} depends on {over}: "
            "there is nothing to vary"
        )

    crossings: list[Crossing] = []
    inspected = [searched[0], searched[-1]]  # the points whose warnings and status labels are reported
    last: tuple[float, int] | None = None  # the last searched point where one was strictly smaller
    for x in searched:
        s = sign(x)
        if s == 0:
            continue
        if last is not None and s != last[1]:
            below, above = narrow(functools.partial(on_side, side=last[1]), last[0], x, integer, CROSSING_TO)
            crossings.append(Crossing(shown(below), shown(above), smaller(last[1]), smaller(s)))
            inspected += [below, above]
        last = (x, s)

    warnings = tuple(dict.fromkeys(w for x in inspected for e in at(x) for w in e.warnings))
    statuses = [weakest(*(at(x)[side].status for x in inspected)) for side in (0, 1)]
    compared = tuple(
        Compared(label, t.key, q.name, values[0][side].formula, statuses[side], t.version, t.source)
        for side, (label, t, q) in enumerate(zip(labels, (first, second), (bound_a, bound_b)))
    )
    exponents_a, exponents_b = factor_exponents(bound_a), factor_exponents(bound_b)
    exponents = {
        base: (exponents_a.get(base, Fraction(0)), exponents_b.get(base, Fraction(0)))
        for base in dict.fromkeys([*exponents_a, *exponents_b])
    }
    return Crossover(
        a=compared[0],
        b=compared[1],
        over=over,
        inputs={name: str(value) for name, value in fixed.items()},
        low=shown(searched[0]),
        high=shown(searched[-1]),
        crossings=tuple(crossings),
        smaller_at_low=smaller(sign(searched[0])),
        smaller_at_high=smaller(sign(searched[-1])),
        log10_low=(at(searched[0])[0].log10, at(searched[0])[1].log10),
        log10_high=(at(searched[-1])[0].log10, at(searched[-1])[1].log10),
        exponents=exponents,
        log_power=bound_a.log_power - bound_b.log_power,
        ratio=bound_a.expr / bound_b.expr,
        points=len(searched),
        warnings=warnings,
    )


__all__ = ["Compared", "Crossing", "Crossover", "crossover", "factor_exponents"]
