"""Every encoded quantity against a value computed by hand (exact integers or math.log)."""

import math
from fractions import Fraction

import pytest
import sympy as sp

from boundcalc import REGISTRY, evaluate, iterations, step_size, width
from boundcalc.errors import IncompleteError
from boundcalc.theory.symbolic import SYMBOLS

LN = math.log
N, DEPTH, DELTA, D, B, M, EPS = 1000, 10, Fraction(1, 10), 2, 10, 10**30, Fraction(1, 1000)
ETA, OMEGA = Fraction(1, 10**9), Fraction(1, 10**6)
LAMBDA0, P, KAPPA, GAMMA, D_IN = Fraction(1, 100), Fraction(1, 20), Fraction(1, 10**4), Fraction(1, 5), 20
LAMBDA_H, LAMBDA_STAR, EPS_TEST, EPS_RES = Fraction(1, 50), Fraction(1, 30), Fraction(1, 40), Fraction(1, 70)
POINT = dict(
    n=N,
    L=DEPTH,
    delta=DELTA,
    d=D,
    b=B,
    m=M,
    eps=EPS,
    eta=ETA,
    omega=OMEGA,
    lambda0=LAMBDA0,
    fail_prob=P,
    kappa=KAPPA,
    margin=GAMMA,
    d_in=D_IN,
    lambda_deep=LAMBDA_H,
    lambda_star=LAMBDA_STAR,
    eps_test=EPS_TEST,
    eps_res=EPS_RES,
)
ORDERS = {"orders": True}  # a result known only as an order: what its source leaves out is set to 1


def whole(value: float) -> float:
    """log10 of a width: widths are whole numbers, at least 1."""
    return math.log10(max(1, math.ceil(value - 1e-9)))


def solved(polynomial: float, power: int) -> float:
    """The m with m = P·ln^k m, by fixed-point iteration (a contraction above e^k)."""
    m = polynomial
    for _ in range(200):
        m = polynomial * LN(m) ** power
    return m


def log10(x) -> float:
    x = Fraction(x) if not isinstance(x, float) else x
    if isinstance(x, float):
        return math.log10(x)
    return math.log10(x.numerator) - math.log10(x.denominator)


