"""Resolving a quantity's inputs: a value the user gave, else a quantity another formula supplies
(the step size is taken at the width the theorem demands), else the input's default. Everything is
computed on log10 of the inputs, so no value overflows; one point holds Fractions, many hold arrays."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from boundcalc.errors import IncompleteError, InputError, MissingInputError
from boundcalc.numbers.exact import number_text
from boundcalc.numbers.magnitude import (
    EXACT_UP_TO_LOG10,
    LN10,
    Magnitude,
    smallest_integer_width,
    solve_log_factor,
)
from boundcalc.theory.bound import Bound, Log10, Theorem
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import BASES, INPUTS, log10_of


class Resolver:
    """Fills in the log10 of every input a quantity needs, recording where each came from."""

    def __init__(
        self, values: Mapping[str, Fraction | NDArray[Any]], registry: Registry, scalar: bool, orders: bool = False
    ) -> None:
        # a single point holds Fractions, arrays otherwise; defaults add what InputSpec.default_for returns
        self.values: dict[str, object] = dict(values)
        self.log10: dict[str, Log10] = {
            name: (log10_of(cast(Fraction, v)) if scalar else np.log10(cast(NDArray[Any], v)))
            for name, v in values.items()
        }
        self.origins = {name: "given" for name in values}
        self.registry = registry
        self.scalar = scalar
        self.orders = orders  # accepted for older callers: every result with known exponents is evaluated
        self.warnings: list[str] = []
        self.whole: dict[str, Magnitude] = {}  # derived widths, as the exact integers they are
        self.read: list[str] = []  # the inputs some formula read, in order: a given one no formula reads is not shown

    def compute(
        self, theorem: Theorem, quantity: Bound, stack: tuple[tuple[str, str], ...] = ()
    ) -> tuple[Log10, Log10 | None, Magnitude | None]:
        """log10 of the quantity (solved and rounded to a whole width where it is one), log10 of C·P, and
        for a single width the Magnitude carrying its exact integer (None otherwise)."""
        require_value(theorem, quantity, self.orders)
        if quantity.order_only:
            note = f"{theorem.key} {quantity.name} is known only as an order: {quantity.order_only} set to 1"
            if note not in self.warnings:
                self.warnings.append(note)
        for name in quantity.needs:
            self._ensure(name, theorem, stack + ((theorem.key, quantity.name),))
        self._check_assumptions(theorem)
        core = quantity.log10_core(self.log10)
        if not np.all(np.isfinite(core)):
            shown = ", ".join(f"{name} = {self._shown(name)}" for name in quantity.needs)
            why = (
                _domain_failure(quantity, self.log10)
                if np.any(np.isnan(core))
                else "even its log10 lies beyond the float range (an input far too large)"
            )
            raise InputError(f"{theorem.key} {quantity.name} is not finite at {shown}: {why}")
        if not quantity.solve_for_m:
            return core, None, None
        power = float(quantity.log_power)
        if self.scalar:
            width = smallest_integer_width(float(core), power)
            return width.log10, core, width
        solved = solve_log_factor(core, power)
        small = solved <= EXACT_UP_TO_LOG10
        if np.any(small):  # widths are whole numbers; the same rounding slack as smallest_integer_width
            slack = 1e-15 * np.maximum(1.0, np.abs(core) * LN10)
            whole = np.ceil(10.0 ** np.minimum(solved, EXACT_UP_TO_LOG10) * np.exp(-slack))
            solved = np.where(small, np.log10(np.maximum(whole, 1.0)), solved)
        return solved, core, None

    def _ensure(self, name: str, theorem: Theorem, stack: tuple[tuple[str, str], ...]) -> None:
        if name not in self.read:
            self.read.append(name)
        if name in self.log10:
            return
        if name in theorem.derived:
            key, quantity_name = theorem.derived[name]
            source = theorem if key is None else self.registry[key]
            if (source.key, quantity_name) in stack:
                raise InputError(f"{theorem.key}: {name} depends on itself through {source.key} {quantity_name}")
            self.log10[name], _, width = self.compute(source, source.quantity(quantity_name), stack)
            if width is not None:
                self.whole[name] = width
            self.origins[name] = f"{source.key} {quantity_name}"
            return
        spec = INPUTS[name]
        if spec.default is None:
            raise MissingInputError(theorem.key, name, spec.meaning)
        for needed in spec.default_needs:
            self._ensure(needed, theorem, stack)
        value = spec.default_for(self.values)
        self.values[name] = value
        self.log10[name] = log10_of(cast(Fraction, value)) if self.scalar else np.log10(np.asarray(value, dtype=float))
        self.origins[name] = f"default: {spec.default_text}"

    def _check_assumptions(self, theorem: Theorem) -> None:
        for assumption in theorem.assumptions:
            if assumption.holds is None or not all(name in self.log10 for name in assumption.needs):
                continue
            if np.all(assumption.holds(*(self.log10[name] for name in assumption.needs))):
                continue
            shown = ", ".join(f"{name} = {self._shown(name)}" for name in assumption.needs)
            message = f"{theorem.key} assumes {assumption.text}; got {shown}"
            if assumption.severity == "error":
                raise InputError(message)
            if message not in self.warnings:
                self.warnings.append(message)

    def _shown(self, name: str) -> str:
        value = self.values.get(name)
        if isinstance(value, Fraction):
            return number_text(value)
        if value is None and self.scalar:
            return self.derived(name).text()
        return "(array)"

    def derived(self, name: str) -> Magnitude:
        """A value another formula supplied (a width keeps its exact integer)."""
        return self.whole.get(name) or Magnitude(float(self.log10[name]))


def _domain_failure(quantity: Bound, log10_inputs: Mapping[str, Log10]) -> str:
    """Which of a formula's logarithms is not positive at these inputs (a power of it is then undefined)."""
    bases = [BASES[f.base] for f in quantity.every_factor if f.exponent != 0]
    if quantity.log_power != 0 and not quantity.solve_for_m:
        bases.append(BASES["log_m"])
    with np.errstate(invalid="ignore"):
        failing = [base.unicode for base in bases if base.kind == "log" and np.any(np.isnan(base.log10(log10_inputs)))]
    if not failing:
        return "its logarithms need m > 1, ε < 1, n > ε"
    verb = "is" if len(failing) == 1 else "are"
    return f"{' and '.join(failing)} {verb} not positive here (a logarithm needs its argument above 1)"


def require_value(theorem: Theorem, quantity: Bound, orders: bool = True) -> None:
    """Refuse a quantity whose value would mean nothing: an exponent no source gives.

    A result known only as an order is evaluated like any other (its hidden factors set to 1, as every
    Ω's constant is); ``orders`` is kept for callers of the older API and changes nothing.
    """
    if quantity.missing:
        raise IncompleteError(theorem.key, quantity.name, quantity.missing)


def resolve_theorem(theorem: Theorem | str, registry: Registry | None) -> tuple[Theorem, Registry]:
    """The theorem a key names (or the Theorem given) and the registry to look further keys up in."""
    registry = REGISTRY if registry is None else registry
    return (registry[theorem] if isinstance(theorem, str) else theorem), registry
