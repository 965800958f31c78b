"""Our own parser for numbers a user types; user text never reaches eval, sympify or parse_expr.

Accepted: integers (``1000``, ``-8``), decimals (``0.1``, ``.5``), scientific notation
(``1e-3``, ``2.5E6``) and fractions of two such numbers (``3/2``, ``1/1e3``).
The result is an exact `fractions.Fraction`.
"""

from __future__ import annotations

import math
import re
import sys
from fractions import Fraction

from boundcalc.errors import InputError, ParseError, shown

MAX_TEXT = 100
MAX_DECIMAL_EXPONENT = 1000  # 10**1000 is built exactly; far larger would hang
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(rf"^\s*({_DECIMAL})\s*(?:/\s*({_DECIMAL})\s*)?$")
_PARTS = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")


def _decimal(text: str, what: str) -> Fraction:
    sign, whole, frac, exponent = _PARTS.match(text).groups()  # type: ignore[union-attr]
    frac = frac or ""
    power = int(exponent or 0) - len(frac)
    digits = (whole + frac).lstrip("0")
    if not digits:
        return Fraction(0)
    # the size of the number, not the size of the text, is what could hang
    if abs(power + len(digits)) > MAX_DECIMAL_EXPONENT:
        raise ParseError(f"{what}: {text!r} is out of range (|exponent| > {MAX_DECIMAL_EXPONENT})")
    mantissa = int(digits)
    value = Fraction(mantissa * 10**power) if power >= 0 else Fraction(mantissa, 10**-power)
    return -value if sign == "-" else value


def parse_number(text: str, what: str = "value") -> Fraction:
    """Parse an integer, decimal, scientific or fraction literal exactly; anything else (text that
    is not a number, a number beyond 10^±1000, a division by zero, a non-string) is a ParseError.

    Args:
        text: The user's text: ``1000``, ``0.1``, ``1e-3``, ``3/2``.
        what: What the value is, for the error message (``--delta``).

    Returns:
        The exact value.

    Raises:
        ParseError: The text is not such a literal, is too long, or is not text.

    Examples:
        >>> parse_number("3/2")
        Fraction(3, 2)
        >>> parse_number("1e-3")
        Fraction(1, 1000)
    """
    if not isinstance(text, str):
        raise ParseError(f"{what}: expected text, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ParseError(f"{what}: text longer than {MAX_TEXT} characters")
    match = _NUMBER.match(text)
    if match is None:
        raise ParseError(
            f"{what}: {text.strip()!r} is not a number (use an integer, decimal, 1e-3 or a fraction like 3/2)"
        )
    numerator = _decimal(match.group(1), what)
    if match.group(2) is None:
        return numerator
    denominator = _decimal(match.group(2), what)
    if denominator == 0:
        raise ParseError(f"{what}: {text.strip()!r} divides by zero")
    return numerator / denominator


def exact_number(value: object, what: str) -> Fraction:
    """A number a caller gave (an int, float, Fraction, SymPy rational or number text), exactly.

    >>> exact_number("3/2", "x"), exact_number(0.5, "x")
    (Fraction(3, 2), Fraction(1, 2))
    """
    if isinstance(value, str):
        return parse_number(value, what)
    sympy = sys.modules.get("sympy")  # a SymPy rational can only be given where SymPy is loaded
    if sympy is not None and isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise InputError(f"{what}: expected a number, got {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{what}: expected a finite number, got {shown(value)}")
    return Fraction(value)
