"""The symbols of the theory, the inputs a user can set, and the bases a formula's factors use.

Each base carries its SymPy form and its base-10 logarithm written in the log10 of the inputs
(``log10_n``, ...), which is how every formula is evaluated: in log space, so nothing overflows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

n = sp.Symbol("n", positive=True, integer=True)
L = sp.Symbol("L", positive=True, integer=True)
d = sp.Symbol("d", positive=True, integer=True)
b = sp.Symbol("b", positive=True, integer=True)
m = sp.Symbol("m", positive=True, integer=True)
delta = sp.Symbol("delta", positive=True)
eps = sp.Symbol("epsilon", positive=True)
eps_test = sp.Symbol("epsilon_test", positive=True)
eps_res = sp.Symbol("epsilon_res", positive=True)
eta = sp.Symbol("eta", positive=True)
omega = sp.Symbol("omega", positive=True)
lambda0 = sp.Symbol("lambda_0", positive=True)
lambda_deep = sp.Symbol("lambda_H", positive=True)
lambda_star = sp.Symbol("lambda_star", positive=True)
fail_prob = sp.Symbol("p", positive=True)
kappa = sp.Symbol("kappa", positive=True)
margin = sp.Symbol("gamma", positive=True)
d_in = sp.Symbol("d_in", positive=True, integer=True)
C = sp.Symbol("C", positive=True)  # a hidden constant of O, Omega or Theta
k = sp.Symbol("k", real=True)  # the power of log m hidden by a tilde

SYMBOLS = {
    "n": n,
    "L": L,
    "d": d,
    "b": b,
    "m": m,
    "delta": delta,
    "eps": eps,
    "eps_test": eps_test,
    "eps_res": eps_res,
    "eta": eta,
    "omega": omega,
    "lambda0": lambda0,
    "lambda_deep": lambda_deep,
    "lambda_star": lambda_star,
    "fail_prob": fail_prob,
    "kappa": kappa,
    "margin": margin,
    "d_in": d_in,
}
LOG10 = {name: sp.Symbol(f"log10_{name}", real=True) for name in SYMBOLS}
_LN10 = sp.log(10)


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

    @property
    def symbol(self) -> sp.Symbol:
        return SYMBOLS[self.name]


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
    """What a factor raises to a power: a symbol or a logarithm of symbols."""

    name: str
    expr: sp.Expr
    unicode: str
    latex: str
    log10_expr: sp.Expr  # log10 of the base, in the LOG10 symbols
    needs: tuple[str, ...]


def _symbol_base(name: str, unicode: str, latex: str) -> Base:
    return Base(name, SYMBOLS[name], unicode, latex, LOG10[name], (name,))


def _log_base(name: str, expr: sp.Expr, unicode: str, latex: str, ln_value: sp.Expr, needs: Iterable[str]) -> Base:
    # log10(ln x) where ln x is given in the log10 symbols: ln x = log10(x) * ln 10
    return Base(name, expr, unicode, latex, sp.log(ln_value * _LN10) / _LN10, tuple(needs))


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
        Base("exp2_L", sp.Integer(2) ** L, "2^L", "2^{L}", 10 ** LOG10["L"] * sp.log(2) / _LN10, ("L",)),
        _log_base("log_n", sp.log(n), "log n", r"\log n", LOG10["n"], ["n"]),
        _log_base(
            "log_n_p",
            sp.log(n / fail_prob),
            "log(n/p)",
            r"\log(n/p)",
            LOG10["n"] - LOG10["fail_prob"],
            ["n", "fail_prob"],
        ),
        _log_base(
            "log_n_epstest_p",
            sp.log(n / (eps_test * fail_prob)),
            "log(n/(ε_test p))",
            r"\log(n/(\varepsilon_{\mathrm{test}} p))",
            LOG10["n"] - LOG10["eps_test"] - LOG10["fail_prob"],
            ["n", "eps_test", "fail_prob"],
        ),
        _log_base(
            "log_n_epstest",
            sp.log(n / eps_test),
            "log(n/ε_test)",
            r"\log(n/\varepsilon_{\mathrm{test}})",
            LOG10["n"] - LOG10["eps_test"],
            ["n", "eps_test"],
        ),
        _log_base("log_m", sp.log(m), "log m", r"\log m", LOG10["m"], ["m"]),
        _log_base("log_inv_eps", sp.log(1 / eps), "log(1/ε)", r"\log(1/\varepsilon)", -LOG10["eps"], ["eps"]),
        _log_base(
            "log_n_eps", sp.log(n / eps), "log(n/ε)", r"\log(n/\varepsilon)", LOG10["n"] - LOG10["eps"], ["n", "eps"]
        ),
    )
}


def log10_of(value: Fraction | int) -> float:
    """log10 of a positive Fraction or int of any size, without going through float."""
    value = Fraction(value)
    return math.log10(value.numerator) - math.log10(value.denominator)
