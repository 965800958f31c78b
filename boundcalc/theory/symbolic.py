"""The SymPy side of the theory: a symbol per input, and each base of ``boundcalc.theory.symbols`` as an expression.

Imported only where a formula is shown as SymPy, differentiated or parsed (``expr``, bound files,
crossovers): numbers never need it, and SymPy is most of a command's start-up time.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import sympy as sp

from boundcalc.theory.symbols import BASES, SYMBOL_INPUTS, Base, InputSpec


def symbol_of(spec: InputSpec) -> sp.Symbol:
    """An input's SymPy symbol: positive, an integer where the table says so.

    Examples:
        >>> from boundcalc.theory.symbols import INPUTS
        >>> symbol_of(INPUTS["eps"]), symbol_of(INPUTS["n"]).is_integer
        (epsilon, True)
    """
    if spec.integer_symbol:
        return sp.Symbol(spec.sympy_name, positive=True, integer=True)
    return sp.Symbol(spec.sympy_name, positive=True)


# each input's symbol by name, from the table of inputs
SYMBOLS = {spec.name: symbol_of(spec) for spec in SYMBOL_INPUTS}
L = SYMBOLS["L"]
m = SYMBOLS["m"]
C = sp.Symbol("C", positive=True)  # a hidden constant of O, Omega or Theta
k = sp.Symbol("k", real=True)  # the power of log m hidden by a tilde


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
