"""Exact inputs as a caller gives them: read and checked against their domain, and written back as text or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from boundcalc.errors import DomainError, InputError
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.parsing.number import exact_number
from boundcalc.theory.symbols import INPUTS, log10_of

LONGEST_WHOLE = 40  # digits of a number written out in full; beyond, a mantissa and a power of ten


def number_text(value: Fraction) -> str:
    """An exact input as text: whole where short, else a mantissa and power of ten, "≈" where rounded.

    >>> number_text(Fraction(3, 2)), number_text(Fraction(1, 3)), number_text(Fraction(10**100, 3))
    ('1.5', '1/3 ≈ 0.333333', '≈ 3.33333 × 10^99')
    >>> number_text(Fraction(10**400)), number_text(Fraction(10**400 + 1, 3)), number_text(Fraction(10**50))
    ('1 × 10^400', '≈ 3.33333 × 10^399', '1e+50')
    """
    if value < 0:
        return "-" + number_text(-value)
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


def json_number(value: Fraction) -> int | float:
    """An exact input as JSON holds it: an integer where whole, else the nearest float."""
    return value.numerator if value.denominator == 1 else float(value)


def check_domain(name: str, value: Fraction | NDArray[Any]) -> None:
    """Raise unless ``value`` (a Fraction or an array) lies in the input's domain (``InputSpec.contains``)."""
    spec = INPUTS[name]
    if isinstance(value, Fraction):
        if not spec.contains(value):
            raise DomainError(name, number_text(value), spec.domain_text)
        return
    with np.errstate(invalid="ignore"):
        good = spec.contains(value)
        if not np.issubdtype(value.dtype, np.integer):
            good &= np.isfinite(value)
    if not np.all(good):
        raise DomainError(name, f"{value[~good].flat[0]:g}", spec.domain_text)


def coerce_inputs(inputs: Mapping[str, object]) -> dict[str, Fraction]:
    """The inputs given, by name, as exact Fractions inside their domains (None: not given)."""
    values: dict[str, Fraction] = {}
    for name, raw in inputs.items():
        if raw is None:
            continue
        if name not in INPUTS:
            raise InputError(f"unknown input {name!r}; known: {', '.join(INPUTS)}")
        value = exact_number(raw, name)
        check_domain(name, value)
        values[name] = value
    return values