# (theorem, quantity, log10 of the hand-computed value at POINT, how to ask: orders, or exponents and a log
# power to supply)
HAND = [
    ("als19-gd", "width", None, {}),  # solved for m: checked separately below
    ("als19-gd", "step_size", log10(D * DELTA / (N**4 * DEPTH**2 * M)), {}),
    ("als19-gd", "iterations", log10(Fraction(N**6 * DEPTH**2) / DELTA**2) + math.log10(LN(1000)), {}),
    ("als19-gd", "rate", log10(ETA * DELTA * M / (D * N**2)), {}),
    ("als19-gd", "distance", log10(Fraction(N**3) / DELTA) - 15 + math.log10(LN(M)) + 0.5 * log10(D), {}),
    ("als19-gd-v1", "width", 120 + 2 * math.log10(LN(1000)), ORDERS),
    ("als19-gd-v1", "iterations", 20 + math.log10(LN(1000)), ORDERS),
    ("als19-sgd", "width", None, {}),
    ("als19-sgd", "step_size", log10(B * DELTA * D / (N**5 * DEPTH**2 * M)) - 2 * math.log10(LN(M)), {}),
    (
        "als19-sgd",
        "iterations",
        log10(Fraction(N**7 * DEPTH**2) / (B * DELTA**2)) + 2 * math.log10(LN(M)) + math.log10(LN(N * 1000)),
        {},
    ),
    ("als19-grad", "radius", 1.5 * log10(DELTA) - 4.5 * 3 - 6 - 3 * math.log10(LN(M)), {}),
    ("als19-grad", "grad_upper", log10(Fraction(DEPTH * N * M, D)), {}),
    ("als19-grad", "grad_lower", log10(DELTA * M / (D * N**2)), {}),
    (
        "als19-smooth",
        "smooth_linear",
        2 + log10(OMEGA) / 3 + 15 + 0.5 * math.log10(LN(M)) + 0.5 * log10(Fraction(N, D)),
        {},
    ),
    ("als19-smooth", "smooth_quadratic", log10(Fraction(N * DEPTH**2 * M, D)), {}),
    ("du19-2layer", "width", log10(Fraction(N**6) / (LAMBDA0**4 * P**3)), {}),
    ("du19-2layer", "step_size", log10(LAMBDA0 / N**2), {}),
    ("du19-2layer", "rate", log10(ETA * LAMBDA0 / 2), {}),
    # T = (2/(ηλ0)) ln(‖y − u(0)‖²/ε) with η = λ0/n² and ‖y − u(0)‖² = n/p (Theorem 4.1 and the paper's O(n/δ))
    ("du19-2layer", "iterations", log10(2 * Fraction(N**2) / LAMBDA0**2) + math.log10(LN(N / (P * EPS))), {}),
    ("arora19", "init_scale", log10(EPS_RES * P) - 1.5, {}),
    ("arora19", "width", log10(Fraction(N**7) / (LAMBDA0**4 * KAPPA**2 * P**4 * EPS_RES**2)), {}),
    ("arora19", "step_size", log10(LAMBDA0 / N**2), {}),
    ("oymak20", "width", whole(N**2 / D_IN), {}),
    ("songyang19", "width", 6.0, ORDERS),
    ("song21", "parameters", 4.5, ORDERS),
    # 2^L · max{n^4/λ^4, n/p, n² ln(Ln/p)/λ²}: the first term is the largest at POINT (a test below moves it)
    ("du19-deep", "width", log10(Fraction(2**DEPTH * N**4) / LAMBDA_H**4), {}),
    ("du19-deep", "iterations", log10(N**2 * 2**DEPTH) + math.log10(LN(1000)), ORDERS),
    # Theorem 6.1: max{n^4/(λ^4 H^6), n²/(λ² H²), n/δ, n² log(Hn/δ)/λ²}, the first the largest at POINT
    ("du19-resnet", "width", whole(N**4 / (float(LAMBDA_H) ** 4 * DEPTH**6)), {}),
    ("du19-resnet", "step_size", log10(LAMBDA_H * DEPTH**2 / Fraction(N**2)), {}),
    ("du19-resnet", "iterations", 6 + math.log10(LN(1000)), ORDERS),
    ("zou19", "width", log10(N**8 * DEPTH**12 / DELTA**2), {"exponents": {"delta": -2}}),
    # Õ(poly(R, L) · n^7 · log(1/δ)): the L degree and the tilde's log power are not given
    ("caogu19", "width", whole(N**7 * DEPTH**2 * LN(1 / float(P))), {"exponents": {"L": 2}, "log_power": 0}),
    ("kawaguchi19", "parameters", 3.0, ORDERS),
    ("nguyen20", "width", 3.0, {}),
    ("nguyen20", "width_lecun", 6.0, ORDERS),
    ("nguyen21", "width", 3.0, ORDERS),
    ("banerjee23", "width", 3.0, ORDERS),
    ("ji20", "width", whole(5**8 * LN(N / float(EPS_TEST * P)) ** 2), {"exponents": {"log_n_epstest_p": 2}}),
    ("chen21", "width", whole(DEPTH**22 * 5**8 * LN(N / float(EPS_TEST))), {"exponents": {"log_n_epstest": 1}}),
    ("li25", "width", None, {}),  # solved for its (log m)^5: checked separately below
    ("floor-params", "width", whole(math.sqrt(N * D / DEPTH)), {}),
    ("baum88", "width", whole(N / D_IN), {}),
    ("bubeck20", "width", whole(4 * N / D_IN), {}),
    ("yun19", "width", whole(math.sqrt(N)), ORDERS),
    ("vardi22", "parameters", 1.5, ORDERS),
    ("vardi22", "parameters_needed", 1.5, {}),
    ("lei26", "width", whole(solved(5**8, 1)), {"log_power": 1, "exponents": {}}),  # Ω̃'s log power: given as 1
    # γ^−(6L+4): at L = 10 the exponent of γ is −64
    ("taheri25", "width", whole(5.0 ** (6 * DEPTH + 4)), ORDERS),
    ("rolland22", "width", whole(N**2 / math.sqrt(B) / D_IN), ORDERS),  # d₁ ≳ n²/(√b d₀)
    ("rolland22", "parameters", 6 - 0.5, ORDERS),  # d₀d₁ ≃ n²/√b at b = 10
    ("saratchandran24", "width", whole(N**1.5), {}),
    ("saratchandran24", "width_deep", whole(N**2.5), {}),
    ("saratchandran24", "width_init1", 3.0, {}),
    ("saratchandran24", "width_deep_init1", 6.0, {}),
]


@pytest.mark.parametrize("key, quantity, expected, how", [h for h in HAND if h[2] is not None])
def test_each_quantity_matches_hand_computation(key, quantity, expected, how):
    theorem = REGISTRY[key]
    if "exponents" in how:  # an exponent no source gives: a value only once supplied
        with pytest.raises(IncompleteError):
            evaluate(theorem, quantity, POINT)
        theorem = theorem.with_overrides(quantity, exponents=how["exponents"], log_power=how.get("log_power"))
    # known only as an order: evaluated like any other, and it says what it leaves out
    assert bool(theorem.quantity(quantity).order_only) == bool(how.get("orders"))
    result = evaluate(theorem, quantity, POINT)
    assert result.log10 == pytest.approx(expected, abs=1e-12)


def test_every_encoded_quantity_is_checked_by_hand():
    encoded = {(t.key, q.name) for t in REGISTRY.values() for q in t.quantities}
    assert encoded == {(key, quantity) for key, quantity, _, _ in HAND}


