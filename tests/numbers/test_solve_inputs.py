"""solve works for every input a quantity is monotone in, inside the range its assumptions allow."""

from __future__ import annotations

import math

import pytest

from boundcalc import REGISTRY, InputError, iterations, solve, width


def test_eps_for_a_target_iteration_count_round_trips():
    result = solve("als19-gd", "iterations", "1e18", "eps", {"n": 100, "L": 10})
    # T = n^6 L^2 δ^-2 log(1/ε) with δ = 1/L: 10^16 log(1/ε) = 10^18, so ε = e^-100
    assert result.value == pytest.approx(math.exp(-100), rel=1e-9)
    back = iterations(n=100, L=10, eps=repr(result.value))
    assert back.log10 == pytest.approx(18.0, abs=1e-9 / math.log(10))


def test_eps_by_the_command_line(cli):
    code, out, err = cli(
        "solve", "--for", "eps", "--quantity", "iterations", "--value", "1e18", "--n", "100", "--L", "10"
    )
    assert code == 0 and "eps ≥ 3.72008e-44" in out and err == ""


def test_batch_size_stays_within_its_assumption():
    # Theorem 2's batch exponent is read nowhere: supplied here as 1
    sgd = REGISTRY["als19-sgd"].with_overrides("width", exponents={"b": 1})
    result = solve(sgd, "width", "1e95", "b", {"n": 100, "L": 10})
    assert result.value is not None and 1 <= result.value <= 100
    assert width(theorem=sgd, n=100, L=10, b=result.value).log10 <= 95
    if result.value < 100:
        assert width(theorem=sgd, n=100, L=10, b=result.value + 1).log10 > 95


def test_an_input_the_quantity_does_not_read_is_refused():
    with pytest.raises(InputError, match="does not depend on lambda0"):
        solve("als19-gd", "width", "1e90", "lambda0", {"n": 100, "L": 10})


def test_a_non_monotone_user_bound_is_refused_not_answered(tmp_path, cli):
    path = tmp_path / "bowl.toml"
    path.write_text(
        '[[theorem]]\nkey = "bowl"\npaper = "Me"\nstatus = "recalled"\nsource = "nowhere"\n'
        '[theorem.quantities]\nwidth = "(log(n) - 10)^2 + 1"\n'
    )
    code, _, err = cli("max-n", "--theorem", "bowl", "--m", "50", "--bound-file", str(path))
    assert code == 2 and "not monotone in n" in err and "\n" not in err.strip()
    code, _, err = cli("solve", "--theorem", "bowl", "--for", "n", "--value", "50", "--bound-file", str(path))
    assert code == 2 and "not monotone in n" in err
    path.write_text(path.read_text().replace("(log(n) - 10)^2 + 1", "log(n)^2 + 1"))  # monotone: answered
    code, out, _ = cli("max-n", "--theorem", "bowl", "--m", "50", "--bound-file", str(path))
    assert code == 0


def test_solve_refuses_what_has_no_value(cli):
    code, _, err = cli("solve", "--theorem", "zou19", "--for", "n", "--value", "1e30", "--L", "3")
    assert code == 2 and "needs the δ exponent" in err
    code, _, err = cli("solve", "--theorem", "als19-sgd", "--for", "b", "--value", "1e95", "--n", "100", "--L", "3")
    assert code == 2 and "needs the b exponent" in err
