"""Evaluating a theorem's quantity at one point: the value with its provenance.

Inputs are resolved as ``boundcalc.numbers.resolve`` says; ``boundcalc.numbers.arrays`` evaluates
over arrays the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, cast

from boundcalc.numbers.exact import coerce_inputs, json_number, number_text
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.numbers.resolve import Resolver, resolve_theorem
from boundcalc.theory import notation as _formula
from boundcalc.theory.bound import Bound, Theorem, one_line
from boundcalc.theory.registry import Registry

if TYPE_CHECKING:
    import sympy as sp


@dataclass(frozen=True)
class Input:
    """An input as used: its value and where it came from ("given", "default: ...", "als19-gd width").

    Attributes:
        name: The input's name (``n``, ``delta``, …).
        value: Its value: exact where given, a Magnitude where derived (a width from a theorem).
        origin: Where it came from: ``given``, ``default: 1/L``, or the quantity it was derived from.
    """

    name: str
    value: Fraction | Magnitude
    origin: str

    def text(self, digits: int = 4) -> str:
        """The value as text, as the command line shows it.

        Args:
            digits: Significant digits of a value not exact.

        Returns:
            The value as text (``1000``, ``7.835 × 10^103``).
        """
        if isinstance(self.value, Magnitude):
            return self.value.text(digits)
        return number_text(self.value)

    def json_value(self) -> int | float | str:
        """The value as JSON has it: an integer, a float, or scientific text beyond float64.

        Returns:
            The value for ``--format json``.
        """
        if isinstance(self.value, Magnitude):
            if self.value.integer is not None:
                return self.value.integer
            return self.value.sci(6) if self.value.log10 > 300 or self.value.log10 < -300 else self.value.to_float()
        return json_number(self.value)


@dataclass(frozen=True)
class Evaluation:
    """A quantity of a theorem evaluated at one point, with everything needed to trace it.

    Attributes:
        theorem: The theorem evaluated (with any overrides).
        quantity: The quantity's Bound: formula, exponents, constant, log power.
        inputs: Each input the formula read, with its value and origin.
        value: The number, a [`Magnitude`][boundcalc.Magnitude] (held as its log10).
        unsolved: For a width with a log m factor, the polynomial part C·P alone, before
            solving m ≥ C·P·log^k m; None otherwise.
        status: The status label of this value: stated, restated, derived or recalled.
        warnings: What the reader should know about this value (an input outside a theorem's
            assumption, a default standing in).

    Examples:
        >>> from boundcalc import width
        >>> w = width(n=1000, L=10)
        >>> w.value.sci(), w.status, w.input("delta").origin
        ('7.835e+103', 'restated', 'default: 1/L')
    """

    theorem: Theorem
    quantity: Bound
    inputs: tuple[Input, ...]
    value: Magnitude
    unsolved: Magnitude | None
    status: str
    warnings: tuple[str, ...]

    @property
    def log10(self) -> float:
        """log10 of the value."""
        return self.value.log10

    @property
    def expr(self) -> sp.Expr:
        """The SymPy formula (exponents and constant in place, inputs symbolic)."""
        return self.quantity.expr

    @property
    def formula(self) -> str:
        """The formula in Unicode text (``m ≥ n^24 · L^12 · d · δ^-8 · log^5 m``)."""
        return _formula.formula_text(self.quantity)

    @property
    def formula_latex(self) -> str:
        """The formula in LaTeX."""
        return _formula.formula_latex(self.quantity)

    @property
    def source(self) -> str:
        """The paper and theorem the formula comes from."""
        return self.theorem.source

    @property
    def evidence(self) -> str:
        """Where this quantity was read (the theorem's reading where it has none of its own)."""
        return (self.quantity.evidence or self.theorem.evidence).describe()

    def input(self, name: str) -> Input:
        """The input of that name, as the formula read it.

        Args:
            name: The input's name (``n``, ``delta``, ``m``, …).

        Returns:
            The [`Input`][boundcalc.Input], with its value and origin.

        Raises:
            KeyError: The formula did not read that input.
        """
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self, digits: int = 4) -> dict:
        """The JSON object ``--format json`` prints (``boundcalc.render.results.evaluation_dict``).

        Args:
            digits: Significant digits of the value as text.

        Returns:
            A dict of plain values: theorem, quantity, value, inputs, source, version, status.
        """
        from boundcalc.render.results import evaluation_dict  # presentation lives in render/

        return evaluation_dict(self, digits)

    def __str__(self) -> str:
        return f"{self.theorem.key} {self.quantity.name}: {self.quantity.symbol} {self.quantity.relation} {self.value}"

    def __repr__(self) -> str:
        """One line: key, quantity, value and status.

        >>> evaluate("als19-gd", "width", n=1000, L=10)
        <Evaluation als19-gd width: m ≥ 7.835 × 10^103 (restated)>
        """
        head = f"<Evaluation {self.theorem.key} {self.quantity.name}: {self.quantity.symbol} {self.quantity.relation}"
        tail = f" {self.value} ({self.status}{', warnings' if self.warnings else ''})>"
        return one_line(head, tail)

    def _repr_latex_(self) -> str:
        r"""Jupyter shows an evaluation as its formula in LaTeX, the value and the status label.

        >>> print(evaluate("du19-2layer", "width", n=100, lambda0=0.1)._repr_latex_())
        $$m \geq \frac{n^{6}}{\lambda_0^{4}\, p^{3}} \quad\Rightarrow\quad m \geq 1.000\times10^{19} \qquad \text{du19-2layer width; status: stated}$$
        """
        from boundcalc.render.notebook import evaluation_display  # presentation lives in render/

        return evaluation_display(self)


