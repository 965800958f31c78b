"""Inverse questions: for a given value of a quantity, the extreme value of one input it certifies.

``max_n(theorem, m=1e9, L=10)`` is the largest n whose width is at most m; ``solve`` does the same for
any input and any quantity: it finds where the quantity crosses the target by bisection on the
input (in log space for real inputs, on integers for integer ones), after checking on which side
the quantity is smaller. The quantity must be monotone in that input, as every encoded one is; a
user's formula that is not (checked on a grid of the range) is refused, never answered wrongly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from boundcalc.errors import InputError, shown
from boundcalc.numbers.axis import INTEGER_LIMIT, admissible_range, allowed_by, grid, narrow
from boundcalc.numbers.evaluate import evaluate
from boundcalc.numbers.resolve import require_value, resolve_theorem
from boundcalc.parsing.number import MAX_DECIMAL_EXPONENT, parse_number
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import Registry
from boundcalc.theory.symbols import INPUTS, log10_of

MONOTONE_PROBES = 65  # points of the range on which a quantity must be monotone before it is inverted
SOLVED_TO = 1e-13  # a real input is solved to this in log10 (relative beyond 1)


@dataclass(frozen=True)
class Inverse:
    """``symbol`` at ``value`` is the extreme input for which the quantity stays on the target's side.

    Attributes:
        theorem: The theorem's key.
        quantity: The quantity solved.
        symbol: The input solved for.
        target_log10: log10 of the value the quantity may not exceed.
        value: The extreme input (an integer for an integer input); None when no input in range
            qualifies.
        within: Which inputs keep the quantity ≤ target: "below" (inputs ≤ value) or "above".
        unbounded: True when every input in range qualifies.
    """

    theorem: str
    quantity: str
    symbol: str
    target_log10: float
    value: int | float | None
    within: str
    unbounded: bool = False

    def to_dict(self) -> dict:
        """The JSON object the command line prints.

        Returns:
            The fields as a dict.
        """
        return dict(self.__dict__)


def _log10_target(target: object) -> float:
    if isinstance(target, bool):
        raise InputError(f"the target must be a positive number, got {target}")
    if isinstance(target, float):
        if not target > 0 or not math.isfinite(target):
            raise InputError(f"the target must be a positive number, got {target}")
        goal = math.log10(target)
    else:
        if isinstance(target, (int, Fraction)):
            value = Fraction(target)
        elif isinstance(target, str):
            value = parse_number(target, "target")
        else:
            raise InputError(f"the target must be a number or its text, got {shown(target)}")
        if value <= 0:
            raise InputError(f"the target must be positive, got {shown(target)}")
        goal = log10_of(value)  # exact for integers of any size: no float conversion to overflow
    if abs(goal) > MAX_DECIMAL_EXPONENT:
        raise InputError(f"the target {shown(target)} is out of range (|exponent| > {MAX_DECIMAL_EXPONENT})")
    return goal


def solve(
    theorem: Theorem | str,
    quantity: str,
    target: object,
    symbol: str,
    inputs: Mapping[str, object] | None = None,
    registry: Registry | None = None,
    orders: bool = False,
) -> Inverse:
    """The extreme value of ``symbol`` for which ``quantity`` ≤ ``target`` (other inputs fixed).

    The quantity must be monotone in the input, as every encoded one is; an integer input is
    solved to adjacent integers, a real one by bisection in log space.

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name (``width``, ``iterations``, …).
        target: The value the quantity may not exceed: a number or number text.
        symbol: The input solved for (``n``, ``delta``, ``lambda0``, …).
        inputs: Every other input the quantity reads, by name.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).

    Returns:
        The [`Inverse`][boundcalc.Inverse]: the extreme value and which side qualifies.

    Raises:
        InputError: An unknown input, the solved input given too, a target that is not positive,
            or an unknown exponent.

    Examples:
        >>> inverse = solve("als19-gd", "width", 1e80, "delta", {"n": 100, "L": 10})
        >>> round(inverse.value, 5), inverse.within
        (0.08238, 'above')
    """
    theorem, registry = resolve_theorem(theorem, registry)
    require_value(theorem, theorem.quantity(quantity), orders)
    if symbol not in INPUTS:
        raise InputError(f"unknown input {symbol!r}; known: {', '.join(INPUTS)}")
    inputs = {k: v for k, v in (inputs or {}).items() if v is not None}
    if symbol in inputs:
        raise InputError(f"{symbol} is what is solved for: do not give it")
    goal = _log10_target(target)
    spec = INPUTS[symbol]

    def value_at(x: int | Fraction) -> float:
        return evaluate(theorem, quantity, {**inputs, symbol: x}, registry=registry, orders=orders).log10

    admissible = allowed_by(value_at)

    if spec.integer:
        low_edge, high_edge = admissible_range(lambda x: admissible(int(x)), 1, INTEGER_LIMIT, integer=True)
        low, high = int(low_edge), int(high_edge)
        _reads(lambda x: value_at(int(x)), low, high, theorem.key, quantity, symbol)
        _monotone(lambda x: value_at(int(x)), low, high, True, theorem.key, quantity, symbol)
        growing = value_at(high) >= value_at(low)

        def fits(x: int) -> bool:
            return value_at(x) <= goal

        edge, far = (low, high) if growing else (high, low)
        if not fits(edge):
            return Inverse(theorem.key, quantity, symbol, goal, None, "below" if growing else "above")
        if fits(far):
            return Inverse(theorem.key, quantity, symbol, goal, far, "below" if growing else "above", True)
        good, _ = narrow(lambda x: fits(int(x)), edge, far, integer=True)
        return Inverse(theorem.key, quantity, symbol, goal, int(good), "below" if growing else "above")

    def at(exponent: float) -> float:
        return value_at(spec.at_log10(exponent))

    low_exp, high_exp = admissible_range(lambda e: admissible(spec.at_log10(e)), *spec.log10_range, integer=False)
    _reads(at, low_exp, high_exp, theorem.key, quantity, symbol)
    _monotone(at, low_exp, high_exp, False, theorem.key, quantity, symbol)

    growing = at(high_exp) >= at(low_exp)
    edge_exp, far_exp = (low_exp, high_exp) if growing else (high_exp, low_exp)
    if at(edge_exp) > goal:
        return Inverse(theorem.key, quantity, symbol, goal, None, "below" if growing else "above")
    if at(far_exp) <= goal:
        return Inverse(theorem.key, quantity, symbol, goal, 10.0**far_exp, "below" if growing else "above", True)
    good_exp, _ = narrow(lambda e: at(e) <= goal, edge_exp, far_exp, integer=False, tolerance=SOLVED_TO)
    return Inverse(theorem.key, quantity, symbol, goal, 10.0**good_exp, "below" if growing else "above")


def _reads(
    value_at: Callable[[float], float], low: float, high: float, theorem: str, quantity: str, symbol: str
) -> None:
    """Refuse to solve for an input the quantity never reads (every value would 'fit')."""
    if value_at(low) == value_at(high):
        raise InputError(f"{theorem} {quantity} does not depend on {symbol}: there is nothing to solve for")


def _monotone(
    value_at: Callable[[float], float], low: float, high: float, integer: bool, theorem: str, quantity: str, symbol: str
) -> None:
    """Refuse a quantity that rises and falls over the range: bisection would answer wrongly."""
    values = [value_at(x) for x in grid(low, high, MONOTONE_PROBES, integer)]
    slack = 1e-9 * max(1.0, *(abs(v) for v in values))
    rising = all(b >= a - slack for a, b in zip(values, values[1:]))
    falling = all(b <= a + slack for a, b in zip(values, values[1:]))
    if not (rising or falling):
        raise InputError(
            f"{theorem} {quantity} is not monotone in {symbol} over the range searched: solve cannot answer "
            "(a bisection would return a wrong value)"
        )


def max_n(
    theorem: Theorem | str = "als19-gd", *, m: object, registry: Registry | None = None, **inputs: object
) -> Inverse:
    """The largest n whose width is at most m: width(max_n) ≤ m < width(max_n + 1).

    Args:
        theorem: A key of the registry, or a Theorem.
        m: The width available.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **inputs: Every other input the width reads (``L``, ``delta``, …).

    Returns:
        The [`Inverse`][boundcalc.Inverse]; its ``value`` is the largest n.

    Raises:
        InputError: As [`solve`][boundcalc.solve].

    Examples:
        >>> max_n("als19-gd", m=1e30, L=2, delta=0.5).value
        4
    """
    orders = bool(inputs.pop("orders", False))
    return solve(theorem, "width", m, "n", inputs, registry, orders)
