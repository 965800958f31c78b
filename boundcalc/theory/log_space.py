"""A user's formula evaluated in log space: ln|value| and its sign, never the value itself.

SymPy's own evaluation of ``exp(exp(exp(n)))`` at n = 10^6 would chase a number with millions
of digits and never return. Here every node gives (sign, ln|x|) as floats; a value is materialised
only where a formula needs it as a number (an exponent, the argument of exp or log), and one
that does not fit a float is refused, not chased.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import sympy as sp

from boundcalc.errors import InputError

_LARGEST_LN = math.log(1.7e308)  # ln of the largest float


class TooLarge(InputError):
    """A formula that grows beyond what log space holds at the inputs given."""


def _value(sign: int, ln: float) -> float:
    if ln > _LARGEST_LN:
        raise TooLarge("the formula grows beyond what log space can hold (a tower of exponentials?)")
    return sign * math.exp(ln) if sign else 0.0


def _ln_of(x: float) -> tuple[int, float]:
    if x == 0:
        return 0, -math.inf
    if not math.isfinite(x):
        raise TooLarge("the formula is not finite here")
    return (1 if x > 0 else -1), math.log(abs(x))


def signed_ln(expression: sp.Expr, ln_inputs: Mapping[sp.Symbol, float]) -> tuple[int, float]:
    """(sign, ln|expression|) with each symbol s at exp(ln_inputs[s]) (every input is positive)."""
    if expression.is_Symbol:
        return 1, ln_inputs[expression]
    if expression.is_Number or expression.is_NumberSymbol:
        if expression.is_Rational:  # exact, however large the numerator
            p, q = int(expression.p), int(expression.q)
            sign = (p > 0) - (p < 0)
            return sign, (math.log(abs(p)) - math.log(q)) if sign else -math.inf
        return _ln_of(float(expression))
    if expression.is_Mul:
        sign, total = 1, 0.0
        for factor in expression.args:
            s, ln = signed_ln(factor, ln_inputs)
            if s == 0:
                return 0, -math.inf
            sign, total = sign * s, total + ln
        return sign, total
    if expression.is_Add:
        terms = [signed_ln(term, ln_inputs) for term in expression.args]
        terms = [(s, ln) for s, ln in terms if s != 0]
        if not terms:
            return 0, -math.inf
        top = max(ln for _, ln in terms)
        if math.isinf(top):
            raise TooLarge("the formula grows beyond what log space can hold")
        shifted = math.fsum(s * math.exp(ln - top) for s, ln in terms)  # each term ≤ 1 after the shift
        if shifted == 0:
            return 0, -math.inf
        return (1 if shifted > 0 else -1), top + math.log(abs(shifted))
    if expression.is_Pow:
        base_sign, base_ln = signed_ln(expression.base, ln_inputs)
        power = _value(*signed_ln(expression.exp, ln_inputs))
        if base_sign == 0:
            return (0, -math.inf) if power > 0 else _refuse_pole()
        if base_sign < 0:
            if not float(power).is_integer():
                return _refuse_negative()
            return (-1 if int(power) % 2 else 1), power * base_ln
        return 1, power * base_ln
    if isinstance(expression, sp.exp):
        return 1, _value(*signed_ln(expression.args[0], ln_inputs))
    if isinstance(expression, sp.log):
        sign, ln = signed_ln(expression.args[0], ln_inputs)
        if sign <= 0:
            return _refuse_negative()
        return _ln_of(ln)
    raise InputError(f"cannot evaluate {type(expression).__name__} in a formula")


def _refuse_pole() -> tuple[int, float]:
    raise InputError("the formula divides by zero here")


def _refuse_negative() -> tuple[int, float]:
    raise InputError("the formula takes the log or a fractional power of a non-positive number here")
