"""Crossovers: where two bounds cross, checked against searches written here on the evaluated values.

Every expected crossing is found independently: by scanning integers one by one, or by a bisection
on ``evaluate`` written in this file, never by the code under test.
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boundcalc import REGISTRY, SYMBOLS, crossover, evaluate
from boundcalc.errors import IncompleteError, InputError
from boundcalc.numbers.crossover import factor_exponents
from boundcalc.theory.registry import registry_with

CLI_POINT = {"L": 2, "lambda0": 0.1, "fail_prob": 0.1}  # the point of the issue's example


def _difference(a: str, b: str, point: dict, quantity: str = "width", registry=None) -> float:
    return evaluate(a, quantity, point, registry=registry).log10 - evaluate(b, quantity, point, registry=registry).log10


def _integer_sign_changes(a: str, b: str, fixed: dict, up_to: int, registry=None) -> list[tuple[int, int]]:
    """Every (n, n + 1) where the sign of log10 a − log10 b changes, scanning n = 1 … up_to one by one."""
    signs = [math.copysign(1, _difference(a, b, {**fixed, "n": n}, registry=registry)) for n in range(1, up_to + 1)]
    return [(n, n + 1) for n, (s, t) in enumerate(zip(signs, signs[1:]), start=1) if s != t]


def test_the_widths_of_the_issue_example_never_cross_and_a_brute_force_agrees():
    result = crossover("als19-gd", "du19-2layer", over="n", inputs=CLI_POINT)
    assert result.crossings == () and not result.cross
    assert result.low == 1 and result.high == 10**18
    # the sign on every integer up to 2000 and on every power of ten to 10^18
    assert _integer_sign_changes("als19-gd", "du19-2layer", CLI_POINT, 2000) == []
    differences = [_difference("als19-gd", "du19-2layer", {**CLI_POINT, "n": 10**k}) for k in range(19)]
    assert all(d > 0 for d in differences)
    assert result.smaller_at_low == result.smaller_at_high == "du19-2layer"


def test_the_command_of_the_issue_prints_what_a_brute_force_finds(cli):
    code, out, err = cli(
        "crossover", "als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", "0.1", "--fail-prob", "0.1"
    )
    assert code == 0, err
    assert _integer_sign_changes("als19-gd", "du19-2layer", CLI_POINT, 2000) == []
    assert "never cross in range" in out and "du19-2layer's is the smaller at both ends" in out
    assert "status restated" in out and "status stated" in out
    assert REGISTRY["als19-gd"].version in out and REGISTRY["du19-2layer"].version in out


@pytest.mark.parametrize("lambda0", [1e-6, 1e-9])
def test_an_integer_crossing_is_the_one_a_scan_of_every_n_finds(lambda0, cli):
    fixed = {"L": 2, "lambda0": lambda0}
    expected = _integer_sign_changes("als19-gd", "du19-2layer", fixed, 60)
    assert len(expected) == 1  # the point is chosen so that they do cross
    result = crossover("als19-gd", "du19-2layer", over="n", **fixed)
    assert [(c.below, c.above) for c in result.crossings] == expected
    below, above = expected[0]
    smaller_below = "als19-gd" if _difference("als19-gd", "du19-2layer", {**fixed, "n": below}) < 0 else "du19-2layer"
    assert result.crossings[0].smaller_below == smaller_below != result.crossings[0].smaller_above
    code, out, err = cli("crossover", "als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", str(lambda0))
    assert code == 0, err
    assert f"between n = {below} and n = {above}" in out


def test_a_real_crossing_agrees_with_a_bisection_on_the_evaluated_values():
    fixed = {"n": 1, "L": 2}
    result = crossover("als19-gd", "du19-2layer", over="lambda0", inputs=fixed)
    assert len(result.crossings) == 1

    def difference(exponent: float) -> float:
        return _difference("als19-gd", "du19-2layer", {**fixed, "lambda0": Fraction(10.0**exponent)})

    low, high = -10.0, 10.0  # where the sign differs: checked, then halved 60 times
    assert (difference(low) > 0) != (difference(high) > 0)
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if (difference(middle) > 0) == (difference(low) > 0) else (low, middle)
    crossing = result.crossings[0]
    assert math.isclose(crossing.below, 10.0**low, rel_tol=1e-9)
    assert crossing.below <= crossing.above <= crossing.below * (1 + 1e-9)


def test_two_crossings_of_bound_files_are_both_found(tmp_path):
    path = tmp_path / "two.toml"
    path.write_text(
        "\n".join(
            [
                '[[theorem]]\nkey = "parabola"\npaper = "Test"\nstatus = "recalled"\nsource = "none"',
                '[theorem.quantities]\nwidth = "n^2 + 100"',
                '[[theorem]]\nkey = "line"\npaper = "Test"\nstatus = "recalled"\nsource = "none"',
                '[theorem.quantities]\nwidth = "30 * n"',
            ]
        )
    )
    registry = registry_with([path])
    result = crossover("parabola", "line", over="n", registry=registry)
    expected = _integer_sign_changes("parabola", "line", {}, 100, registry=registry)
    assert len(expected) == 2
    assert [(c.below, c.above) for c in result.crossings] == expected
    assert result.crossings[0].smaller_below == "line" and result.crossings[1].smaller_below == "parabola"
    assert result.growth == {"n": Fraction(1)}  # (n² + 100) / (30 n) grows as n
    assert result.a.status == result.b.status == "recalled"


def test_the_range_stops_where_an_assumption_fails():
    # als19-gd assumes ε < 1: the iterations are compared only below it
    result = crossover("als19-gd", "du19-2layer", over="eps", quantity="iterations", n=10, L=2, lambda0=0.1)
    assert result.high < 1
    evaluate("als19-gd", "iterations", n=10, L=2, eps=Fraction(result.high))
    with pytest.raises(InputError):
        evaluate("als19-gd", "iterations", n=10, L=2, eps=1)


def test_growth_is_the_difference_of_the_exponents():
    a, b = REGISTRY["als19-gd"].quantity("width"), REGISTRY["du19-deep"].quantity("width")
    result = crossover("als19-gd", "du19-deep", over="n", L=3, lambda_deep=0.01)
    exponents_a, exponents_b = factor_exponents(a), factor_exponents(b)
    for base in set(exponents_a) | set(exponents_b):
        assert result.growth[base] == exponents_a.get(base, 0) - exponents_b.get(base, 0)
    # Theorem 5.1's max{n^4/λ^4, n/δ, n² log(Hn/δ)/λ²} grows like its largest power of n, n^4
    assert result.growth["n"] == 24 - 4 and exponents_b["lambda_deep"] == 0  # as λ grows, n/δ wins
    assert result.log_power == a.log_power - b.log_power


def test_growth_in_n_is_the_slope_of_the_ratio_formula():
    result = crossover("als19-gd", "du19-2layer", over="n", **CLI_POINT)
    n = SYMBOLS["n"]
    others = {symbol: sp.Rational(1, 3) for symbol in result.ratio.free_symbols if symbol != n}
    others[SYMBOLS["m"]] = sp.Integer(10)  # log(m) as a constant
    ratio = result.ratio.subs(others)
    slope = sp.log(ratio.subs(n, 10**6) / ratio.subs(n, 10**3), 10) / 3
    assert sp.nsimplify(sp.N(slope, 30)) == sp.Rational(result.growth["n"].numerator, result.growth["n"].denominator)


def test_factor_exponents_of_general_formulas(tmp_path):
    path = tmp_path / "forms.toml"
    path.write_text(
        '[[theorem]]\nkey = "forms"\npaper = "Test"\nstatus = "recalled"\nsource = "none"\n'
        '[theorem.quantities]\nwidth = "(n^2 + L*n)^(1/2) / delta * log(n)"\nstep_size = "exp(n) / L"\n'
    )
    theorem = registry_with([path])["forms"]
    assert factor_exponents(theorem.quantity("width")) == {
        "n": Fraction(1),
        "L": Fraction(1, 2),
        "delta": Fraction(-1),
    }
    assert factor_exponents(theorem.quantity("step_size")) == {"n": None, "L": Fraction(-1)}


def test_statuses_and_versions_are_those_of_the_theorems():
    result = crossover("als19-gd", "du19-2layer", over="n", L=2, lambda0=1e-6)
    for side, key in ((result.a, "als19-gd"), (result.b, "du19-2layer")):
        assert side.status == evaluate(key, "width", n=5, L=2, lambda0=1e-6).status == REGISTRY[key].status
        assert side.version == REGISTRY[key].version and side.source == REGISTRY[key].source


def test_quantities_without_a_value_are_refused():
    with pytest.raises(IncompleteError):
        crossover("als19-gd", "zou19", over="n", L=2)
    result = crossover("als19-gd", "als19-gd-v1", over="n", L=2)  # an order is evaluated like any other
    assert any("known only as an order" in w for w in result.warnings)
    supplied = REGISTRY["zou19"].with_overrides("width", exponents={"delta": -2})
    assert crossover("als19-gd", supplied, over="n", L=2).b.key == "zou19"


def test_the_json_output_carries_the_crossings(cli):
    code, out, err = cli(
        "crossover", "als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", "1e-6", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    expected = _integer_sign_changes("als19-gd", "du19-2layer", {"L": 2, "lambda0": 1e-6}, 60)
    assert [(c["below"], c["above"]) for c in data["crossings"]] == expected
    assert data["growth"]["n"] == 18 and data["growth_exact"]["lambda0"] == "4"
    assert data["a"]["status"] == "restated" and data["b"]["version"] == REGISTRY["du19-2layer"].version


def test_the_command_takes_keyed_overrides(cli):
    code, out, err = cli("crossover", "als19-gd", "zou19", "--over", "n", "--L", "2")
    assert code == 2 and "--exp zou19.width.delta=" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("crossover", "als19-gd", "zou19", "--over", "n", "--L", "2", "--exp", "zou19.width.delta=-2")
    assert code == 0, err
    assert "δ^-6" in out  # 24 − 22 in n, −8 − (−2) in δ


@pytest.mark.parametrize(
    "args",
    [
        ["als19-gd", "du19-2layer", "--over", "q", "--L", "2"],
        ["als19-gd", "du19-2layer", "--over", "n", "--n", "3", "--L", "2"],
        ["als19-gd", "du19-2layer", "--over", "n", "--lambda0", "0.1"],
        ["als19-gd", "nope", "--over", "n", "--L", "2"],
        ["als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", "-1"],
        ["als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", "0.1", "--points", "2"],
        ["als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", "__import__('os')"],
        ["als19-gd", "du19-2layer", "--over", "n", "--L", "2", "--lambda0", "0.1", "--quantity", "distance"],
        ["als19-gd", "du19-2layer", "--L", "2"],
        ["als19-gd", "zou19", "--over", "n", "--L", "2"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args):
    code, out, err = cli("crossover", *args)
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_nothing_to_vary_is_refused():
    with pytest.raises(InputError, match="depends on"):
        crossover("du19-2layer", "du19-2layer", over="L", quantity="width", n=10, lambda0=0.1)


EDGES = ["0", "-1", "1e309", "1e-400", "1e100000", "inf", "nan", "1/0", "1/3", "99999999999999999999", "٣", "", "1,2"]
EDGES += ["exp(1)", "__import__('os')", "2**64", "0x1f"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    option=st.sampled_from(["--L", "--lambda0", "--fail-prob", "--delta", "--points", "--d"]),
    value=st.one_of(st.sampled_from(EDGES), st.floats(allow_nan=True, allow_infinity=True).map(repr)),
)
def test_hostile_numbers_are_answered_or_refused_in_one_line(cli, option, value):
    fixed = {"--L": "2", "--lambda0": "0.1"}
    fixed[option] = value
    args = [word for pair in fixed.items() for word in pair]
    code, out, err = cli("crossover", "als19-gd", "du19-2layer", "--over", "n", "--points", "20", *args)
    assert code in (0, 2), err
    assert "Traceback" not in out + err and "unexpected" not in err
    assert err.count("\n") <= 1 and (code == 0 or err.startswith("boundcalc: error: "))


@pytest.mark.parametrize("formula", ["exp(exp(exp(n)))", "log(log(log(1/n)))", "n - 10"])
def test_bound_files_that_tower_or_turn_negative_are_searched_only_where_they_have_a_value(cli, tmp_path, formula):
    path = tmp_path / "odd.toml"
    path.write_text(
        '[[theorem]]\nkey = "odd"\npaper = "Me"\nstatus = "recalled"\nsource = "x"\n'
        f'[theorem.quantities]\nwidth = "{formula}"\n'
    )
    code, out, err = cli("crossover", "odd", "als19-gd", "--over", "n", "--L", "2", "--bound-file", str(path))
    assert code in (0, 2) and "Traceback" not in err and err.count("\n") <= 1
    if code == 0:  # the range printed is one where the formula has a value at both ends
        low, high = (int(float(x)) for x in re.search(r"n from (\S+) to (\S+)", out).groups())
        registry = registry_with([path])
        for n in (low, high):
            evaluate("odd", "width", n=n, L=2, registry=registry)
