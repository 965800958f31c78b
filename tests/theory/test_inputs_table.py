"""The one table of inputs (theory.symbols.INPUTS): every input has everything the code derives from it."""

from collections.abc import Iterator, Mapping
from fractions import Fraction

import click
import pytest

from boundcalc import width
from boundcalc.cli.bounds import width_command
from boundcalc.cli.options import INPUT_OPTIONS
from boundcalc.errors import InputError
from boundcalc.numbers.evaluate import evaluate
from boundcalc.numbers.inverse import solve
from boundcalc.parsing.expression import parse_expression
from boundcalc.render.requests import TABLE_INPUTS
from boundcalc.theory.symbolic import SYMBOLS, symbol_of
from boundcalc.theory.symbols import (
    BASE_INPUTS,
    BASES,
    DOMAIN_MESSAGES,
    INPUTS,
    LARGEST_SEPARATION,
    OPTION_INPUTS,
    SYMBOL_INPUTS,
    InputSpec,
    in_order,
    input_flag,
)

NAMES = list(INPUTS)
# a value outside each domain kind, and one inside
OUTSIDE = {"integer": "1/2", "separation": "3/2", "probability": "1", "positive": "0"}
INSIDE = {"integer": Fraction(3), "separation": Fraction(1, 2), "probability": Fraction(1, 10), "positive": Fraction(2)}


class OnlyThese(Mapping):
    """A mapping that refuses every key but those given: a default reading an undeclared input fails."""

    def __init__(self, values: dict[str, Fraction]) -> None:
        self.values = values

    def __getitem__(self, key: str) -> Fraction:
        if key not in self.values:
            raise AssertionError(f"read {key!r}, not declared")
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def _width_option(name: str) -> click.Option:
    options = [p for p in width_command.params if isinstance(p, click.Option) and p.name == name]
    assert len(options) == 1, f"width has {len(options)} options for {name}"
    return options[0]


def test_the_table_is_keyed_by_name_and_every_kind_is_known():
    assert all(spec.name == name for name, spec in INPUTS.items())
    assert {spec.kind for spec in INPUTS.values()} <= set(DOMAIN_MESSAGES)


@pytest.mark.parametrize("name", NAMES)
def test_width_has_the_option_with_the_tables_help(name):
    spec = INPUTS[name]
    option = _width_option(name)
    assert option.opts == [spec.flag] == [input_flag(name)]
    assert option.help == spec.help_text
    assert (spec.flag, name, spec.help_text) in INPUT_OPTIONS


@pytest.mark.parametrize("name", NAMES)
def test_width_really_reads_the_option_as_the_input(name, cli):
    """A value outside the domain, given by the option, is refused as that input's."""
    spec = INPUTS[name]
    code, out, err = cli("width", spec.flag, OUTSIDE[spec.kind])
    assert code == 2 and out == ""
    assert f"error: {name} {spec.domain_text}, got" in err


@pytest.mark.parametrize("name", NAMES)
def test_help_names_the_input_and_its_default(name):
    spec = INPUTS[name]
    text = spec.help_text
    assert spec.unicode in text.replace(",", " ").split() or spec.meaning in text
    shown = spec.help_default or spec.default_text
    assert text.endswith(f"  [default: {shown}]") if shown else "[default:" not in text


@pytest.mark.parametrize("name", NAMES)
def test_sympy_symbol_from_the_table(name):
    spec = INPUTS[name]
    symbol = SYMBOLS[name]
    assert symbol.name == spec.sympy_name and symbol.is_positive
    assert bool(symbol.is_integer) == spec.integer_symbol
    assert spec.integer_symbol or not spec.integer  # an integer input has an integer symbol
    assert parse_expression(name, SYMBOLS) == symbol  # a bound file's formula spells it by name


