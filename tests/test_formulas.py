"""Every encoded quantity against a value computed by hand (exact integers or math.log)."""

import math
from fractions import Fraction

import pytest
import sympy as sp

from boundcalc import REGISTRY, STATUSES, evaluate, iterations, step_size, width
from boundcalc._symbols import SYMBOLS

LN = math.log
N, DEPTH, DELTA, D, B, M, EPS = 1000, 10, Fraction(1, 10), 2, 10, 10**30, Fraction(1, 1000)
ETA, OMEGA = Fraction(1, 10**9), Fraction(1, 10**6)
POINT = dict(n=N, L=DEPTH, delta=DELTA, d=D, b=B, m=M, eps=EPS, eta=ETA, omega=OMEGA)


def log10(x) -> float:
    x = Fraction(x) if not isinstance(x, float) else x
    if isinstance(x, float):
        return math.log10(x)
    return math.log10(x.numerator) - math.log10(x.denominator)


# (theorem, quantity, log10 of the hand-computed value at POINT)
HAND = [
    ("als19-gd", "width", None),  # solved for m: checked separately below
    ("als19-gd", "step_size", log10(D * DELTA / (N**4 * DEPTH**2 * M))),
    ("als19-gd", "iterations", log10(Fraction(N**6 * DEPTH**2) / DELTA**2) + math.log10(LN(1000))),
    ("als19-gd", "rate", log10(ETA * DELTA * M / (D * N**2))),
    ("als19-gd", "distance", log10(Fraction(N**3) / DELTA) - 15 + math.log10(LN(M))),  # √m = 10^15
    ("als19-sgd", "width", None),
    ("als19-sgd", "step_size", log10(B * DELTA * D / (N**5 * DEPTH**2 * M)) - 2 * math.log10(LN(M))),
    (
        "als19-sgd",
        "iterations",
        log10(Fraction(N**7 * DEPTH**2) / (B * DELTA**2)) + 2 * math.log10(LN(M)) + math.log10(LN(N * 1000)),
    ),
    ("als19-grad", "radius", 1.5 * log10(DELTA) - 4.5 * 3 - 6 - 3 * math.log10(LN(M))),
    ("als19-grad", "grad_upper", log10(Fraction(DEPTH * N * M, D))),
    ("als19-grad", "grad_lower", log10(DELTA * M / (D * N**2))),
    (
        "als19-smooth",
        "smooth_linear",
        2 + log10(OMEGA) / 3 + 15 + 0.5 * math.log10(LN(M)) + 0.5 * log10(Fraction(N, D)),
    ),
    ("als19-smooth", "smooth_quadratic", log10(Fraction(N * DEPTH**2 * M, D))),
]


@pytest.mark.parametrize("key, quantity, expected", [h for h in HAND if h[2] is not None])
def test_each_quantity_matches_hand_computation(key, quantity, expected):
    result = evaluate(key, quantity, POINT)
    assert result.log10 == pytest.approx(expected, abs=1e-12)


def test_every_encoded_quantity_is_checked_by_hand():
    encoded = {(t.key, q.name) for t in REGISTRY.values() for q in t.quantities}
    assert encoded == {(key, quantity) for key, quantity, _ in HAND}


def test_width_without_log_factor_is_the_issue_example():
    """n^24 L^12 d δ^−8 at n=1000, L=10, δ=0.1, d=1, C=1: 10^(72+12+8) = 10^92."""
    result = width(n=1000, L=10, delta=0.1, d=1, log_power=0)
    assert result.log10 == pytest.approx(92.0, abs=1e-12)
    assert result.value.sci() == "1.000e+92"


@pytest.mark.parametrize("key, batch", [("als19-gd", 1), ("als19-sgd", 7)])
def test_solved_width_satisfies_its_inequality(key, batch):
    result = width(theorem=key, n=300, L=4, delta=Fraction(1, 5), d=3, b=batch)
    polynomial = Fraction(300**24 * 4**12) * (3 if key == "als19-gd" else batch) / Fraction(1, 5) ** 8
    assert result.unsolved.log10 == pytest.approx(log10(polynomial), abs=1e-12)
    ln_m = result.log10 * math.log(10)
    # m = C·P·ln^5 m at the threshold, in log space
    assert result.log10 == pytest.approx(log10(polynomial) + 5 * math.log10(ln_m), abs=1e-10)


def test_small_solved_width_is_an_exact_integer_threshold():
    result = width(n=10, L=1, delta=1, d=1, exponents={"n": 2, "delta": 0}, log_power=2)
    m = result.value.integer
    assert m is not None and m >= 100 * LN(m) ** 2 and m - 1 < 100 * LN(m - 1) ** 2


def test_derived_inputs_use_the_theorems_own_width():
    wide = width(n=50, L=3)
    eta = step_size(n=50, L=3)
    assert eta.input("m").origin == "als19-gd width"
    assert eta.input("m").value == wide.value
    assert eta.log10 == pytest.approx(step_size(n=50, L=3, m=10**wide.log10).log10, abs=1e-9)
    assert evaluate("als19-grad", "radius", n=50, L=3).input("m").value == wide.value


def test_defaults_are_recorded():
    result = iterations(n=100, L=4)
    origins = {item.name: item.origin for item in result.inputs}
    assert origins == {"n": "given", "L": "given", "delta": "default: 1/L", "eps": "default: 1e-3"}
    assert result.input("delta").value == Fraction(1, 4)


def test_sympy_objects_stay_sympy():
    quantity = REGISTRY["als19-gd"].quantity("width")
    n, delta = SYMBOLS["n"], SYMBOLS["delta"]
    assert sp.simplify(sp.diff(quantity.expr, n) * n / quantity.expr) == 24
    assert sp.simplify(sp.diff(quantity.expr, delta) * delta / quantity.expr) == -8
    assert isinstance(width(n=10, L=2).expr, sp.Expr)
    assert quantity.template.free_symbols >= {sp.Symbol("a_n", real=True), sp.Symbol("C", positive=True)}


def test_status_labels_follow_the_literature():
    assert {t.key: t.status for t in REGISTRY.values()} == {
        "als19-gd": "restated",
        "als19-sgd": "recalled",
        "als19-grad": "restated",
        "als19-smooth": "recalled",
    }
    assert all(t.status in STATUSES and t.source for t in REGISTRY.values())
    # the factor d of Theorem 1 is recalled: a value that depends on it says so
    assert width(n=100, L=2, d=1).status == "restated"
    assert width(n=100, L=2, d=5).status == "recalled"
