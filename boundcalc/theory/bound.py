"""Theorems as data: a formula is a product of named factors, a hidden constant and a log power.

A ``Bound`` is ``C · Π base_i^e_i · log(m)^k``; each exponent has a name (the base's
name: ``n``, ``L``, ``delta``, ...) so a user can override it. A ``Theorem`` bundles its
quantities with the paper, theorem number, status label and assumptions. Both are frozen:
overriding returns a new object and the registry's defaults never change.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias, cast

import numpy as np
from numpy.typing import NDArray

from boundcalc.errors import InputError, shown
from boundcalc.parsing.number import exact_number
from boundcalc.theory.evidence import STATUSES, Evidence, weakest
from boundcalc.theory.symbols import BASES, Log10, log10_of

if TYPE_CHECKING:
    import sympy as sp

__all__ = ["STATUSES", "Assumption", "Bound", "Evidence", "Factor", "Theorem", "factors", "weakest"]

KINDS = ("guarantee", "lemma", "condition", "floor", "existence")
NETWORKS = ("shallow", "deep", "shallow or deep")  # how the published comparison tables group results

# what Bound accepts for its constant and log power (``__post_init__`` turns it into a Fraction)
FractionLike: TypeAlias = Fraction | int | str


@dataclass(frozen=True)
class Factor:
    """``base ** exponent``; ``evidence`` is set where this factor was read elsewhere than its formula.

    Attributes:
        base: The base's name (``n``, ``L``, ``delta``, ``log_n``, …), one of the known bases.
        exponent: The exponent, exact; ``2`` or ``"1/2"`` are accepted and made a Fraction.
        evidence: Where this factor was read, where that is not its formula's source; None otherwise.
        known: False where the source leaves the exponent unknown: ``exponent`` is then only a
            placeholder, and no value is computed until a user supplies it.
        per: (input, c) pairs that make the exponent grow with inputs, each adding c·input to it,
            as in Taheri et al.'s γ^−(6L+4).

    Raises:
        ValueError: ``base`` is not a known base (a catalogue error, not a user's).
    """

    base: str
    exponent: Fraction
    evidence: Evidence | None = None
    known: bool = True
    per: tuple[tuple[str, Fraction], ...] = ()

    if TYPE_CHECKING:
        # the dataclass's own __init__ at run time, spelled out so that exponent accepts 2 or "1/2"
        def __init__(
            self,
            base: str,
            exponent: FractionLike,
            evidence: Evidence | None = None,
            known: bool = True,
            per: tuple[tuple[str, Fraction], ...] = (),
        ) -> None: ...

    def __post_init__(self) -> None:
        if self.base not in BASES:
            raise ValueError(f"unknown base {self.base!r}; known: {', '.join(BASES)}")
        object.__setattr__(self, "exponent", Fraction(self.exponent))

    def log10(self, inputs: Mapping[str, Log10]) -> Log10:
        """log10 of base^exponent, the exponent read at these inputs where it grows with them.

        Args:
            inputs: The log10 of each input by name, floats or arrays (which broadcast); log10, so
                that no input overflows.

        Returns:
            The log10 of the factor: a float, or an array of the inputs' shape.
        """
        exponent: Log10 = float(self.exponent)
        for name, slope in self.per:
            with np.errstate(over="ignore"):
                exponent = exponent + float(slope) * np.power(10.0, inputs[name])
        return cast(Log10, exponent * BASES[self.base].log10(inputs))

    @property
    def status(self) -> str | None:
        """The status label of this factor's own evidence; None where it has none."""
        return self.evidence.status if self.evidence else None


def factors(
    *pairs: tuple[str, FractionLike], evidence: Mapping[str, Evidence] | None = None, unknown: Iterable[str] = ()
) -> tuple[Factor, ...]:
    """Factors from (base, exponent) pairs; ``evidence`` for those read apart from their formula,
    ``unknown`` for those whose exponent no source gives (their exponent is a placeholder)."""
    evidence, unknown = evidence or {}, set(unknown)
    return tuple(Factor(base, e, evidence.get(base), base not in unknown) for base, e in pairs)


@dataclass(frozen=True, repr=False)
class Bound:
    """One formula of a theorem, e.g. the width ``m ≥ C n^24 L^12 d δ^-8 log^5 m``.

    Attributes:
        name: The quantity it bounds: ``width``, ``step_size``, ``iterations``, ``rate``, …
        symbol: Its symbol as text (``m``, ``η``, ``T``).
        latex_symbol: Its symbol in LaTeX (``\\eta`` for η); set by boundcalc only, so that no text a
            user wrote becomes live LaTeX.
        meaning: What the quantity is, in words.
        relation: How the theorem uses it: ``"≥"`` (the symbol must be at least this, as for the
            width), ``"≤"`` (an upper bound the theorem proves) or ``"="`` (a choice up to a
            constant, as for the step size).
        order: The Landau symbol (``Ω``, ``O``, ``Θ``) that hides ``constant``.
        factors: The product's factors, base and exponent each.
        constant: The constant the order hides (1 unless a user sets it); ``2`` or ``"1/2"`` are
            accepted and made a Fraction.
        log_power: The power k of log m (0 where there is none); accepted as ``constant`` is.
        solve_for_m: True for a width whose log m factor makes it an inequality in m, solved as such.
        evidence: Where this formula was read; None where its theorem was.
        note: What a reader should know about this formula, shown beside it.
        overridden: What a user replaced (``"exponent n"``, ``"constant"``, ``"log power"``), so
            that no overridden value passes for the paper's.
        expression: A general formula (from a bound file) in place of ``factors``; None otherwise.
        order_only: What the source leaves out where it gives only an order of growth
            (data-dependent factors, say): the value is computed with those set to 1, and says so.
        log_power_known: False where a tilde hides a log power that no source gives.
        maximum: The products of a theorem's max{…}: the formula is its factors times the largest
            of them (exponents fixed).
    """

    name: str
    symbol: str
    latex_symbol: str
    meaning: str
    relation: str
    order: str
    factors: tuple[Factor, ...]
    constant: Fraction = Fraction(1)
    log_power: Fraction = Fraction(0)
    solve_for_m: bool = False
    evidence: Evidence | None = None
    note: str = ""
    overridden: tuple[str, ...] = ()
    expression: sp.Expr | None = None  # a general formula (from a bound file) in place of factors
    order_only: str = ""
    log_power_known: bool = True
    maximum: tuple[tuple[Factor, ...], ...] = ()

    if TYPE_CHECKING:
        # the dataclass's own __init__ at run time; spelled out only so that constant and log_power
        # accept what __post_init__ converts (the data modules write 2 or "1/2")
        def __init__(
            self,
            name: str,
            symbol: str,
            latex_symbol: str,
            meaning: str,
            relation: str,
            order: str,
            factors: tuple[Factor, ...],
            constant: FractionLike = Fraction(1),
            log_power: FractionLike = Fraction(0),
            solve_for_m: bool = False,
            evidence: Evidence | None = None,
            note: str = "",
            overridden: tuple[str, ...] = (),
            expression: sp.Expr | None = None,
            order_only: str = "",
            log_power_known: bool = True,
            maximum: tuple[tuple[Factor, ...], ...] = (),
        ) -> None: ...

    def __post_init__(self) -> None:
        object.__setattr__(self, "constant", Fraction(self.constant))
        object.__setattr__(self, "log_power", Fraction(self.log_power))

    def __repr__(self) -> str:
        """One line: the name and the formula as the paper writes it.

        >>> from boundcalc import REGISTRY
        >>> REGISTRY["du19-2layer"].quantity("width")
        <Bound width: m ≥ Ω(n^6 · λ0^-4 · p^-3)>
        """
        from boundcalc.theory.notation import formula_text  # notation imports this module

        return one_line(f"<Bound {self.name}: {formula_text(self, paper=True)}", ">")

    @property
    def status(self) -> str | None:
        """The status label of this formula's own evidence; None where its theorem's applies."""
        return self.evidence.status if self.evidence else None

    @property
    def missing(self) -> tuple[tuple[str, str, str], ...]:
        """What no source gives and a user must supply before a value means anything:
        (what, option, assignment), e.g. ("the δ exponent", "--exp", "width.delta=…")."""
        items = [
            (f"the {BASES[f.base].unicode} exponent", "--exp", f"{self.name}.{f.base}=…")
            for f in self.factors
            if not f.known
        ]
        if not self.log_power_known:
            items.append((f"the power of log m hidden by {self.order}", "--log-power", f"{self.name}=…"))
        return tuple(items)

    @property
    def every_factor(self) -> tuple[Factor, ...]:
        """The factors and those inside the maximum: everything the formula reads."""
        return self.factors + tuple(f for term in self.maximum for f in term)

    @property
    def exponents(self) -> dict[str, Fraction]:
        """Each factor's exponent by base (the maximum's excluded: they cannot be overridden)."""
        return {factor.base: factor.exponent for factor in self.factors}

    @property
    def needs(self) -> tuple[str, ...]:
        """The inputs this formula reads, in a stable order."""
        names: list[str] = []
        if self.expression is not None:
            from boundcalc.theory.symbolic import SYMBOLS

            names = [name for name, symbol in SYMBOLS.items() if symbol in self.expression.free_symbols]
        bases = [BASES[f.base] for f in self.every_factor if f.exponent != 0 or f.per]
        if self.log_power != 0 and not self.solve_for_m:
            bases.append(BASES["log_m"])
        for base in bases:
            names += [name for name in base.needs if name not in names]
        names += [name for f in self.every_factor for name, _ in f.per if name not in names]
        return tuple(names)

    @property
    def expr(self) -> sp.Expr:
        """The formula as a SymPy expression, with this quantity's exponents and constant."""
        import sympy as sp

        from boundcalc.theory.symbolic import SYMBOLS, base_expr, m, rational

        product = rational(self.constant)
        if self.expression is not None:
            product *= self.expression
        for factor in self.factors:
            exponent = rational(factor.exponent) + sum(rational(c) * SYMBOLS[name] for name, c in factor.per)
            product *= base_expr(factor.base) ** exponent
        if self.maximum:
            product *= sp.Max(*(sp.Mul(*(base_expr(f.base) ** rational(f.exponent) for f in t)) for t in self.maximum))
        return product * sp.log(m) ** rational(self.log_power)

    @property
    def template(self) -> sp.Expr:
        """The formula with every exponent, the constant and the log power left symbolic."""
        import sympy as sp

        from boundcalc.theory.symbolic import C, base_expr, k, m, rational

        product = C * (self.expression if self.expression is not None else 1)
        for factor in self.factors:
            product *= base_expr(factor.base) ** sp.Symbol(f"a_{factor.base}", real=True)
        if self.maximum:  # the maximum's exponents are not overridable: they stay as read
            product *= sp.Max(*(sp.Mul(*(base_expr(f.base) ** rational(f.exponent) for f in t)) for t in self.maximum))
        return product * sp.log(m) ** k

    def log10_core(self, log10_inputs: Mapping[str, object]) -> Log10:
        """log10 of C times the factors (not yet solved for m), from the log10 of the inputs.

        Args:
            log10_inputs: The log10 of each input the formula reads (``needs``), by name: floats
                give a float, arrays broadcast.

        Returns:
            The log10 of the formula's value before solving for m; NaN at a point outside the
                formula's domain.
        """
        if self.expression is not None:
            return self._general_log10(log10_inputs) + log10_of(self.constant)
        inputs = cast(Mapping[str, Log10], log10_inputs)
        terms = [f.log10(inputs) for f in self.factors if f.exponent != 0 or f.per]
        if self.log_power != 0 and not self.solve_for_m:
            terms.append(float(self.log_power) * BASES["log_m"].log10(inputs))
        if self.maximum:
            products = [sum(float(f.exponent) * BASES[f.base].log10(inputs) for f in term) for term in self.maximum]
            terms.append(functools.reduce(np.maximum, products))  # NaN (outside the domain) propagates
        if all(np.ndim(term) == 0 for term in terms):
            values = [float(term) for term in terms]
            # fsum: exact to the last bit however the terms cancel; it refuses inf − inf, which is NaN
            core = math.fsum(values) if all(map(math.isfinite, values)) else sum(values, 0.0)
            return core + log10_of(self.constant)
        with np.errstate(invalid="ignore"):
            return cast(Log10, sum(terms)) + log10_of(self.constant)

    def _general_log10(self, log10_inputs: Mapping[str, object]) -> Log10:
        """log10 of a general formula, evaluated in log space (no overflow, no tower chased); NaN where
        it is not positive or not finite."""
        from boundcalc.theory.log_space import TooLarge, signed_ln
        from boundcalc.theory.symbolic import SYMBOLS

        expression = self.expression
        assert expression is not None  # only called for a formula from a bound file
        names = self.needs
        arrays = [np.asarray(log10_inputs[name], dtype=float) for name in names]
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        flat = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
        out = np.empty(int(np.prod(shape)))
        for i in range(out.size):
            point = dict(zip(names, (float(a[i]) for a in flat)))
            try:
                sign, ln = signed_ln(expression, {SYMBOLS[k]: v * math.log(10) for k, v in point.items()})
            except TooLarge:
                raise
            except InputError:
                sign, ln = 0, math.nan
            out[i] = ln / math.log(10) if sign > 0 and math.isfinite(ln) else math.nan
            if sign > 0 and self.log_power != 0 and not self.solve_for_m:
                out[i] += float(self.log_power) * math.log10(point["m"] * math.log(10))
        return float(out[0]) if shape == () else out.reshape(shape)

    def with_overrides(
        self,
        exponents: Mapping[str, object] | None = None,
        constant: object | None = None,
        log_power: object | None = None,
    ) -> Bound:
        """A copy with some exponents, the hidden constant or the log power replaced.

        Each replacement is recorded in ``overridden``; an exponent set this way becomes known.

        Args:
            exponents: New exponents by base (``{"n": 12}``), numbers or number text (``"3/2"``).
            constant: The new hidden constant, positive; None keeps it.
            log_power: The new power of log m; None keeps it.

        Returns:
            The new Bound; this one is unchanged.

        Raises:
            InputError: A base the formula has no exponent for, a formula from a bound file (whose
                exponents live in its file), a constant not positive, a value beyond ±1000 or not
                a number, or a negative log power on a width solved for m.
        """
        changed: list[str] = list(self.overridden)
        factors = list(self.factors)
        if exponents and self.expression is not None:
            raise InputError(f"{self.name} is a formula from a bound file: edit the file to change its exponents")
        for name, value in (exponents or {}).items():
            names = [f.base for f in factors]
            if name not in names:
                raise InputError(
                    f"{self.name} has no exponent {name!r}; its exponents are {', '.join(names) or 'none'}"
                )
            index = names.index(name)
            factors[index] = dataclasses.replace(
                factors[index], exponent=_bounded(value, f"exponent {name}"), known=True
            )
            changed.append(f"exponent {name}")
        new_constant, new_log_power, log_power_known = self.constant, self.log_power, self.log_power_known
        if constant is not None:
            new_constant = exact_number(constant, "constant")
            if new_constant <= 0:
                raise InputError(f"constant must be positive, got {shown(new_constant)}")
            changed.append("constant")
        if log_power is not None:
            new_log_power = _bounded(log_power, "log power")
            if self.solve_for_m and new_log_power < 0:
                raise InputError(f"log power of {self.name} must be >= 0, got {shown(new_log_power)}")
            changed.append("log power")
            log_power_known = True
        return dataclasses.replace(
            self,
            factors=tuple(factors),
            constant=new_constant,
            log_power=new_log_power,
            log_power_known=log_power_known,
            overridden=tuple(dict.fromkeys(changed)),
        )


@dataclass(frozen=True)
class Assumption:
    """A hypothesis of a theorem, in words, with a check where one can be made.

    Attributes:
        text: The hypothesis as the paper states it, in words.
        needs: The inputs the check reads, in the order ``holds`` takes them.
        holds: Takes the log10 of the inputs named in ``needs`` (floats or arrays) and returns
            whether the hypothesis holds; None where it cannot be checked.
        severity: ``"error"`` refuses the inputs, ``"warning"`` only warns (used where a hidden
            constant makes the check indicative).
    """

    text: str
    needs: tuple[str, ...] = ()
    holds: Callable[..., bool | NDArray[np.bool_]] | None = None
    severity: str = "error"


@dataclass(frozen=True)
class Survey:
    """The four columns a related-work table gives a result; "" where its source does not say."""

    network: str = ""  # one of NETWORKS
    activation: str = ""
    loss: str = ""
    algorithm: str = ""

    def __post_init__(self) -> None:
        if self.network not in ("", *NETWORKS):
            raise ValueError(f"network must be one of {', '.join(NETWORKS)}, got {self.network!r}")


@dataclass(frozen=True, repr=False)
class Theorem:
    """A theorem of a paper: its quantities, assumptions, source and how sure we are of it.

    Attributes:
        key: Its key in the registry (``als19-gd``).
        title: What the theorem proves, in one line.
        paper: The paper's authors, as tables cite them.
        theorem: Where in the paper: ``Theorem 4.1``, ``Lemma 3``, …
        evidence: Where the main statement was read, which gives its status label.
        version: The version of the text its exponents come from (``arXiv:1810.02054 v2 (ICLR 2019)``):
            versions of a paper differ in their exponents.
        source: The full citation: authors, venue, title and theorem.
        setting: The setting it holds in (network, loss, algorithm), in words.
        quantities: Its formulas: width, step size, iterations, …
        assumptions: Its hypotheses, checked against the inputs where they can be.
        derived: Where an input that the user did not give comes from, e.g.
            ``{"m": ("als19-gd", "width")}``: a quantity evaluated at the width that theorem
            demands. A key of None in place of a theorem key means this theorem itself.
        year: The paper's year; 0 where unknown.
        kind: ``guarantee`` (GD or SGD converges), ``lemma``, ``condition``, ``floor`` or ``existence``.
        architecture: The setting in a few words, for tables.
        data_assumption: What the theorem assumes of the data.
        kernel: The kernel whose λ0 the result reads, with its definition.
        caveats: What a reader should keep in mind about this entry alone.
        survey: The four columns of a related-work table (network, activation, loss, algorithm).

    Raises:
        ValueError: ``version`` is empty or ``kind`` is not one of the kinds (a catalogue error).
    """

    key: str
    title: str
    paper: str
    theorem: str
    evidence: Evidence
    version: str  # the version of the text its exponents come from
    source: str
    setting: str
    quantities: tuple[Bound, ...]
    assumptions: tuple[Assumption, ...] = ()
    derived: Mapping[str, tuple[str | None, str]] = field(default_factory=dict)
    year: int = 0
    kind: str = "guarantee"  # guarantee (GD/SGD converges), lemma, condition, floor, existence
    architecture: str = ""  # the setting in a few words, for tables
    data_assumption: str = ""
    kernel: str = ""  # the kernel whose λ0 the result reads, with its definition
    caveats: str = ""  # what a reader should keep in mind about this entry alone
    survey: Survey = field(default_factory=Survey)

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise ValueError(f"{self.key}: name the version of the text its exponents come from")
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: kind must be one of {KINDS}")

    def __repr__(self) -> str:
        """One line: key, paper, theorem, quantities and status.

        >>> from boundcalc import REGISTRY
        >>> REGISTRY["du19-2layer"]
        <Theorem du19-2layer: Du, Zhai, Póczos, Singh 2019, Theorem 4.1; width, step_size, rate, iterations (stated)>
        """
        head = f"<Theorem {self.key}: {self.paper} {self.year or ''}".rstrip() + f", {self.theorem}"
        return one_line(f"{head}; {', '.join(self.quantity_names)}", f" ({self.status})>")

    def _repr_latex_(self) -> str:
        """Jupyter shows a theorem as its formulas, as the paper writes them, with their status labels
        (``boundcalc.render.notebook.theorem_display``)."""
        from boundcalc.render.notebook import theorem_display  # presentation lives in render/

        return theorem_display(self)

    @property
    def status(self) -> str:
        """The label of the main statement; a quantity or factor read elsewhere carries its own."""
        return self.evidence.status

    @property
    def status_note(self) -> str:
        """The status label's evidence in words: what was read, where."""
        return self.evidence.describe()

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every label that some formula or factor of this theorem carries, strongest first."""
        found = {self.status}
        for quantity in self.quantities:
            found.add(quantity.status or self.status)
            found.update(f.status for f in quantity.factors if f.status)
        return tuple(s for s in STATUSES if s in found)

    @property
    def quantity_names(self) -> tuple[str, ...]:
        """The names of its quantities, in the order the theorem gives them."""
        return tuple(q.name for q in self.quantities)

    def quantity(self, name: str) -> Bound:
        """One of its formulas, by name.

        Args:
            name: The quantity's name (``width``, ``step_size``, …).

        Returns:
            The quantity's Bound.

        Raises:
            InputError: The theorem has no quantity of that name (the message lists those it has).
        """
        for quantity in self.quantities:
            if quantity.name == name:
                return quantity
        raise InputError(f"{self.key} has no {name}; its quantities are {', '.join(self.quantity_names)}")

    def with_overrides(
        self,
        quantity: str,
        exponents: Mapping[str, object] | None = None,
        constant: object | None = None,
        log_power: object | None = None,
    ) -> Theorem:
        """A copy of this theorem with one quantity's exponents, constant or log power replaced.

        Args:
            quantity: The name of the quantity to change (``width``).
            exponents: New exponents by base (``{"n": 12}``), numbers or number text (``"3/2"``).
            constant: The new hidden constant, positive; None keeps it.
            log_power: The new power of log m; None keeps it.

        Returns:
            The new Theorem; this one, and the registry's, are unchanged.

        Raises:
            InputError: The theorem has no such quantity, or a value ``Bound.with_overrides``
                refuses.
        """
        new = self.quantity(quantity).with_overrides(exponents, constant, log_power)
        quantities = tuple(new if q.name == quantity else q for q in self.quantities)
        return dataclasses.replace(self, quantities=quantities)

    def quantity_status(self, quantity: Bound, log10_inputs: Mapping[str, object]) -> str:
        """The weakest status among the quantity and the factors that change its value here.

        A factor read elsewhere lowers the status only where it changes the value: not where its
        base's log10 is 0 (the base is 1).

        Args:
            quantity: One of this theorem's quantities.
            log10_inputs: The log10 of the inputs by base name, floats or arrays; a base absent
                counts as changing the value.

        Returns:
            The status label, one of ``STATUSES``.
        """
        statuses = [quantity.status or self.status]
        for factor in quantity.factors:
            if factor.status and factor.exponent != 0:
                value = np.asarray(log10_inputs.get(factor.base, 1.0))
                if np.any(value != 0):
                    statuses.append(factor.status)
        return weakest(*statuses)


REPR_LIMIT = 119  # a repr fits on one line of 120 characters


def one_line(text: str, tail: str = "", limit: int = REPR_LIMIT) -> str:
    """``text + tail`` on one line, ``text`` cut with "…" so that the whole fits in ``limit`` characters.

    >>> one_line("<Theorem " + "x" * 200, ">", limit=20)
    '<Theorem xxxxxxxxx…>'
    """
    flat = " ".join(text.split())
    room = limit - len(tail)
    return (flat if len(flat) <= room else flat[: room - 1] + "…") + tail


MAX_OVERRIDE = 1000  # |exponent| or |log power| a user may set: beyond it no formula means anything


def _bounded(value: object, what: str) -> Fraction:
    number = exact_number(value, what)
    if abs(number) > MAX_OVERRIDE:
        raise InputError(f"{what} must lie in [-{MAX_OVERRIDE}, {MAX_OVERRIDE}], got {shown(value)}")
    return number
