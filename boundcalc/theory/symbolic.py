"""The SymPy side of the theory: a symbol per input, and each base of ``boundcalc.theory.symbols`` as an expression.

Imported only where a formula is shown as SymPy, differentiated or parsed (``expr``, bound files,
crossovers): numbers never need it, and SymPy is most of a command's start-up time.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import sympy as sp

from boundcalc.theory.symbols import BASES, Base

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


@functools.cache
def base_expr(name: str) -> sp.Expr:
    """The base named ``name`` as a SymPy expression: n, 2^L, log(n/p), ..."""
    base: Base = BASES[name]
    if base.kind == "symbol":
        return SYMBOLS[name]
    if base.kind == "exp2":
        return sp.Integer(2) ** L
    argument = sp.Integer(1)
    for symbol, power in base.powers:
        argument *= SYMBOLS[symbol] ** power
    return sp.log(argument)


def rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)
