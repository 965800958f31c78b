"""The inputs a user can set and the bases a formula's factors use, without SymPy.

``INPUTS`` is the one table of inputs: each entry holds everything about one input (meaning,
domain, default, symbols in Unicode, LaTeX and SymPy, command-line option and help). The bases,
the SymPy symbols (``boundcalc.theory.symbolic``), the command-line options (``boundcalc.cli.options``)
and the table requests (``boundcalc.render``) are built from it, so a new input is one entry here.

Every formula is evaluated in log space, on the log10 of its inputs, so nothing overflows: each
base knows its own log10 from theirs. Their SymPy forms live in ``boundcalc.theory.symbolic``
(which imports this module, never the reverse), imported only by what shows or manipulates a formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

# log10 of a quantity: a float at a single point, an array over arrays of inputs
Log10: TypeAlias = float | NDArray[np.float64]

# under the paper's normalisation ‖x_i − x_j‖ ≤ √2; float √2 rounds above it, so floats stop one ulp below
LARGEST_SEPARATION = math.nextafter(math.sqrt(2.0), 0.0)

# each domain kind: what a value outside it is told
DOMAIN_MESSAGES = {
    "integer": "must be a positive integer",
    "separation": "must lie in (0, √2] (unit inputs whose last coordinate is 1/√2)",
    "probability": "must lie in (0, 1)",
    "positive": "must be positive",
}
# each real domain kind: the range of log10 of its values a search (solve, crossover) explores
LOG10_RANGES = {
    "separation": (-300.0, math.log10(LARGEST_SEPARATION)),
    "probability": (-300.0, -1e-12),
    "positive": (-300.0, 300.0),
}


@dataclass(frozen=True)
class InputSpec:
    """An input a formula can take: one entry of the table of inputs, everything about it in one place.

    Attributes:
        name: The name formulas, bound files and the Python API use (``eps_test``).
        meaning: What it is, shown beside its value.
        kind: Its domain: "integer" (a positive integer), "separation" (in (0, √2]), "probability"
            (in (0, 1)) or "positive" (> 0); see ``contains``.
        default: Its default from the inputs named in ``default_needs`` (a mapping of just those);
            None where a value must be given (or a theorem derives it). Read it with ``default_for``.
        default_text: The default as shown ("1/L").
        default_needs: The inputs the default reads (δ's 1/L reads L).
        unicode: Its symbol in Unicode (``ε_test``); its name where empty.
        latex: Its symbol in LaTeX (``\\varepsilon_{\\mathrm{test}}``); its name where empty.
        sympy_name: The name of its SymPy symbol (``epsilon_test``); its name where empty.
        integer_symbol: Whether its SymPy symbol is an integer (m is, though any positive m is evaluated).
        help: The command-line help, without its default.
        help_default: What ``--help`` names as the default where the table has none (m: the theorem's width).
        option: Its command-line option where not its name hyphenated (``--batch`` for b).
        in_tables: Whether a table (``boundcalc table``, a spec's ``[[table]]``) takes it.
    """

    name: str
    meaning: str
    kind: str
    default: Callable[[Mapping[str, Any]], object] | None = None
    default_text: str = ""
    default_needs: tuple[str, ...] = ()
    unicode: str = ""
    latex: str = ""
    sympy_name: str = ""
    integer_symbol: bool = False
    help: str = ""
    help_default: str = ""
    option: str = ""
    in_tables: bool = True

    def __post_init__(self) -> None:
        for field in ("unicode", "latex", "sympy_name"):  # spelled as its name unless the table says otherwise
            if not getattr(self, field):
                object.__setattr__(self, field, self.name)

    @property
    def flag(self) -> str:
        """Its command-line option: hyphens between words unless the table names another (``--batch``)."""
        return self.option or "--" + self.name.replace("_", "-")

    @property
    def help_text(self) -> str:
        """The command-line help: ``help`` followed by the default, if any."""
        shown = self.help_default or self.default_text
        return f"{self.help}  [default: {shown}]" if shown else self.help

    @property
    def base(self) -> Base:
        """The base of a factor that is this input itself."""
        return Base(self.name, "symbol", self.unicode, self.latex)

    @property
    def integer(self) -> bool:
        """Whether its domain is the positive integers."""
        return self.kind == "integer"

    @property
    def domain_text(self) -> str:
        """What a value outside the domain is told ("must be positive")."""
        return DOMAIN_MESSAGES[self.kind]

    @property
    def log10_range(self) -> tuple[float, float]:
        """The range of log10 of its values a search explores (a real input only)."""
        return LOG10_RANGES[self.kind]

    def default_for(self, values: Mapping[str, Any]) -> object:
        """The default at ``values``, reading only the inputs it declares (``default_needs``).

        Examples:
            >>> from fractions import Fraction
            >>> INPUTS["delta"].default_for({"L": Fraction(4), "n": Fraction(100)})
            Fraction(1, 4)
        """
        if self.default is None:
            raise ValueError(f"{self.name} has no default")
        return self.default({name: values[name] for name in self.default_needs})

    def contains(self, x: Fraction | NDArray[Any]) -> bool | NDArray[np.bool_]:
        """Whether x (a Fraction or an array) lies in the domain; NaN never does.

        Examples:
            >>> from fractions import Fraction
            >>> INPUTS["n"].contains(Fraction(3, 2)), INPUTS["delta"].contains(Fraction(7, 5))
            (False, True)
        """
        if self.kind == "integer":
            if isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.integer):
                return x >= 1
            return (x >= 1) & (x == (math.floor(x) if isinstance(x, Fraction) else np.floor(x)))
        if self.kind == "separation":
            return (x > 0) & (x * x <= 2)  # δ ≤ √2, exactly for fractions
        if self.kind == "probability":
            return (x > 0) & (x < 1)
        return x > 0

    def at_log10(self, exponent: float) -> Fraction:
        """The value 10^exponent of a real input, a separation kept within √2 (a search's point)."""
        value = 10.0**exponent
        return Fraction(min(value, LARGEST_SEPARATION) if self.kind == "separation" else value)


INPUTS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec(
            "n",
            "number of training samples",
            "integer",
            integer_symbol=True,
            help="number of training samples n (positive integer)",
        ),
        InputSpec(
            "L",
            "number of hidden layers (depth)",
            "integer",
            integer_symbol=True,
            help="number of hidden layers L (positive integer)",
        ),
        InputSpec(
            "delta",
            "separation: minimum distance ‖x_i − x_j‖ between the unit-norm inputs",
            "separation",
            lambda values: 1 / values["L"],
            "1/L",
            default_needs=("L",),
            unicode="δ",
            latex=r"\delta",
            help="separation δ = min ‖x_i − x_j‖, in (0, √2]",
        ),
        InputSpec(
            "d",
            "output dimension",
            "integer",
            lambda values: Fraction(1),
            "1",
            integer_symbol=True,
            help="output dimension d",
        ),
        InputSpec(
            "eps",
            "target training loss ε",
            "positive",
            lambda values: Fraction(1, 1000),
            "1e-3",
            unicode="ε",
            latex=r"\varepsilon",
            sympy_name="epsilon",
            help="target training loss ε > 0",
        ),
        InputSpec(
            "eps_test",
            "ε_test: target test (classification) error",
            "probability",
            unicode="ε_test",
            latex=r"\varepsilon_{\mathrm{test}}",
            sympy_name="epsilon_test",
            help="target test error ε_test in (0, 1) (Ji–Telgarsky, Chen et al.)",
        ),
        InputSpec(
            "eps_res",
            "ε_res: residual (generalisation) accuracy of Arora et al.",
            "positive",
            unicode="ε_res",
            latex=r"\varepsilon_{\mathrm{res}}",
            sympy_name="epsilon_res",
            help="residual accuracy ε_res > 0 (Arora et al.)",
        ),
        InputSpec(
            "b",
            "mini-batch size",
            "integer",
            lambda values: Fraction(1),
            "1",
            integer_symbol=True,
            help="mini-batch size b",
            option="--batch",
        ),
        InputSpec(
            "m",
            "width of every hidden layer",
            "positive",
            integer_symbol=True,
            help="width m",
            help_default="the theorem's own width bound",
        ),
        InputSpec(
            "eta",
            "step size η",
            "positive",
            unicode="η",
            latex=r"\eta",
            help="step size η",
            help_default="the theorem's step size",
            in_tables=False,
        ),
        InputSpec(
            "omega",
            "radius ω around the initialisation (spectral norm)",
            "positive",
            unicode="ω",
            latex=r"\omega",
            help="radius ω",
            help_default="Theorem 3's radius",
            in_tables=False,
        ),
        InputSpec(
            "lambda0",
            "λ0: smallest eigenvalue of the two-layer ReLU kernel H∞ on the data",
            "positive",
            unicode="λ0",
            latex=r"\lambda_0",
            sympy_name="lambda_0",
            help="λ0 = λ_min(H∞), the two-layer ReLU kernel (measured by --data)",
        ),
        InputSpec(
            "lambda_deep",
            "λ_H: smallest eigenvalue of the depth-H kernel K^(H) of Du et al.",
            "positive",
            unicode="λ_H",
            latex=r"\lambda_H",
            sympy_name="lambda_H",
            help="λ_H = λ_min(K^(H)), Du et al.'s deep kernel",
        ),
        InputSpec(
            "lambda_star",
            "λ*: smallest eigenvalue of Nguyen's Gram matrix at initialisation",
            "positive",
            unicode="λ*",
            latex=r"\lambda_*",
            help="λ*, Nguyen's Gram matrix at initialisation",
        ),
        InputSpec(
            "fail_prob",
            "failure probability p of the guarantee (not the separation δ)",
            "probability",
            lambda values: Fraction(1, 10),
            "0.1",
            unicode="p",
            latex="p",
            sympy_name="p",
            help="failure probability p in (0, 1)",
        ),
        InputSpec(
            "kappa",
            "κ: scale of the initialisation N(0, κ²)",
            "positive",
            unicode="κ",
            latex=r"\kappa",
            help="initialisation scale κ",
        ),
        InputSpec(
            "margin",
            "γ: margin of the data under the result's kernel",
            "positive",
            unicode="γ",
            latex=r"\gamma",
            sympy_name="gamma",
            help="margin γ of the data",
        ),
        InputSpec(
            "d_in",
            "input dimension",
            "integer",
            latex=r"d_{\mathrm{in}}",
            integer_symbol=True,
            help="input dimension",
        ),
    )
}


def in_order(table: Mapping[str, InputSpec], first: Iterable[str]) -> tuple[InputSpec, ...]:
    """The table's inputs, those named in ``first`` first (in that order), then the rest in the table's order.

    Examples:
        >>> [spec.name for spec in in_order(INPUTS, ("d", "n"))][:4]
        ['d', 'n', 'L', 'delta']
    """
    named = [name for name in first if name in table]
    return tuple(table[name] for name in (*named, *(name for name in table if name not in named)))


# The table in the orders others list the inputs in, each kept as it was (they show: in the bases
# an error lists, in the inputs a formula reads, in --help): ``BASES``, the SymPy ``SYMBOLS``, and the
# command-line options (tables read them in that order too). An input not named follows in the
# table's order, so a new input needs no line here.
BASE_INPUTS = in_order(INPUTS, ("n", "L", "d", "b", "m", "delta", "eps", "eta", "omega"))
SYMBOL_INPUTS = in_order(INPUTS, ("n", "L", "d", "b", "m"))
OPTION_INPUTS = in_order(
    INPUTS,
    # the table's order, but γ before κ
    ("n", "L", "delta", "d", "eps", "eps_test", "eps_res", "b", "m", "eta", "omega", "lambda0", "lambda_deep")
    + ("lambda_star", "fail_prob", "margin"),
)


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


def _log_base(name: str, unicode: str, latex: str, **powers: int) -> Base:
    return Base(name, "log", unicode, latex, tuple(powers.items()))


def input_flag(name: str) -> str:
    """The command-line option that gives an input (``InputSpec.flag``): hyphens between words,
    ``--batch`` for b (the underscore spellings are hidden aliases).

    Args:
        name: The input's name, as the formulas spell it (``eps_test``).

    Returns:
        The option (``--eps-test``).

    Examples:
        >>> input_flag("lambda_deep"), input_flag("b"), input_flag("L")
        ('--lambda-deep', '--batch', '--L')
    """
    return INPUTS[name].flag


BASES: dict[str, Base] = {
    base.name: base
    for base in (
        *(spec.base for spec in BASE_INPUTS),
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
