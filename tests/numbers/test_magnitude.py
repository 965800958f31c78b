import math

import numpy as np
import pytest

from boundcalc import InputError, Magnitude, solve_log_factor
from boundcalc.numbers.magnitude import smallest_integer_width


@pytest.mark.parametrize(
    "log10, text, sci",
    [
        (92.0, "1.000 × 10^92", "1.000e+92"),
        (math.log10(7.835e103), "7.835 × 10^103", "7.835e+103"),
        (2.99999999, "1.000 × 10^3", "1.000e+03"),  # the mantissa rounds up to the next decade
        (-3.5, "3.162 × 10^-4", "3.162e-04"),
        (1e6, "1.000 × 10^1000000", "1.000e+1000000"),
    ],
)
def test_formatting(log10, text, sci):
    value = Magnitude(log10)
    assert value.text() == text
    assert value.sci() == sci
    if log10 < 300:
        assert float(value.sci()) == pytest.approx(10**log10, rel=1e-3)


def test_latex_and_integers():
    assert Magnitude(92.0).latex() == r"1.000\times10^{92}"
    assert Magnitude.from_integer(124).text() == "124"
    with pytest.raises(OverflowError):
        Magnitude(400.0).to_float()
    for bad in (math.inf, -math.inf, math.nan):
        with pytest.raises(InputError):
            Magnitude(bad)


def _ln_gap(m: int, a: float, k: float) -> float:
    return math.log(m) - a - k * math.log(math.log(m))


@pytest.mark.parametrize("coefficient, k", [(100.0, 2.0), (3.0, 5.0), (1e4, 1.0), (50.0, 0.5), (7.0, 3.0)])
def test_solved_width_is_the_threshold_of_its_inequality(coefficient, k):
    """m* satisfies m ≥ A ln^k m, m* − 1 does not, and every larger m checked does."""
    width = smallest_integer_width(math.log10(coefficient), k).integer
    assert width is not None
    assert width >= coefficient * math.log(width) ** k
    assert width - 1 < coefficient * math.log(width - 1) ** k
    for m in range(width, width * 50, max(1, width // 7)):
        assert m >= coefficient * math.log(m) ** k


def test_solved_width_in_log_space_for_astronomical_coefficients():
    log10_a = np.array([50.0, 92.0, 500.0, 5000.0])
    for k in (1.0, 5.0, 12.5):
        log10_m = solve_log_factor(log10_a, k)
        ln_m = log10_m * math.log(10)
        # log10 m = log10 A + k log10(ln m): the inequality holds with equality at the threshold
        np.testing.assert_allclose(log10_m, log10_a + k * np.log10(ln_m), rtol=0, atol=1e-10)
        assert np.all(log10_m > log10_a)


def test_solver_edge_cases():
    # A ln^k m ≤ m for every m > 1: the smallest width is 1
    assert float(solve_log_factor(-5.0, 2.0)) == 0.0
    assert smallest_integer_width(-5.0, 2.0).integer == 1
    # k = 0: m ≥ A exactly
    assert float(solve_log_factor(12.0, 0.0)) == 12.0
    with pytest.raises(InputError):
        solve_log_factor(3.0, -1.0)
