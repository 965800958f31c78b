from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boundcalc import ParseError, parse_number
from boundcalc.parsing.expression import parse_assignment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1000", Fraction(1000)),
        ("-8", Fraction(-8)),
        ("0.1", Fraction(1, 10)),
        (".5", Fraction(1, 2)),
        ("1e-3", Fraction(1, 1000)),
        ("2.5E6", Fraction(2_500_000)),
        ("3/2", Fraction(3, 2)),
        ("-9/2", Fraction(-9, 2)),
        ("1/1e3", Fraction(1, 1000)),
        (" 7 ", Fraction(7)),
        ("1e300", Fraction(10**300)),
        ("0e999999999", Fraction(0)),
    ],
)
def test_numbers_parse_exactly(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1/0",
        "1e5000",
        "9**9**9",
        "__import__('os')",
        "1+1",
        "nan",
        "inf",
        "1_000",
        "0x10",
        "1//2",
        "x" * 200,
    ],
)
def test_bad_numbers_raise_parse_error(text):
    with pytest.raises(ParseError):
        parse_number(text)


def test_assignment():
    assert parse_assignment("width.n=3/2") == ("width.n", Fraction(3, 2))
    assert parse_assignment("delta = -6") == ("delta", Fraction(-6))
    for bad in ["n", "=3", "n=", "1n=3", "a.b.c=1", "n=abc"]:
        with pytest.raises(ParseError):
            parse_assignment(bad)


@given(st.text(max_size=120))
def test_any_text_parses_or_raises_our_error(text):
    try:
        value = parse_number(text)
    except ParseError:
        return
    assert isinstance(value, Fraction)


@given(st.fractions(max_denominator=10**6).filter(lambda f: abs(f) < 10**12))
def test_fractions_round_trip(value):
    assert parse_number(f"{value.numerator}/{value.denominator}") == value