@pytest.mark.parametrize("name", NAMES)
def test_unicode_and_latex_from_the_table(name):
    spec = INPUTS[name]
    assert BASES[name].kind == "symbol" and (BASES[name].unicode, BASES[name].latex) == (spec.unicode, spec.latex)
    assert spec.unicode and "\\" not in spec.unicode
    assert spec.latex.isascii() and spec.latex.count("{") == spec.latex.count("}")


@pytest.mark.parametrize("name", NAMES)
def test_default_reads_only_what_it_declares(name):
    spec = INPUTS[name]
    assert (spec.default is None) == (spec.default_text == "")
    assert set(spec.default_needs) <= set(INPUTS) - {name}
    if spec.default is None:
        assert spec.default_needs == ()
        return
    given = {needed: INSIDE[INPUTS[needed].kind] for needed in spec.default_needs}
    value = spec.default(OnlyThese(given))
    assert spec.contains(Fraction(value))
    assert spec.default_for({**{other: Fraction(7) for other in INPUTS}, **given}) == value


def test_a_default_follows_its_dependency():
    evaluation = width(n=100, L=4, log_power=0)
    delta = evaluation.input("delta")
    assert (delta.value, delta.origin) == (Fraction(1, 4), "default: 1/L")
    assert evaluation.input("L").origin == "given"


def test_every_order_is_the_whole_table():
    for order in (BASE_INPUTS, SYMBOL_INPUTS, OPTION_INPUTS):
        assert sorted(spec.name for spec in order) == sorted(NAMES)
    assert [name for name in BASES if BASES[name].kind == "symbol"] == [spec.name for spec in BASE_INPUTS]
    assert list(SYMBOLS) == [spec.name for spec in SYMBOL_INPUTS]
    assert [name for _, name, _ in INPUT_OPTIONS] == [spec.name for spec in OPTION_INPUTS]
    assert list(TABLE_INPUTS) == [spec.name for spec in OPTION_INPUTS if spec.in_tables]


def test_domains():
    assert not INPUTS["n"].contains(Fraction(3, 2)) and INPUTS["n"].contains(Fraction(3))
    assert INPUTS["delta"].contains(Fraction(7, 5)) and not INPUTS["delta"].contains(Fraction(3, 2))
    assert not INPUTS["fail_prob"].contains(Fraction(1)) and INPUTS["eps"].contains(Fraction(5))
    assert INPUTS["delta"].at_log10(1.0) == Fraction(LARGEST_SEPARATION)
    assert INPUTS["eps"].at_log10(1.0) == 10
    with pytest.raises(KeyError):
        INPUTS["n"].log10_range  # noqa: B018 — an integer input is searched on integers
    with pytest.raises(InputError, match="^fail_prob must lie in \\(0, 1\\), got 1$"):
        evaluate("als19-gd", "width", n=100, L=4, fail_prob=1)
    assert solve("als19-gd", "width", 1e80, "delta", {"n": 100, "L": 10}).within == "above"


def test_a_new_input_is_one_entry():
    """A fake input added to a copy of the table shows up in what is derived from it."""
    fake = InputSpec(
        "zeta",
        "a fake input",
        "probability",
        lambda values: values["n"] / 10,
        "n/10",
        ("n",),
        "ζ",
        r"\zeta",
        help="fake ζ in (0, 1)",
    )
    table = {**INPUTS, "zeta": fake}
    assert [spec.name for spec in in_order(table, ("n", "L"))][-1] == "zeta"
    assert fake.base.kind == "symbol" and (fake.base.unicode, fake.base.latex) == ("ζ", r"\zeta")
    assert (fake.flag, fake.help_text) == ("--zeta", "fake ζ in (0, 1)  [default: n/10]")
    assert fake.sympy_name == "zeta" and symbol_of(fake).is_positive and not symbol_of(fake).is_integer
    assert fake.default_for({"n": Fraction(1, 2), "L": Fraction(3)}) == Fraction(1, 20)
    assert fake.domain_text == DOMAIN_MESSAGES["probability"]
