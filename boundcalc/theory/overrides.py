"""Overrides a user writes as text (``n=20``, ``width.delta=-6``, ``width=3``) applied to a theorem.

An unqualified override belongs to the command's own quantity (``primary``); where a command shows
several quantities, each override must name its quantity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boundcalc.errors import InputError
from boundcalc.theory.bound import Theorem


def _split(text: str, what: str, primary: str | None) -> tuple[str, str]:
    """``QUANTITY=VALUE`` or a bare ``VALUE`` meaning the command's own quantity."""
    if "=" in text:
        name, value = text.split("=", 1)
        return name.strip(), value
    if primary is None:
        raise InputError(f"{what}: name the quantity, e.g. width={text}, since this command shows several")
    return primary, text


def apply_overrides(
    theorem: Theorem,
    primary: str | None,
    exponents: Sequence[str] = (),
    constant: str | None = None,
    log_power: str | None = None,
) -> Theorem:
    """The theorem with ``--exp``, ``--constant`` and ``--log-power`` texts applied (a new object).

    >>> from boundcalc import REGISTRY
    >>> changed = apply_overrides(REGISTRY["als19-gd"], "width", ["n=20"], log_power="0")
    >>> changed.quantity("width").exponents["n"], changed.quantity("width").log_power
    (Fraction(20, 1), Fraction(0, 1))
    """
    per_quantity: dict[str, dict[str, Any]] = {}
    for text in exponents:
        from boundcalc.parsing.expression import parse_assignment  # SymPy: only where an override is given

        name, value = parse_assignment(text, "--exp")
        quantity, _, exponent = name.rpartition(".")
        if not quantity:
            if primary is None:
                raise InputError(
                    f"--exp {text}: name the quantity, e.g. width.{name}=..., since this command shows several"
                )
            quantity = primary
        per_quantity.setdefault(quantity, {}).setdefault("exponents", {})[exponent] = value
    for option, given in (("constant", constant), ("log_power", log_power)):
        if given is not None:
            quantity, number = _split(given, f"--{option.replace('_', '-')}", primary)
            per_quantity.setdefault(quantity, {})[option] = number
    for quantity, overrides in per_quantity.items():
        theorem = theorem.with_overrides(quantity, **overrides)
    return theorem


def apply_keyed_overrides(
    theorems: Sequence[Theorem], exponents: Sequence[str] = (), log_powers: Sequence[str] = ()
) -> list[Theorem]:
    """Overrides for a command that shows several theorems: each names its theorem first.

    ``KEY.QUANTITY.NAME=VALUE`` for an exponent, ``KEY.QUANTITY=K`` for a log power.

    >>> from boundcalc import REGISTRY
    >>> [zou] = apply_keyed_overrides([REGISTRY["zou19"]], ["zou19.width.delta=-2"])
    >>> zou.quantity("width").exponents["delta"], zou.quantity("width").missing
    (Fraction(-2, 1), ())
    """
    by_key = {theorem.key: theorem for theorem in theorems}
    texts: dict[str, dict[str, list[str]]] = {}
    for option, given in (("--exp", exponents), ("--log-power", log_powers)):
        for text in given:
            key, dot, rest = text.partition(".")
            if not dot or key not in by_key:
                raise InputError(
                    f"{option} {text}: start with the key of a theorem shown, e.g. {option} "
                    + ("zou19.width.delta=-2" if option == "--exp" else "ji20.width=2")
                )
            texts.setdefault(key, {}).setdefault(option, []).append(rest)
    for key, options in texts.items():
        log_power = options.get("--log-power", [])
        if len(log_power) > 1:
            raise InputError(f"--log-power: give one per theorem, got {len(log_power)} for {key}")
        by_key[key] = apply_overrides(
            by_key[key], None, options.get("--exp", []), log_power=next(iter(log_power), None)
        )
    return [by_key[theorem.key] for theorem in theorems]
