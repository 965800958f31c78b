"""Formulas written the way papers write them, in Unicode and in LaTeX, from a Bound's factors."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from boundcalc.theory.symbols import BASES

if TYPE_CHECKING:  # bound.py imports this module to show a Bound: annotations only here
    from boundcalc.theory.bound import Bound, Factor

RELATION_LATEX = {"≥": r"\geq", "≤": r"\leq", "=": "="}  # a bound's relation in LaTeX


@dataclass(frozen=True)
class Growing:
    """An exponent that grows with inputs, c₀ + Σ c_i·x_i (Taheri et al.'s −(6L + 4)); negative where every
    coefficient is, so that it is written in a denominator."""

    constant: Fraction
    per: tuple[tuple[str, Fraction], ...]

    def __neg__(self) -> Growing:
        return Growing(-self.constant, tuple((name, -c) for name, c in self.per))

    def __lt__(self, other: int) -> bool:
        return all(c <= 0 for c in (self.constant, *(c for _, c in self.per)))

    def __gt__(self, other: int) -> bool:
        return not self < other

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Growing) and (self.constant, self.per) == (other.constant, other.per)

    def __hash__(self) -> int:
        return hash((self.constant, self.per))

    def text(self, latex: bool = False) -> str:
        parts = [(c, BASES[name].latex if latex else BASES[name].unicode) for name, c in self.per]
        parts.append((self.constant, ""))
        out = ""
        for coefficient, name in parts:
            if coefficient == 0:
                continue
            size = abs(coefficient)
            body = f"{'' if size == 1 and name else size}{name}"
            out += (" - " if coefficient < 0 else " + ") + body if out else ("-" if coefficient < 0 else "") + body
        return out


Exponent = Fraction | Growing | None  # None: no source gives it


def _exponent_of(factor: Factor) -> Exponent:
    if not factor.known:
        return None
    return Growing(factor.exponent, factor.per) if factor.per else factor.exponent


def _exponent_text(exponent: Exponent) -> str:
    if exponent is None:  # no source gives it
        return "^?"
    if isinstance(exponent, Growing):
        return f"^({exponent.text()})"
    if exponent == 1:
        return ""
    return f"^{exponent}" if exponent.denominator == 1 else f"^({exponent})"


def _power_text(base: str, exponent: Exponent) -> str:
    base_ = BASES[base]
    if base == "exp2_L" and isinstance(exponent, Fraction):  # (2^L)^c is written 2^(cL)
        named: dict[Fraction | int, str] = {1: "2^L", -1: "2^(-L)"}
        return named.get(exponent, f"2^({exponent}·L)")
    if base.startswith("log_"):  # log^k m, log^k(1/ε)
        return base_.unicode.replace("log", "log" + _exponent_text(exponent), 1)
    return base_.unicode + _exponent_text(exponent)


def _exponent_latex(exponent: Exponent) -> str:
    if exponent is None:
        return "^{?}"
    if isinstance(exponent, Growing):
        return f"^{{{exponent.text(latex=True)}}}"
    if exponent == 1:
        return ""
    text = str(exponent) if exponent.denominator == 1 else rf"{exponent.numerator}/{exponent.denominator}"
    return f"^{{{text}}}"


def _power_latex(base: str, exponent: Exponent) -> str:
    base_ = BASES[base]
    if base == "exp2_L" and isinstance(exponent, Fraction):
        named: dict[Fraction | int, str] = {1: "2^{L}", -1: "2^{-L}"}
        return named.get(exponent, f"2^{{{exponent} L}}")
    if base.startswith("log_"):
        return base_.latex.replace(r"\log", r"\log" + _exponent_latex(exponent), 1)
    return base_.latex + _exponent_latex(exponent)


def _terms(quantity: Bound) -> list[tuple[str, Exponent]]:
    """(base, exponent) pairs to print; an exponent no source gives is None (printed as ?)."""
    terms: list[tuple[str, Exponent]] = [
        (f.base, _exponent_of(f)) for f in quantity.factors if f.exponent != 0 or not f.known or f.per
    ]
    if quantity.log_power != 0 or not quantity.log_power_known:
        terms.append(("log_m", quantity.log_power if quantity.log_power_known else None))
    return terms


def _maximum_text(quantity: Bound) -> str:
    products = (" · ".join(_power_text(f.base, f.exponent) for f in term) for term in quantity.maximum)
    return "max{" + ", ".join(products) + "}"


def _maximum_latex(quantity: Bound, breakable: bool = False) -> str:
    join = _JOIN[breakable]
    products = (join.join(_power_latex(f.base, f.exponent) for f in term) for term in quantity.maximum)
    if breakable:
        return r"\max\{" + r",\allowbreak ".join(products) + r"\}"
    return r"\max\left\{" + ", ".join(products) + r"\right\}"


def _constant_text(constant: Fraction) -> str:
    return "" if constant == 1 else f"{constant}·"


def _constant_latex(constant: Fraction) -> str:
    if constant == 1:
        return ""
    if constant.denominator == 1:
        return rf"{constant}\,"
    return rf"\tfrac{{{constant.numerator}}}{{{constant.denominator}}}\,"


def _general_text(quantity: Bound) -> str:
    import sympy as sp  # a formula from a bound file is a SymPy expression already

    text: str = sp.sstr(quantity.expression).replace("**", "^")
    if quantity.log_power != 0:
        text = f"({text}) · {_power_text('log_m', quantity.log_power)}"
    return text


def body_text(quantity: Bound, paper: bool = False) -> str:
    """The right-hand side, e.g. ``n^24 · L^12 · d · δ^-8 · log^5 m``; ``paper`` wraps it in Ω(...)."""
    if quantity.expression is not None:
        body = _general_text(quantity)
    else:
        parts = [_power_text(base, e) for base, e in _terms(quantity)]
        if quantity.maximum:
            parts.insert(
                len(parts) - (quantity.log_power != 0 or not quantity.log_power_known), _maximum_text(quantity)
            )
        body = " · ".join(parts) or "1"
    if paper:
        return f"{quantity.order}({body})" if quantity.order else _constant_text(quantity.constant) + body
    return _constant_text(quantity.constant) + body


def formula_text(quantity: Bound, paper: bool = False) -> str:
    return f"{quantity.symbol} {quantity.relation} {body_text(quantity, paper)}"


_JOIN = {False: r"\, ", True: r"\,\allowbreak "}


def body_latex(quantity: Bound, paper: bool = False, breakable: bool = False) -> str:
    """The right-hand side in LaTeX, negative powers in the denominator of a fraction; ``breakable``
    writes them as negative exponents instead, with no fraction and no ``\\left``/``\\right``, and
    lets a line break between factors: a long formula then wraps in a narrow table column."""
    join = _JOIN[breakable]
    if quantity.expression is not None:
        import sympy as sp

        body: str = sp.latex(quantity.expression)
        if quantity.log_power != 0:
            body = rf"\left({body}\right) {_power_latex('log_m', quantity.log_power)}"
    else:
        terms = _terms(quantity)
        if breakable:
            body = join.join(_power_latex(b, e) for b, e in terms) or "1"
        else:
            upper = join.join(_power_latex(b, e) for b, e in terms if e is None or e > 0) or "1"
            lower = join.join(_power_latex(b, -e) for b, e in terms if e is not None and e < 0)
            body = rf"\frac{{{upper}}}{{{lower}}}" if lower else upper
        if quantity.maximum:
            maximum = _maximum_latex(quantity, breakable)
            body = f"{body}{join}{maximum}" if body != "1" else maximum
    if paper:
        if not quantity.order:  # an exact count: no hidden constant to wrap
            return _constant_latex(quantity.constant) + body
        order = {"Ω": r"\Omega", "O": "O", "Θ": r"\Theta", "Ω̃": r"\tilde{\Omega}", "Õ": r"\tilde{O}"}[quantity.order]
        return rf"{order}({body})" if breakable else rf"{order}\left({body}\right)"
    return _constant_latex(quantity.constant) + body


def formula_latex(quantity: Bound, paper: bool = False, breakable: bool = False) -> str:
    relation = RELATION_LATEX[quantity.relation]
    return f"{quantity.latex_symbol} {relation} {body_latex(quantity, paper, breakable)}"
