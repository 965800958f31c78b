import numpy as np
import pytest
from support import completed

from boundcalc import REGISTRY, InputError, evaluate, evaluate_many
from boundcalc.theory.symbols import LARGEST_SEPARATION


@pytest.mark.parametrize("key", list(REGISTRY))
def test_vectorised_agrees_with_pointwise(key):
    rng = np.random.default_rng(0)
    n = rng.integers(2, 10**6, size=12)
    depth = rng.integers(1, 200, size=12)
    delta = rng.uniform(1e-4, 1.0, size=12) / depth
    extra = dict(lambda0=0.01, margin=0.1, d_in=5, kappa=1e-3, lambda_deep=0.02, lambda_star=0.03, eps_res=0.1)
    extra["eps_test"] = 0.05
    theorem = completed(REGISTRY[key])
    for quantity in theorem.quantity_names:
        many = evaluate_many(theorem, quantity, n=n, L=depth, delta=delta, b=1, orders=True, **extra)
        one = [
            evaluate(theorem, quantity, n=int(a), L=int(b), delta=float(c), orders=True, **extra).log10
            for a, b, c in zip(n, depth, delta)
        ]
        np.testing.assert_allclose(many, one, rtol=0, atol=1e-9, err_msg=f"{key} {quantity}")


def test_broadcasting_and_overrides():
    grid = evaluate_many("als19-gd", "width", n=np.array([[10], [100]]), L=np.array([2, 4, 8]), delta=0.1, log_power=0)
    assert grid.shape == (2, 3)
    expected = 24 * np.log10([[10], [100]]) + 12 * np.log10([2, 4, 8]) + 8
    np.testing.assert_allclose(grid, expected, atol=1e-12)
    shifted = evaluate_many(
        "als19-gd", "width", n=np.array([10, 100]), L=2, delta=0.1, log_power=0, exponents={"n": 20}, constant=10
    )
    np.testing.assert_allclose(shifted, 20 * np.log10([10, 100]) + 12 * np.log10(2) + 8 + 1, atol=1e-12)


def test_a_million_points_stay_finite_over_the_valid_range():
    rng = np.random.default_rng(1)
    n = rng.integers(2, 10**12, size=10**6)
    depth = rng.integers(1, 10**6, size=10**6)
    delta = rng.uniform(1e-9, LARGEST_SEPARATION, size=10**6)
    log10_width = evaluate_many("als19-gd", "width", n=n, L=depth, delta=delta)
    assert log10_width.shape == (10**6,) and np.all(np.isfinite(log10_width))


@pytest.mark.parametrize("bad", [dict(n=np.array([10, 0])), dict(n=np.array([1.5])), dict(delta=np.array([3.0]))])
def test_vectorised_bad_input(bad):
    inputs = dict(n=np.array([10]), L=3, delta=0.1) | bad
    with pytest.raises(InputError):
        evaluate_many("als19-gd", "width", **inputs)
