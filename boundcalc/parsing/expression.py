"""A safe parser for formulas users write (bound files, --exp): text never reaches eval or sympify.

The text is parsed by ``ast.parse(..., mode="eval")`` and the tree is walked by a whitelist that
builds SymPy objects directly: numbers (read exactly by our own number parser), the known symbols,
+ − × ÷, ** or ^ for powers, and log, sqrt, exp. Anything else — names we do not know, attribute
access, calls of anything but those three, lambdas, comprehensions, subscripts — is refused. Caps on
the text length, the number of nodes, the depth and the size of powers keep every input fast.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping
from fractions import Fraction

import sympy as sp

from boundcalc.errors import ParseError
from boundcalc.parsing.number import parse_number

MAX_TEXT = 500
MAX_NODES = 300
MAX_DEPTH = 40
MAX_EXPONENT = 1000  # |exponent| of any power with a numeric exponent
MAX_DIGITS = 10_000  # digits of a number computed exactly from numeric powers
FUNCTIONS = {"log": sp.log, "sqrt": sp.sqrt, "exp": sp.exp}
CONSTANTS = {"pi": sp.pi, "e": sp.E}
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.BitXor: "^"}


def parse_expression(text: str, symbols: Mapping[str, sp.Symbol], what: str = "formula") -> sp.Expr:
    """A SymPy expression from user text over the given symbols (``^`` means a power), never by ``eval``.

    Args:
        text: The formula as the user wrote it: + − × ÷ ^, log, exp, sqrt, numbers and the symbols.
        symbols: The names the formula may use, each to its SymPy symbol.
        what: What the formula is, for the error message.

    Returns:
        The SymPy expression.

    Raises:
        ParseError: Text that is not such a formula, too long, empty, or naming an unknown symbol
            or function.

    Examples:
        >>> import sympy as sp
        >>> n = sp.Symbol("n", positive=True)
        >>> parse_expression("n^24 / 2 + log(n)", {"n": n})
        n**24/2 + log(n)
    """
    if not isinstance(text, str):
        raise ParseError(f"{what}: expected text, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ParseError(f"{what}: longer than {MAX_TEXT} characters")
    if not text.strip():
        raise ParseError(f"{what}: empty")
    text = text.strip().replace("^", "**")  # ^ is a power here, with the precedence of **
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:  # in our words: Python's own ("unexpected EOF", …) name its parser, not the input
        where = f" near character {error.offset}" if error.offset else ""
        raise ParseError(
            f"{what}: not a formula we can read{where} (numbers, symbols, + - * / ^, log, sqrt, exp)"
        ) from None
    except (ValueError, RecursionError, MemoryError):
        raise ParseError(f"{what}: not a formula we can read (too long, too deep or a null character)") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ParseError(f"{what}: more than {MAX_NODES} parts")
    builder = _Builder(text, symbols, what)
    try:
        result = builder.build(tree.body, 0)
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        if isinstance(error, ParseError):
            raise
        raise ParseError(f"{what}: cannot be evaluated ({type(error).__name__})") from None
    if result.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError(f"{what}: not finite (a division by zero or log(0)?)")
    if result.has(sp.I):
        raise ParseError(f"{what}: not real")
    return result


class _Builder:
    def __init__(self, text: str, symbols: Mapping[str, sp.Symbol], what: str) -> None:
        self.text, self.symbols, self.what = text, symbols, what

    def fail(self, message: str) -> ParseError:
        return ParseError(f"{self.what}: {message}")

    def build(self, node: ast.AST, depth: int) -> sp.Expr:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH}")
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            if node.id in self.symbols:
                return self.symbols[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            known = ", ".join([*self.symbols, *CONSTANTS]) or "none"
            raise self.fail(f"unknown name {node.id!r} (known: {known})")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.build(node.operand, depth + 1)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left = self.build(node.left, depth + 1)
            right = self.build(node.right, depth + 1)
            if isinstance(node.op, (ast.Pow, ast.BitXor)):
                return self.power(left, right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise self.fail("division by zero")
            return {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul, ast.Div: lambda a, b: a / b}[
                type(node.op)
            ](left, right)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise self.fail(f"{type(node).__name__} is not allowed (numbers, symbols, + - * / ^, log, sqrt, exp)")

    def number(self, node: ast.Constant) -> sp.Expr:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise self.fail(f"{node.value!r} is not a number")
        segment = ast.get_source_segment(self.text, node) or repr(node.value)
        value = parse_number(segment, self.what)  # exact, with our own caps
        return sp.Rational(value.numerator, value.denominator)

    def power(self, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        if exponent.is_number:
            size = abs(float(exponent))
            if size > MAX_EXPONENT:
                raise self.fail(f"power {exponent} is larger than {MAX_EXPONENT} in size")
            if base.is_number:
                magnitude = abs(float(sp.log(abs(base), 10))) if base != 0 else 0.0
                if not math.isfinite(magnitude) or magnitude * size > MAX_DIGITS:
                    raise self.fail(f"the number {base}^{exponent} is too large to work with")
        else:  # a symbolic exponent: c·x + c0 at most, as in 2^(cL)
            if base.is_number and not base.is_positive:
                raise self.fail("a symbolic power needs a positive base")
            symbols = sorted(exponent.free_symbols, key=str)
            poly = sp.Poly(exponent, *symbols) if exponent.is_polynomial(*symbols) else None
            if poly is None or poly.total_degree() > 1 or any(abs(c) > MAX_EXPONENT for c in poly.coeffs()):
                raise self.fail(f"a symbolic exponent must be linear with coefficients ≤ {MAX_EXPONENT}: {exponent}")
        return sp.Pow(base, exponent)

    def call(self, node: ast.Call, depth: int) -> sp.Expr:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise self.fail(f"only {', '.join(FUNCTIONS)} may be called")
        if node.keywords or not 1 <= len(node.args) <= (2 if node.func.id == "log" else 1):
            raise self.fail(
                f"{node.func.id} takes {'one or two arguments' if node.func.id == 'log' else 'one argument'}"
            )
        arguments = [self.build(argument, depth + 1) for argument in node.args]
        if node.func.id == "exp" and arguments[0].is_number and abs(float(arguments[0])) > MAX_EXPONENT * 3:
            raise self.fail("exp of a number larger than 3000")
        return FUNCTIONS[node.func.id](*arguments)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$")


def parse_assignment(text: str, what: str = "assignment") -> tuple[str, Fraction]:
    """``NAME=VALUE`` (NAME may be qualified, ``width.n``); VALUE a number or arithmetic of numbers (3/2, -8)."""
    if not isinstance(text, str) or "=" not in text:
        raise ParseError(f"{what}: {text!r} is not of the form NAME=VALUE")
    name, _, value = text.partition("=")
    name = name.strip()
    if not _NAME.match(name):
        raise ParseError(f"{what}: {name!r} is not a name (letters, digits, _; optionally QUANTITY.NAME)")
    number = parse_expression(value, {}, f"{what} {name}")
    if not number.is_Rational:
        raise ParseError(f"{what} {name}: {value.strip()!r} is not a rational number")
    return name, Fraction(int(number.p), int(number.q))
