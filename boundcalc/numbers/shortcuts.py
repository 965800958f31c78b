"""Short functions for analysis code: ``width(n=1000, L=10)`` and friends."""

from __future__ import annotations

from collections.abc import Mapping

from boundcalc.numbers.evaluate import Evaluation, evaluate
from boundcalc.numbers.resolve import resolve_theorem
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
    theorem, registry = resolve_theorem(theorem, registry)
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
    """The width m a theorem demands, solved for its log m factor.

    Args:
        theorem: A key of the registry, or a Theorem (one with overrides, or from a bound file).
        exponents: Exponents to override for this evaluation, by input (``{"n": 12}``).
        constant: The hidden Ω/O/Θ constant (1 by default).
        log_power: The power of ln m, where the formula has one.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **inputs: The inputs by name (``n``, ``L``, ``delta``, ``d``, ``eps``, ``lambda0``,
            ``fail_prob``, …), numbers or number text (``"1e-3"``, ``"3/2"``).

    Returns:
        The [`Evaluation`][boundcalc.Evaluation]: value, formula, inputs with their origins,
            source, version and status label.

    Raises:
        UnknownTheoremError: The theorem key is not in the registry.
        MissingInputError: The formula reads an input that was not given and has no default.
        IncompleteError: The source leaves an exponent unknown (override it with ``exponents``).
        InputError: An input is outside its domain or not a number.

    Examples:
        >>> width(n=1000, L=10, delta=0.1).value.sci()
        '7.835e+103'
        >>> width(n=1000, L=10, exponents={"n": 12}, constant=10, log_power=0).value.sci()
        '1.000e+57'
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
    """The step size η a theorem prescribes; the width m defaults to the theorem's own width bound.

    Args:
        theorem: A key of the registry, or a Theorem (one with overrides, or from a bound file).
        exponents: Exponents to override for this evaluation, by input (``{"n": 12}``).
        constant: The hidden Ω/O/Θ constant (1 by default).
        log_power: The power of ln m, where the formula has one.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **inputs: The inputs by name (``n``, ``L``, ``delta``, ``d``, ``eps``, ``lambda0``,
            ``fail_prob``, …), numbers or number text (``"1e-3"``, ``"3/2"``).

    Returns:
        The [`Evaluation`][boundcalc.Evaluation]: value, formula, inputs with their origins,
            source, version and status label.

    Raises:
        UnknownTheoremError: The theorem key is not in the registry.
        MissingInputError: The formula reads an input that was not given and has no default.
        IncompleteError: The source leaves an exponent unknown (override it with ``exponents``).
        InputError: An input is outside its domain or not a number.

    Examples:
        >>> step_size(n=1000, L=10).input("m").origin
        'als19-gd width'
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
    """The number of iterations T after which the theorem guarantees a training loss F ≤ ε.

    Args:
        theorem: A key of the registry, or a Theorem (one with overrides, or from a bound file).
        exponents: Exponents to override for this evaluation, by input (``{"n": 12}``).
        constant: The hidden Ω/O/Θ constant (1 by default).
        log_power: The power of ln m, where the formula has one.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **inputs: The inputs by name (``n``, ``L``, ``delta``, ``d``, ``eps``, ``lambda0``,
            ``fail_prob``, …), numbers or number text (``"1e-3"``, ``"3/2"``).

    Returns:
        The [`Evaluation`][boundcalc.Evaluation]: value, formula, inputs with their origins,
            source, version and status label.

    Raises:
        UnknownTheoremError: The theorem key is not in the registry.
        MissingInputError: The formula reads an input that was not given and has no default.
        IncompleteError: The source leaves an exponent unknown (override it with ``exponents``).
        InputError: An input is outside its domain or not a number.

    Examples:
        >>> iterations(n=1000, L=10).value.sci()
        '6.908e+22'
    """
    return _one("iterations", theorem, exponents, constant, log_power, registry, inputs)


def bounds(
    theorem: Theorem | str = "als19-gd", *, registry: Registry | None = None, **inputs: object
) -> list[Evaluation]:
    """Every quantity of a theorem at one point (pass an overridden Theorem to change exponents).

    Args:
        theorem: A key of the registry, or a Theorem.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **inputs: The inputs by name, numbers or number text.

    Returns:
        One [`Evaluation`][boundcalc.Evaluation] per quantity, in the theorem's order.

    Raises:
        UnknownTheoremError: The theorem key is not in the registry.
        InputError: An input is missing, outside its domain or not a number, or an exponent is unknown.

    Examples:
        >>> [e.quantity.name for e in bounds("als19-gd", n=1000, L=10)][:3]
        ['width', 'step_size', 'iterations']
    """
    theorem, registry = resolve_theorem(theorem, registry)
    return [evaluate(theorem, q.name, inputs, registry=registry) for q in theorem.quantities]
