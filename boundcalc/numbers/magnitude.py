"""Positive numbers of any size, held as log10, and the solver for m >= A * log^k(m).

Widths reach 10^100 and far beyond, well past float64's 1.8e308 once n and L are large, so
every value is carried as its base-10 logarithm and printed as mantissa x 10^exponent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from boundcalc.errors import InputError, shown

LN10 = math.log(10.0)
# Widths up to 10^13 are exact integers. Beyond, float log space resolves a width only to about
# 1e-14 of itself (a unit or more), so it is shown as mantissa × 10^exponent instead.
EXACT_UP_TO_LOG10 = 13.0


@dataclass(frozen=True, order=True)
class Magnitude:
    """A positive real number stored as its log10, so 10^100 and beyond never overflow.

    Attributes:
        log10: log10 of the number (finite).
        integer: The number itself where it is an exact integer small enough to print; else None.

    Raises:
        InputError: ``log10`` is not finite (the inputs lie outside the formula's domain).

    Examples:
        >>> Magnitude(92.0).sci()
        '1.000e+92'
        >>> str(Magnitude.from_integer(124))
        '124'
    """

    log10: float
    integer: int | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.log10):
            raise InputError("value is not finite: the inputs lie outside the formula's domain")

    @classmethod
    def from_integer(cls, value: int) -> Magnitude:
        """The magnitude of an exact positive integer.

        Args:
            value: The integer (at least 1).

        Returns:
            The magnitude, its ``integer`` set.
        """
        return cls(math.log10(value), int(value))

    def mantissa_exponent(self, digits: int = 4) -> tuple[str, int]:
        """The mantissa and the power of ten.

        Args:
            digits: Significant digits of the mantissa.

        Returns:
            The mantissa as text and the exponent: ``("7.835", 103)``.
        """
        exponent = math.floor(self.log10)
        mantissa = round(10.0 ** (self.log10 - exponent), digits - 1)
        if mantissa >= 10.0:  # 9.9996 rounds up to the next decade
            mantissa, exponent = mantissa / 10.0, exponent + 1
        return f"{mantissa:.{digits - 1}f}", exponent

    def sci(self, digits: int = 4) -> str:
        """Scientific notation that any parser of floats reads, e.g. ``1.000e+92`` (an exact integer as itself).

        Args:
            digits: Significant digits.

        Returns:
            The number as text.
        """
        if self.integer is not None:
            return str(self.integer)
        mantissa, exponent = self.mantissa_exponent(digits)
        return f"{mantissa}e{exponent:+03d}"

    def text(self, digits: int = 4) -> str:
        """The number as people read it: ``7.835 × 10^103`` (an exact integer as itself).

        Args:
            digits: Significant digits.

        Returns:
            The number as text.
        """
        if self.integer is not None:
            return str(self.integer)
        mantissa, exponent = self.mantissa_exponent(digits)
        return f"{mantissa} × 10^{exponent}"

    def latex(self, digits: int = 4) -> str:
        """The number in LaTeX: ``7.835\\times10^{103}``.

        Args:
            digits: Significant digits.

        Returns:
            LaTeX math (without the dollars).
        """
        if self.integer is not None:
            return str(self.integer)
        mantissa, exponent = self.mantissa_exponent(digits)
        return rf"{mantissa}\times10^{{{exponent}}}"

    def to_float(self) -> float:
        """The value as a float.

        Returns:
            The number.

        Raises:
            OverflowError: float64 cannot hold it (beyond about 1.8e308).
        """
        if self.log10 > 308.25:
            raise OverflowError(f"10^{self.log10:.3f} does not fit in a float64")
        return float(self.integer) if self.integer is not None else 10.0**self.log10

    def __str__(self) -> str:
        return self.text()


CACHE_CHUNK = 1 << 14  # elements handled at once, so every temporary stays in cache


def _largest_root(a: NDArray[np.float64], k: float) -> NDArray[np.float64]:
    """The root u > k of u - k ln u = a, by Halley's method (cubic convergence) from a + k ln a."""
    u: NDArray[np.float64] = np.maximum(a + k * np.log(np.maximum(a, 1.0)), 2.0 * k)
    # an absolute error in u = ln m is the relative error of m's mantissa: a few ulps of the largest u
    tolerance = 2e-15 * float(np.max(u, initial=1.0))
    for _ in range(100):
        gap = u - k * np.log(u) - a  # h(u)
        slope = 1.0 - k / u  # h'(u) > 0 right of k
        step = gap * slope / (slope * slope - 0.5 * gap * k / (u * u))  # h''(u) = k / u^2
        u -= step
        if np.max(np.abs(step), initial=0.0) <= tolerance:
            break
    return u


def solve_log_factor(log10_a: float | NDArray[np.float64], k: float) -> float | NDArray[np.float64]:
    """log10 of the smallest m with m' >= A * ln(m')^k for every m' >= m (k >= 0, natural log).

    ``log10_a`` is log10 A (a float or an array). For k > 0 the inequality also holds for m just
    above 1, where ln m is tiny; the threshold that matters is the largest root of m = A ln^k m,
    i.e. of h(u) = u - k ln u - ln A with u = ln m > k, where h is convex and increasing;
    Halley's method started above k converges to it in two or three steps.
    Where the inequality holds for every m > 1 (min h = h(k) >= 0) the answer is m = 1.

    Args:
        log10_a: log10 A, a float or an array.
        k: The power of ln m, at least 0.

    Returns:
        log10 of the smallest such m (0 where every m ≥ 1 qualifies), a float or an array.

    Raises:
        InputError: ``k`` is negative.

    Examples:
        >>> round(float(solve_log_factor(2.0, 1)), 4)  # m = 100 ln m at m ≈ 647.3
        2.8111
    """
    if k < 0:
        raise InputError(f"log power of a width must be >= 0, got {shown(k)}")
    a = np.asarray(log10_a, dtype=float) * LN10
    if k == 0:
        return np.maximum(a, 0.0) / LN10
    holds_everywhere = a <= k - k * math.log(k)
    if np.any(holds_everywhere):  # give those entries a root so the iteration stays finite; zeroed below
        a = np.where(holds_everywhere, k + 1.0 + abs(k - k * math.log(k)), a)
    u = np.empty_like(a)
    flat_a, flat_u = a.reshape(-1), u.reshape(-1)
    for start in range(0, flat_a.size, CACHE_CHUNK):  # chunks keep the temporaries in cache
        flat_u[start : start + CACHE_CHUNK] = _largest_root(flat_a[start : start + CACHE_CHUNK], k)
    return np.where(holds_everywhere, 0.0, u) / LN10


def smallest_integer_width(log10_a: float, k: float) -> Magnitude:
    """The solved width as a Magnitude, an exact integer where it is small enough to print."""
    log10_m = float(solve_log_factor(log10_a, k))
    if log10_m > EXACT_UP_TO_LOG10:
        return Magnitude(log10_m)
    a = log10_a * LN10
    slack = 1e-15 * max(1.0, abs(a))  # log10 A is a float: an A within a few ulps of an integer is that integer

    def holds(m: int) -> bool:
        if k == 0:
            return math.log(m) >= a - slack
        return m == 1 or math.log(m) >= a + k * math.log(math.log(m)) - slack

    m = max(1, math.ceil(10.0**log10_m))
    while not holds(m):
        m += 1
    # step down past float rounding, staying on the right branch (ln m > k)
    while m > 1 and math.log(m - 1) > k and holds(m - 1):
        m -= 1
    return Magnitude.from_integer(m)
