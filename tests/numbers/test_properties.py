"""Monotonicity and finiteness over the whole valid range (hypothesis)."""

import math

from hypothesis import assume, given
from hypothesis import strategies as st
from support import completed

from boundcalc import REGISTRY, InputError, evaluate, width
from boundcalc.theory.symbols import LARGEST_SEPARATION

samples = st.integers(2, 10**12)
depths = st.integers(1, 10**6)
separations = st.floats(1e-12, LARGEST_SEPARATION, allow_nan=False)
outputs = st.integers(1, 10**6)
ROUNDING = 1e-12  # log10 values are floats: equal inputs a few ulps apart may swap by this much


@given(samples, samples, depths, separations)
def test_width_grows_with_n(n1, n2, depth, delta):
    low, high = sorted((n1, n2))
    assert width(n=low, L=depth, delta=delta).log10 <= width(n=high, L=depth, delta=delta).log10 + ROUNDING


@given(samples, depths, depths, separations)
def test_width_grows_with_depth(n, l1, l2, delta):
    low, high = sorted((l1, l2))
    assert width(n=n, L=low, delta=delta).log10 <= width(n=n, L=high, delta=delta).log10 + ROUNDING


@given(samples, depths, separations, separations)
def test_width_grows_with_inverse_separation(n, depth, d1, d2):
    small, large = sorted((d1, d2))
    assert width(n=n, L=depth, delta=large).log10 <= width(n=n, L=depth, delta=small).log10 + ROUNDING


@given(samples, depths, separations)
def test_iterations_grow_with_n_and_shrink_with_separation(n, depth, delta):
    base = evaluate("als19-gd", "iterations", n=n, L=depth, delta=delta).log10
    assert evaluate("als19-gd", "iterations", n=n + 1, L=depth, delta=delta).log10 >= base - ROUNDING
    assert evaluate("als19-gd", "iterations", n=n, L=depth, delta=delta / 2).log10 >= base - ROUNDING


kernel_eigenvalues = st.floats(1e-12, 1e3)
probabilities = st.floats(1e-12, 0.999)


@given(
    samples,
    depths,
    separations,
    outputs,
    st.integers(1, 10**6),
    st.floats(1e-300, 0.999),
    kernel_eigenvalues,
    probabilities,
    st.floats(1e-6, 1.0),
    st.floats(1e-9, 10.0),
    st.integers(1, 10**6),
)
def test_every_quantity_is_finite_everywhere_valid(n, depth, delta, d, batch, eps, lambda0, p, margin, kappa, d_in):
    assume(batch <= n)
    point = dict(
        n=n,
        L=depth,
        delta=delta,
        d=d,
        b=batch,
        eps=eps,
        lambda0=lambda0,
        fail_prob=p,
        margin=margin,
        kappa=kappa,
        d_in=d_in,
        lambda_deep=lambda0,
        lambda_star=lambda0,
        eps_test=min(eps, 0.5),
        eps_res=eps,
    )
    for theorem in map(completed, REGISTRY.values()):
        for quantity in theorem.quantity_names:
            result = evaluate(theorem, quantity, **point, orders=True)
            assert math.isfinite(result.log10)
            mantissa, exponent = result.value.mantissa_exponent()
            assert 1.0 <= float(mantissa) < 10.0 and "inf" not in result.value.sci()


@given(st.integers(1, 3), depths, separations)
def test_tiny_cases_are_finite_or_refused_plainly(n, depth, delta):
    for theorem in REGISTRY.values():
        for quantity in theorem.quantity_names:
            try:
                result = evaluate(
                    theorem, quantity, n=n, L=depth, delta=delta, lambda0=1, margin=1, d_in=1, orders=True
                )
            except InputError as error:
                assert "\n" not in str(error)
                continue
            assert math.isfinite(result.log10)
