"""The inputs a user can set and the bases a formula's factors use, without SymPy.

Every formula is evaluated in log space, on the log10 of its inputs, so nothing overflows: each
base knows its own log10 from theirs. Their SymPy forms live in ``boundcalc.theory.symbolic``
(which imports this module, never the reverse), imported only by what shows or manipulates a formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

# log10 of a quantity: a float at a single point, an array over arrays of inputs
Log10: TypeAlias = float | NDArray[np.float64]

# under the paper's normalisation ‖x_i − x_j‖ ≤ √2; float √2 rounds above it, so floats stop one ulp below
LARGEST_SEPARATION = math.nextafter(math.sqrt(2.0), 0.0)


@dataclass(frozen=True)
class InputSpec:
    """An input a formula can take: its symbol, meaning, domain and default."""

    name: str
    meaning: str
    kind: str  # "integer": positive integer; "separation": in (0, √2]; "probability": in (0, 1); "positive": > 0
    default: Callable[[dict], object] | None = None
    default_text: str = ""


INPUTS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec("n", "number of training samples", "integer"),
        InputSpec("L", "number of hidden layers (depth)", "integer"),
        InputSpec(
            "delta",
            "separation: minimum distance ‖x_i − x_j‖ between the unit-norm inputs",
            "separation",
            lambda values: 1 / values["L"],
            "1/L",
        ),
        InputSpec("d", "output dimension", "integer", lambda values: Fraction(1), "1"),
        InputSpec("eps", "target training loss ε", "positive", lambda values: Fraction(1, 1000), "1e-3"),
        InputSpec("eps_test", "ε_test: target test (classification) error", "probability"),
        InputSpec("eps_res", "ε_res: residual (generalisation) accuracy of Arora et al.", "positive"),
        InputSpec("b", "mini-batch size", "integer", lambda values: Fraction(1), "1"),
        InputSpec("m", "width of every hidden layer", "positive"),
        InputSpec("eta", "step size η", "positive"),
        InputSpec("omega", "radius ω around the initialisation (spectral norm)", "positive"),
        InputSpec("lambda0", "λ0: smallest eigenvalue of the two-layer ReLU kernel H∞ on the data", "positive"),
        InputSpec("lambda_deep", "λ_H: smallest eigenvalue of the depth-H kernel K^(H) of Du et al.", "positive"),
        InputSpec("lambda_star", "λ*: smallest eigenvalue of Nguyen's Gram matrix at initialisation", "positive"),
        InputSpec(
            "fail_prob",
            "failure probability p of the guarantee (not the separation δ)",
            "probability",
            lambda values: Fraction(1, 10),
            "0.1",
        ),
        InputSpec("kappa", "κ: scale of the initialisation N(0, κ²)", "positive"),
        InputSpec("margin", "γ: margin of the data under the result's kernel", "positive"),
        InputSpec("d_in", "input dimension", "integer"),
    )
}


@dataclass(frozen=True)
class Base:
    """What a factor raises to a power: an input x, 2^L, or ln of a product Π x_i^c_i.

    ``kind`` is "symbol", "exp2" or "log"; ``powers`` holds the (input, c_i) of a logarithm's
    argument. ``needs`` lists the inputs it reads.
    """

    name: str
    kind: str
    unicode: str
    latex: str
    powers: tuple[tuple[str, int], ...] = ()

    @property
    def needs(self) -> tuple[str, ...]:
        if self.kind == "symbol":
            return (self.name,)
        if self.kind == "exp2":
            return ("L",)
        return tuple(name for name, _ in self.powers)

    def log10(self, log10_inputs: Mapping[str, Log10]) -> Log10:
        """log10 of the base from the log10 of its inputs; NaN where it is not positive (ln x ≤ 0)."""
        if self.kind == "symbol":
            return log10_inputs[self.name]
        if self.kind == "exp2":  # log10(2^L) = L·log10 2; inf beyond the float range, refused downstream
            with np.errstate(over="ignore"):
                return np.power(10.0, log10_inputs["L"]) * math.log10(2.0)
        ln_value = sum(c * np.asarray(log10_inputs[name], dtype=float) for name, c in self.powers) * math.log(10.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.log10(np.where(ln_value > 0, ln_value, np.nan))
        return float(value) if np.ndim(value) == 0 else value


def _symbol_base(name: str, unicode: str, latex: str) -> Base:
    return Base(name, "symbol", unicode, latex)


def _log_base(name: str, unicode: str, latex: str, **powers: int) -> Base:
    return Base(name, "log", unicode, latex, tuple(powers.items()))


def input_flag(name: str) -> str:
    """The command-line option that gives an input: hyphens between words, ``--batch`` for b (the
    underscore spellings are hidden aliases).

    Args:
        name: The input's name, as the formulas spell it (``eps_test``).

    Returns:
        The option (``--eps-test``).

    Examples:
        >>> input_flag("lambda_deep"), input_flag("b"), input_flag("L")
        ('--lambda-deep', '--batch', '--L')
    """
    return "--batch" if name == "b" else "--" + name.replace("_", "-")


BASES: dict[str, Base] = {
    base.name: base
    for base in (
        _symbol_base("n", "n", "n"),
        _symbol_base("L", "L", "L"),
        _symbol_base("d", "d", "d"),
        _symbol_base("b", "b", "b"),
        _symbol_base("m", "m", "m"),
        _symbol_base("delta", "δ", r"\delta"),
        _symbol_base("eps", "ε", r"\varepsilon"),
        _symbol_base("eta", "η", r"\eta"),
        _symbol_base("omega", "ω", r"\omega"),
        _symbol_base("eps_test", "ε_test", r"\varepsilon_{\mathrm{test}}"),
        _symbol_base("eps_res", "ε_res", r"\varepsilon_{\mathrm{res}}"),
        _symbol_base("lambda0", "λ0", r"\lambda_0"),
        _symbol_base("lambda_deep", "λ_H", r"\lambda_H"),
        _symbol_base("lambda_star", "λ*", r"\lambda_*"),
        _symbol_base("fail_prob", "p", "p"),
        _symbol_base("kappa", "κ", r"\kappa"),
        _symbol_base("margin", "γ", r"\gamma"),
        _symbol_base("d_in", "d_in", r"d_{\mathrm{in}}"),
        # 2^L: an exponent c here is the hidden constant of 2^{O(L)}
        Base("exp2_L", "exp2", "2^L", "2^{L}"),
        _log_base("log_n", "log n", r"\log n", n=1),
        _log_base("log_n_p", "log(n/p)", r"\log(n/p)", n=1, fail_prob=-1),
        _log_base("log_nL", "log(nL)", r"\log(nL)", n=1, L=1),
        _log_base("log_nL_p", "log(nL/p)", r"\log(nL/p)", n=1, L=1, fail_prob=-1),
        _log_base("log_inv_p", "log(1/p)", r"\log(1/p)", fail_prob=-1),
        _log_base("log_n_eps_p", "log(n/(pε))", r"\log(n/(p\varepsilon))", n=1, fail_prob=-1, eps=-1),
        _log_base(
            "log_n_epstest_p",
            "log(n/(ε_test p))",
            r"\log(n/(\varepsilon_{\mathrm{test}} p))",
            n=1,
            eps_test=-1,
            fail_prob=-1,
        ),
        _log_base("log_n_epstest", "log(n/ε_test)", r"\log(n/\varepsilon_{\mathrm{test}})", n=1, eps_test=-1),
        _log_base("log_m", "log m", r"\log m", m=1),
        _log_base("log_inv_eps", "log(1/ε)", r"\log(1/\varepsilon)", eps=-1),
        _log_base("log_n_eps", "log(n/ε)", r"\log(n/\varepsilon)", n=1, eps=-1),
    )
}


def log10_of(value: Fraction | int) -> float:
    """log10 of a positive Fraction or int of any size, without going through float."""
    value = Fraction(value)
    return math.log10(value.numerator) - math.log10(value.denominator)