def evaluate(
    theorem: Theorem | str,
    quantity: str,
    inputs: Mapping[str, object] | None = None,
    *,
    registry: Registry | None = None,
    orders: bool = False,
    **kwargs: object,
) -> Evaluation:
    """Evaluate one quantity of a theorem at one point.

    Inputs are numbers or number text (``"1e-3"``, ``"3/2"``); missing ones take their default
    or are derived (``m`` defaults to the width the theorem demands). A result known only as an order
    is evaluated with what its source leaves out set to 1 (``quantity.order_only`` names it).

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name: ``width``, ``step_size``, ``iterations``, ``rate``, …
        inputs: The inputs by name, as a mapping.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        **kwargs: More inputs by name, merged with ``inputs``.

    Returns:
        The [`Evaluation`][boundcalc.Evaluation].

    Raises:
        UnknownTheoremError: The key is not in the registry.
        MissingInputError: The formula reads an input not given and without a default.
        IncompleteError: The source leaves an exponent unknown, until it is overridden.
        InputError: An input is outside its domain or not a number; the quantity is unknown.

    Examples:
        >>> evaluate("als19-gd", "width", n=1000, L=10, delta=0.1).value.sci()
        '7.835e+103'
    """
    theorem, registry = resolve_theorem(theorem, registry)
    target = theorem.quantity(quantity)
    resolver = Resolver(coerce_inputs({**(inputs or {}), **kwargs}), registry, scalar=True, orders=orders)
    log10_value, core, width = resolver.compute(theorem, target)
    value = width or Magnitude(float(log10_value))
    unsolved = Magnitude(float(core)) if core is not None and target.log_power != 0 else None
    used = []
    for name, origin in resolver.origins.items():
        if name not in resolver.read:
            continue
        shown = resolver.values.get(name)
        if shown is None:
            shown = resolver.derived(name)
        used.append(Input(name, cast(Fraction | Magnitude, shown), origin))
    return Evaluation(
        theorem=theorem,
        quantity=target,
        inputs=tuple(used),
        value=value,
        unsolved=unsolved,
        status=theorem.quantity_status(target, resolver.log10),
        warnings=tuple(resolver.warnings),
    )
