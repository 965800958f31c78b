"""Short functions for analysis code: ``width(n=1000, L=10)`` and friends."""

from __future__ import annotations

from collections.abc import Mapping

from boundcalc.numbers.evaluate import Evaluation, _theorem, evaluate
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import Registry


def _one(
    quantity: str,
    theorem: Theorem | str,
    exponents: Mapping[str, object] | None,
    constant: object | None,
    log_power: object | None,
    registry: Registry | None,
    inputs: dict[str, object],
) -> Evaluation:
    theorem, registry = _theorem(theorem, registry)
    if exponents or constant is not None or log_power is not None:
        theorem = theorem.with_overrides(quantity, exponents, constant, log_power)
    return evaluate(theorem, quantity, inputs, registry=registry)


def width(
    *,
    theorem: Theorem | str = "als19-gd",
    exponents: Mapping[str, object] | None = None,
    constant: object | None = None,
    log_power: object | None = None,
    registry: Registry | None = None,
    **inputs: object,
) -> Evaluation:
    """The width a theorem demands, e.g. ``width(n=1000, L=10, delta=0.1)``.

    Raises only :mod:`boundcalc.errors` types for bad input: UnknownTheoremError for an unknown key,
    MissingInputError or IncompleteError where a value cannot be given, DomainError
    or InputError for an input or override that is out of range, not finite or not a number.
    """
    return _one("width", theorem, exponents, constant, log_power, registry, inputs)


def step_size(
    *,
    theorem: Theorem | str = "als19-gd",
    exponents: Mapping[str, object] | None = None,
    constant: object | None = None,
    log_power: object | None = None,
    registry: Registry | None = None,
    **inputs: object,
) -> Evaluation:
    """The step size η a theorem prescribes; m defaults to the theorem's own width.

    Raises only :mod:`boundcalc.errors` types for bad input: UnknownTheoremError for an unknown key,
    MissingInputError or IncompleteError where a value cannot be given, DomainError
    or InputError for an input or override that is out of range, not finite or not a number.
    """
    return _one("step_size", theorem, exponents, constant, log_power, registry, inputs)


def iterations(
    *,
    theorem: Theorem | str = "als19-gd",
    exponents: Mapping[str, object] | None = None,
    constant: object | None = None,
    log_power: object | None = None,
    registry: Registry | None = None,
    **inputs: object,
) -> Evaluation:
    """The number of iterations T after which the theorem guarantees F ≤ ε.

    Raises only :mod:`boundcalc.errors` types for bad input: UnknownTheoremError for an unknown key,
    MissingInputError or IncompleteError where a value cannot be given, DomainError
    or InputError for an input or override that is out of range, not finite or not a number.
    """
    return _one("iterations", theorem, exponents, constant, log_power, registry, inputs)


def bounds(
    theorem: Theorem | str = "als19-gd", *, registry: Registry | None = None, **inputs: object
) -> list[Evaluation]:
    """Every quantity of a theorem at one point (pass an overridden Theorem to change exponents).

    Raises only :mod:`boundcalc.errors` types for bad input: UnknownTheoremError for an unknown key,
    MissingInputError or IncompleteError where a value cannot be given, DomainError
    or InputError for an input or override that is out of range, not finite or not a number.
    """
    theorem, registry = _theorem(theorem, registry)
    return [evaluate(theorem, q.name, inputs, registry=registry) for q in theorem.quantities]
