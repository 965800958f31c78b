"""One input's axis, as ``solve`` and ``crossover`` search it: the range a theorem's assumptions
allow, a grid over it, and bisection to a boundary.

An integer input is searched on integers (1..10^18, probed geometrically); a real one on the
exponent of its value (evenly, ``InputSpec.at_log10`` turning an exponent into a value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boundcalc.errors import IncompleteError, InputError, MissingInputError

INTEGER_LIMIT = 10**18
RANGE_PROBES = 64  # points probed for one the assumptions allow, where an end of the range is refused
MAX_HALVINGS = 400  # more than a float's exponent range needs: a bisection always ends


def point_text(value: int | float) -> str:
    """A point of an axis as text: an integer in full below 10^9, anything else to 6 digits.

    >>> point_text(1000), point_text(10**18), point_text(0.0123456789)
    ('1000', '1e+18', '0.0123457')
    """
    return str(value) if isinstance(value, int) and value < 10**9 else f"{value:.6g}"


def grid(low: float, high: float, points: int, integer: bool) -> list[float]:
    """``points`` points from ``low`` to ``high``, both included: integers spaced geometrically (fewer
    where they would repeat), exponents of a real input evenly.

    >>> grid(1, 1000, 4, integer=True), grid(-1.0, 2.0, 4, integer=False)
    ([1, 10, 100, 1000], [-1.0, 0.0, 1.0, 2.0])
    """
    steps = points - 1
    if integer:
        inner = {min(max(round(low * (high / low) ** (i / steps)), int(low)), int(high)) for i in range(1, steps)}
        return sorted(inner | {int(low), int(high)})
    return [low + (high - low) * i / steps for i in range(steps)] + [high]  # high itself: no rounding past it


def narrow(
    holds: Callable[[float], bool | None], good: float, bad: float, integer: bool, tolerance: float = 0.0
) -> tuple[float, float]:
    """Bisect between ``good`` (where ``holds``) and ``bad`` (where not) to adjacent integers, to within
    ``tolerance`` (relative to ``good`` where it exceeds 1), or until no float lies between; ``holds``
    returning None means the boundary is exactly there, and that point is returned as both ends.

    >>> narrow(lambda x: x * x <= 10, 0, 100, integer=True)
    (3, 4)
    """
    for _ in range(MAX_HALVINGS):
        if abs(bad - good) <= (1 if integer else tolerance * max(1.0, abs(good))):
            break
        middle = (good + bad) // 2 if integer else (good + bad) / 2
        if middle in (good, bad):
            break
        verdict = holds(middle)
        if verdict is None:
            return middle, middle
        good, bad = (middle, bad) if verdict else (good, middle)
    return good, bad


def allowed_by(attempt: Callable[[Any], object]) -> Callable[[Any], bool]:
    """Whether a theorem's assumptions (ε < 1, b ≤ n, …) allow a value: ``attempt`` evaluates there
    without an InputError. A missing input or an unknown exponent is not a question of range: it is
    raised, for the user must supply it."""

    def allows(x: Any) -> bool:
        try:
            attempt(x)
        except (IncompleteError, MissingInputError):
            raise
        except InputError:
            return False
        return True

    return allows


def admissible_range(ok: Callable[[float], bool], low: float, high: float, integer: bool) -> tuple[float, float]:
    """The widest [a, b] inside [low, high] where ``ok`` holds, given that it holds on one interval.

    A theorem's assumptions (ε < 1, b ≤ n) cut the range an input may take; the search must stay
    inside, or every probe at an edge is refused.
    """
    if ok(low) and ok(high):
        return low, high
    probes = [
        low * (high / low) ** (i / RANGE_PROBES) if integer else low + (high - low) * i / RANGE_PROBES
        for i in range(1, RANGE_PROBES)
    ]
    anchor = next((x for x in (round(p) if integer else p for p in probes) if ok(x)), None)
    if anchor is None:
        raise InputError("no value in the range searched satisfies the theorem's assumptions")

    def edge(side: float) -> float:
        return side if ok(side) else narrow(ok, anchor, side, integer)[0]

    return edge(low), edge(high)
