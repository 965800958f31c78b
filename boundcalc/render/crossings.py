"""A crossover of two bounds as text and as the JSON object the command line prints."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp

from boundcalc.numbers.axis import point_text
from boundcalc.numbers.exact import json_number
from boundcalc.theory.symbols import BASES

if TYPE_CHECKING:
    from boundcalc.numbers.crossover import Crossover


def crossover_text(result: Crossover) -> str:
    """What ``boundcalc crossover`` prints: the range, each crossing, both ends, the ratio and its growth, the labels."""
    a, b, over = result.a, result.b, result.over
    fixed = ", ".join(f"{name} = {value}" for name, value in result.inputs.items())
    lines = [
        f"{a.label} {a.quantity} vs {b.label} {b.quantity}, {over} from {point_text(result.low)} to "
        f"{point_text(result.high)}" + (f" ({fixed})" if fixed else "")
    ]
    if not result.crossings:
        if result.equal_throughout:
            lines.append(f"  equal at both ends of the range: they never cross in {over}")
        else:
            smaller = result.smaller_at_an_end
            lines.append(
                f"  they never cross in range ({result.points} points searched): {smaller}'s is the smaller at both ends"
            )
    for crossing in result.crossings:
        if crossing.below == crossing.above:
            where = f"at {over} = {point_text(crossing.below)} (equal there)"
        elif isinstance(crossing.below, int):
            where = f"between {over} = {crossing.below} and {over} = {crossing.above}"
        else:
            where = f"at {over} ≈ {point_text(crossing.below)}"
        lines.append(
            f"  they cross {where}: {crossing.smaller_below}'s is smaller below, {crossing.smaller_above}'s above"
        )
    for edge, (log10_a, log10_b) in ((result.low, result.log10_low), (result.high, result.log10_high)):
        lines.append(
            f"  at {over} = {point_text(edge)}: {a.label} 10^{_log10(log10_a)}, {b.label} 10^{_log10(log10_b)}"
            f" (log10 of the ratio {_log10(log10_a - log10_b)})"
        )
    ratio = sp.sstr(result.ratio).replace("**", "^")
    lines.append(f"ratio {a.label}/{b.label} = {ratio}   (formulas, hidden constants as set)")
    growth = [_power(BASES[base].unicode, g) for base, g in result.growth.items() if g != 0]
    if result.log_power:
        growth.append(_power("log m", result.log_power))
    lines.append(
        f"the ratio grows as {' · '.join(growth) or 'a constant'}   (exponent in {a.label} − exponent in {b.label})"
    )
    for side in (a, b):
        lines.append(
            f"{side.label} {side.quantity}: status {side.status}; version {side.version}; source {side.source}"
        )
    lines += [f"warning: {w}" for w in result.warnings]
    return "\n".join(lines)


def crossover_dict(result: Crossover) -> dict:
    """The JSON object ``boundcalc crossover --format json`` prints; exponents as numbers (fractions as
    floats) and as text."""
    return {
        "a": dict(result.a.__dict__),
        "b": dict(result.b.__dict__),
        "over": result.over,
        "inputs": dict(result.inputs),
        "range": [result.low, result.high],
        "crosses": result.cross,
        "crossings": [c.to_dict() for c in result.crossings],
        "smaller_at_low": result.smaller_at_low,
        "smaller_at_high": result.smaller_at_high,
        "log10_low": list(result.log10_low),
        "log10_high": list(result.log10_high),
        "growth": {base: None if g is None else json_number(g) for base, g in result.growth.items()},
        "growth_exact": {base: None if g is None else str(g) for base, g in result.growth.items()},
        "log_power": json_number(result.log_power),
        "ratio": sp.sstr(result.ratio),
        "points": result.points,
        "warnings": list(result.warnings),
    }


def _log10(value: float) -> str:
    return f"{value:.4f}" if abs(value) < 1e6 else f"{value:.6g}"


def _power(base: str, exponent: Fraction | None) -> str:
    """``n^18``, ``m^(-1/2)``; ``n^?`` where a general formula hides the exponent."""
    if exponent is None:
        return f"{base}^?"
    power = str(exponent) if exponent.denominator == 1 else f"({exponent})"
    if exponent == 1:
        return base
    return f"({base})^{power}" if " " in base or "^" in base else f"{base}^{power}"
