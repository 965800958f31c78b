"""boundcalc: the width, step size and iteration bounds of over-parameterization theory, made concrete.

>>> from boundcalc import width
>>> width(n=1000, L=10, delta=0.1, log_power=0).value.sci()
'1.000e+92'
"""

from boundcalc._version import __version__
from boundcalc.errors import BoundcalcError, InputError, ParseError, UnknownTheoremError
from boundcalc.numbers.crossover import Crossover, crossover
from boundcalc.numbers.evaluate import Evaluation, Input, evaluate, evaluate_frame, evaluate_many
from boundcalc.numbers.inverse import Inverse, max_n, solve
from boundcalc.numbers.magnitude import Magnitude, solve_log_factor
from boundcalc.numbers.shortcuts import bounds, iterations, step_size, width
from boundcalc.parsing.expression import parse_expression
from boundcalc.parsing.number import parse_number
from boundcalc.theory.bound import STATUSES, Assumption, Bound, Factor, Theorem
from boundcalc.theory.boundfile import load_bound_file
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import INPUTS, SYMBOLS

Quantity = Bound  # the name before 0.2; Bound says what it is (no unit, unlike SymPy's or pint's Quantity)

__all__ = [
    "__version__",
    "INPUTS",
    "REGISTRY",
    "STATUSES",
    "SYMBOLS",
    "Assumption",
    "BoundcalcError",
    "Crossover",
    "Evaluation",
    "Factor",
    "Input",
    "InputError",
    "Inverse",
    "Magnitude",
    "ParseError",
    "Quantity",
    "Bound",
    "Registry",
    "Theorem",
    "UnknownTheoremError",
    "bounds",
    "crossover",
    "evaluate",
    "evaluate_frame",
    "evaluate_many",
    "iterations",
    "load_bound_file",
    "max_n",
    "parse_expression",
    "parse_number",
    "solve",
    "solve_log_factor",
    "step_size",
    "width",
]
