"""boundcalc: the width, step size and iteration bounds of over-parameterization theory, made concrete.

>>> from boundcalc import width
>>> width(n=1000, L=10, delta=0.1, log_power=0).value.sci()
'1.000e+92'
"""

from ._api import bounds, iterations, step_size, width
from ._boundfile import load_bound_file
from ._errors import BoundcalcError, InputError, ParseError, UnknownTheoremError
from ._evaluate import Evaluation, Input, evaluate, evaluate_many
from ._expr import parse_expression
from ._inverse import Inverse, max_n, solve
from ._magnitude import Magnitude, solve_log_factor
from ._parse import parse_number
from ._registry import REGISTRY, Registry
from ._symbols import INPUTS, SYMBOLS
from ._theorem import STATUSES, Assumption, Factor, Quantity, Theorem

__version__ = "0.1.0"

__all__ = [
    "INPUTS",
    "REGISTRY",
    "STATUSES",
    "SYMBOLS",
    "Assumption",
    "BoundcalcError",
    "Evaluation",
    "Factor",
    "Input",
    "InputError",
    "Inverse",
    "Magnitude",
    "ParseError",
    "Quantity",
    "Registry",
    "Theorem",
    "UnknownTheoremError",
    "bounds",
    "evaluate",
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