def test_width_without_log_factor_is_the_issue_example():
    """n^24 L^12 d δ^−8 at n=1000, L=10, δ=0.1, d=1, C=1: 10^(72+12+8) = 10^92."""
    result = width(n=1000, L=10, delta=0.1, d=1, log_power=0)
    assert result.log10 == pytest.approx(92.0, abs=1e-12)
    assert result.value.sci() == "1.000e+92"


@pytest.mark.parametrize("key, batch", [("als19-gd", 1), ("als19-sgd", 7)])
def test_solved_width_satisfies_its_inequality(key, batch):
    # Theorem 2's batch exponent is read nowhere: supplied here as 1
    exponents = {"b": 1} if key == "als19-sgd" else None
    result = width(theorem=key, n=300, L=4, delta=Fraction(1, 5), d=3, b=batch, exponents=exponents)
    polynomial = Fraction(300**24 * 4**12) * 3 * batch / Fraction(1, 5) ** 8
    assert result.unsolved.log10 == pytest.approx(log10(polynomial), abs=1e-12)
    ln_m = result.log10 * math.log(10)
    # m = C·P·ln^5 m at the threshold, in log space
    assert result.log10 == pytest.approx(log10(polynomial) + 5 * math.log10(ln_m), abs=1e-10)


def test_li25_width_is_theorem_3_with_its_input_dimension():
    """m ≳ L^16 d (log m)^5 log(nL/δ)(log T)^8/γ^8 (Theorem 3), log T = log(nL) at η = 4/(5L), ηT ≍ n."""
    point = dict(n=1000, L=10, margin=Fraction(1, 10), fail_prob=Fraction(1, 10))
    one, mnist = width(theorem="li25", d_in=1, **point), width(theorem="li25", d_in=784, **point)
    core = 16 * 1 + 8 * 1 + math.log10(LN(1000 * 10 * 10)) + 8 * math.log10(LN(1000 * 10))
    assert one.unsolved.log10 == pytest.approx(core, abs=1e-12)
    assert mnist.unsolved.log10 - one.unsolved.log10 == pytest.approx(math.log10(784), abs=1e-12)
    ln_m = mnist.log10 * math.log(10)  # m = P·ln^5 m at the threshold
    assert mnist.log10 == pytest.approx(mnist.unsolved.log10 + 5 * math.log10(ln_m), abs=1e-10)


def test_du19_deep_width_is_the_maximum_of_theorem_5_1():
    """2^H max{n^4/λ^4, n/δ, n² log(Hn/δ)/λ²}: each term wins somewhere."""
    cases = ((100, 2, 0.1, 0.1), (10, 3, 1.0, 1e-9), (2, 8, 2.0, 0.99))
    winners = set()
    for n, L, lam, p in cases:
        terms = [n**4 / lam**4, n / p, n**2 * LN(L * n / p) / lam**2]
        winners.add(terms.index(max(terms)))
        got = width(theorem="du19-deep", n=n, L=L, lambda_deep=lam, fail_prob=p).log10
        assert got == pytest.approx(whole(2**L * max(terms)), abs=1e-9)
    assert winners == {0, 1, 2}


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


def test_a_recalled_factor_weakens_the_value_that_depends_on_it():
    # the factor d of Theorem 1 is recalled: a value that depends on it says so
    assert width(n=100, L=2, d=1).status == "restated"
    assert width(n=100, L=2, d=5).status == "recalled"


@pytest.mark.parametrize(
    "key, inputs, exact",
    [
        ("du19-2layer", dict(n=10, lambda0="0.1", fail_prob="0.1"), 10**13),
        ("du19-deep", dict(n=100, L=2, lambda_deep="0.1"), 4 * 10**12),
        ("als19-gd", dict(n=10, L=1, delta=1, d=1, exponents={"n": 2, "delta": 0}, log_power=0), 100),
    ],
)
def test_exact_integer_widths_are_not_rounded_down(key, inputs, exact):
    """A width whose formula is an exact integer is that integer, not one a float rounding below it."""
    extra = {k: inputs.pop(k) for k in ("exponents", "log_power") if k in inputs}
    assert width(theorem=key, **extra, **inputs).value.integer == exact


def test_whole_widths_are_exact_where_claimed_and_never_a_wrong_integer():
    """A width shown as an integer is that integer; where log space cannot resolve one, none is claimed."""
    identity = dict(L=1, delta=1, d=1, exponents={"n": 1, "delta": 0, "L": 0, "d": 0}, log_power=0)
    for n in (98765, 98765432101, 9876543210123, 10**13):
        assert width(n=n, **identity).value.integer == n
    large = width(n=987654321012345, **identity).value
    assert large.integer is None and large.log10 == pytest.approx(math.log10(987654321012345), abs=1e-13)
    step = step_size(n=10, L=1, delta=1, d=1)
    assert step.input("m").value == width(n=10, L=1, delta=1, d=1).value  # the derived width is carried, not re-rounded
