"""The theorems the study measures against, every number read from the registry, none typed here.

Theorem 1 (``als19-gd``) gives the width, step and iterations the report sets beside m* and the steps;
Theorem 3 (``als19-grad``) the gradient's bounds the gradients figure draws.
"""

from __future__ import annotations

from boundcalc.theory.registry import REGISTRY

THEOREM = "als19-gd"  # Theorem 1: the width, step and iterations of gradient descent
GRADIENTS = "als19-grad"  # Theorem 3: the gradient's bounds near initialisation


def theorem_exponent(quantity: str, base: str) -> str:
    """Theorem 1's exponent of a base in its width or iterations, as encoded, with its label where the
    factor was not read in the theorem itself ("1 (recalled)")."""
    bound = REGISTRY[THEOREM].quantity(quantity)
    factor = next((f for f in bound.factors if f.base == base), None)
    if factor is None:
        return "0"
    label = f" ({factor.evidence.status})" if factor.evidence is not None else ""
    return f"{factor.exponent}{label}"


def theorem_log_power() -> str:
    """The power of log m in Theorem 1's width, as encoded."""
    bound = REGISTRY[THEOREM].quantity("width")
    return f"{bound.log_power}" if bound.log_power_known else "unknown"


def theorem_power(quantity: str, base: str) -> float | None:
    """Theorem 1's exponent of a base as a number (0 where the base is absent; None where unknown)."""
    factor = next((f for f in REGISTRY[THEOREM].quantity(quantity).factors if f.base == base), None)
    if factor is None:
        return 0.0
    try:
        return float(factor.exponent)
    except (TypeError, ValueError):
        return None
