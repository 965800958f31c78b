"""The axis helpers solve and crossover share: grid, bisection to a boundary, the admissible range."""

from __future__ import annotations

import pytest

from boundcalc.errors import InputError, MissingInputError
from boundcalc.numbers.axis import INTEGER_LIMIT, admissible_range, allowed_by, grid, narrow


def test_an_integer_grid_holds_both_ends_even_where_rounding_misses_them():
    points = grid(3, 10**18 - 1, 50, integer=True)
    assert points[0] == 3 and points[-1] == 10**18 - 1
    assert points == sorted(set(points)) and all(isinstance(p, int) for p in points)


def test_a_real_grid_is_even_and_ends_on_high_exactly():
    points = grid(-0.3, 0.7, 11, integer=False)
    assert len(points) == 11 and points[-1] == 0.7
    assert all(abs((b - a) - 0.1) < 1e-12 for a, b in zip(points, points[1:]))


@pytest.mark.parametrize(("good", "bad"), [(0, 10**6), (10**6, 0)])
def test_narrow_on_integers_ends_on_adjacent_integers_from_either_side(good, bad):
    edge = 1234  # holds below and at 1234 when good is low; above when good is high
    holds = (lambda x: x <= edge) if good < bad else (lambda x: x > edge)
    found = narrow(holds, good, bad, integer=True)
    assert found == ((edge, edge + 1) if good < bad else (edge + 1, edge))


def test_narrow_on_reals_meets_its_relative_tolerance():
    root = 2**0.5
    good, bad = narrow(lambda x: x * x <= 2, 0.0, 100.0, integer=False, tolerance=1e-12)
    assert good * good <= 2 < bad * bad
    assert bad - good <= 1e-12 * max(1.0, good) and bad - good > 1e-12 * max(1.0, good) / 2
    assert abs(good - root) < 2e-12


def test_narrow_without_tolerance_runs_to_adjacent_floats():
    good, bad = narrow(lambda x: x <= 1 / 3, 0.0, 1.0, integer=False)
    assert good <= 1 / 3 < bad and (good + bad) / 2 in (good, bad)


def test_narrow_stops_where_holds_says_the_boundary_is_exact():
    assert narrow(lambda x: None if x == 500 else x < 500, 0, 1000, integer=True) == (500, 500)


def test_admissible_range_finds_the_edges_an_assumption_cuts():
    low, high = admissible_range(lambda x: 10 <= x <= 10**6, 1, INTEGER_LIMIT, integer=True)
    assert (low, high) == (10, 10**6)
    low, high = admissible_range(lambda e: e < -0.5, -3.0, 0.0, integer=False)
    assert low == -3.0 and high < -0.5 and -0.5 - high < 1e-15


def test_admissible_range_refuses_a_range_nothing_satisfies():
    with pytest.raises(InputError, match="no value in the range"):
        admissible_range(lambda x: False, 1, INTEGER_LIMIT, integer=True)


def test_allowed_by_refuses_what_an_assumption_refuses_and_raises_what_the_user_must_supply():
    def attempt(x):
        if x == "missing":
            raise MissingInputError("t", "lambda0", "the least eigenvalue")
        if x < 0:
            raise InputError("t assumes x ≥ 0")
        return x

    allows = allowed_by(attempt)
    assert allows(1) and not allows(-1)
    with pytest.raises(MissingInputError):
        allows("missing")
