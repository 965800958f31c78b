"""boundcalc: the width, step size and iteration bounds of over-parameterization theory, made concrete.

Every command of the command line is a function here: `width`, `step_size`, `iterations`,
`bounds`, `evaluate` and `evaluate_many` for one theorem, `compare` for every result side by side,
`crossover`, `max_n` and `solve` for the inverse questions, `measure` and `limit_kernel` for a
data set, `cite` for BibTeX, `plot` for figures; `boundcalc.tables` for tables, `boundcalc.check` for the numerical
checker (torch), `boundcalc.study` for the looseness study. Names load on first use, and
`import boundcalc` never imports torch or matplotlib.

Examples:
    >>> from boundcalc import width
    >>> width(n=1000, L=10, delta=0.1, log_power=0).value.sci()
    '1.000e+92'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from boundcalc._version import __version__
from boundcalc.errors import BoundcalcError, InputError, ParseError, UnknownTheoremError

# Each public name and the module it lives in, imported on first use: a command line that needs
# one formula does not pay for the solver, the crossover search or the bound-file reader. The
# TYPE_CHECKING block below names the same (tests/project/test_facades.py holds them equal).
_EXPORTS = {
    "Comparison": "boundcalc.numbers.compare",
    "Crossover": "boundcalc.numbers.crossover",
    "crossover": "boundcalc.numbers.crossover",
    "Evaluation": "boundcalc.numbers.evaluate",
    "Input": "boundcalc.numbers.evaluate",
    "evaluate": "boundcalc.numbers.evaluate",
    "evaluate_frame": "boundcalc.numbers.arrays",
    "evaluate_many": "boundcalc.numbers.arrays",
    "Inverse": "boundcalc.numbers.inverse",
    "max_n": "boundcalc.numbers.inverse",
    "solve": "boundcalc.numbers.inverse",
    "DataSummary": "boundcalc.data.stats",
    "KernelSummary": "boundcalc.data.kernel",
    "plot": "boundcalc.figures.draw",
    "Magnitude": "boundcalc.numbers.magnitude",
    "solve_log_factor": "boundcalc.numbers.magnitude",
    "cite": "boundcalc.tables",
    "compare": "boundcalc.numbers.queries",
    "limit_kernel": "boundcalc.numbers.queries",
    "measure": "boundcalc.numbers.queries",
    "bounds": "boundcalc.numbers.shortcuts",
    "iterations": "boundcalc.numbers.shortcuts",
    "step_size": "boundcalc.numbers.shortcuts",
    "width": "boundcalc.numbers.shortcuts",
    "parse_expression": "boundcalc.parsing.expression",
    "parse_number": "boundcalc.parsing.number",
    "STATUSES": "boundcalc.theory.bound",
    "Assumption": "boundcalc.theory.bound",
    "Bound": "boundcalc.theory.bound",
    "Factor": "boundcalc.theory.bound",
    "Theorem": "boundcalc.theory.bound",
    "load_bound_file": "boundcalc.theory.boundfile",
    "REGISTRY": "boundcalc.theory.registry",
    "Registry": "boundcalc.theory.registry",
    "INPUTS": "boundcalc.theory.symbols",
    "SYMBOLS": "boundcalc.theory.symbolic",
}

if TYPE_CHECKING:
    from boundcalc.data.kernel import KernelSummary
    from boundcalc.data.stats import DataSummary
    from boundcalc.figures.draw import plot
    from boundcalc.numbers.arrays import evaluate_frame, evaluate_many
    from boundcalc.numbers.compare import Comparison
    from boundcalc.numbers.crossover import Crossover, crossover
    from boundcalc.numbers.evaluate import Evaluation, Input, evaluate
    from boundcalc.numbers.inverse import Inverse, max_n, solve
    from boundcalc.numbers.magnitude import Magnitude, solve_log_factor
    from boundcalc.numbers.queries import compare, limit_kernel, measure
    from boundcalc.numbers.shortcuts import bounds, iterations, step_size, width
    from boundcalc.parsing.expression import parse_expression
    from boundcalc.parsing.number import parse_number
    from boundcalc.tables import cite
    from boundcalc.theory.bound import STATUSES, Assumption, Bound, Factor, Theorem
    from boundcalc.theory.boundfile import load_bound_file
    from boundcalc.theory.registry import REGISTRY, Registry
    from boundcalc.theory.symbolic import SYMBOLS
    from boundcalc.theory.symbols import INPUTS

    Quantity = Bound


def __getattr__(name: str) -> object:
    if name == "Quantity":  # the name before 0.2; Bound says what it is (no unit, unlike SymPy's or pint's)
        name = "Bound"
    if name not in _EXPORTS:
        raise AttributeError(f"module 'boundcalc' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


# a literal list, as griffe (the API reference) and ruff read it; test_facades.py holds it to _EXPORTS
__all__ = [
    "__version__",
    "INPUTS",
    "REGISTRY",
    "STATUSES",
    "SYMBOLS",
    "Assumption",
    "BoundcalcError",
    "Comparison",
    "Crossover",
    "DataSummary",
    "Evaluation",
    "Factor",
    "Input",
    "InputError",
    "Inverse",
    "KernelSummary",
    "Magnitude",
    "ParseError",
    "Quantity",
    "Bound",
    "Registry",
    "Theorem",
    "UnknownTheoremError",
    "bounds",
    "cite",
    "compare",
    "crossover",
    "evaluate",
    "evaluate_frame",
    "evaluate_many",
    "iterations",
    "limit_kernel",
    "load_bound_file",
    "max_n",
    "measure",
    "parse_expression",
    "parse_number",
    "plot",
    "solve",
    "solve_log_factor",
    "step_size",
    "width",
]
