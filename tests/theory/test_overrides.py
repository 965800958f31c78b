"""Each override changes exactly what it should, and never the registry's defaults."""

import math
from fractions import Fraction

import pytest

from boundcalc import REGISTRY, InputError, evaluate, width

BASE = dict(n=1000, L=10, delta=0.1, d=1)


def test_exponent_override_shifts_log10_by_the_exponent_change():
    default = width(log_power=0, **BASE)
    for name, value, change in [("n", 20, -4 * 3), ("L", "3/2", -10.5), ("delta", -6, -2), ("d", 5, 0)]:
        result = width(log_power=0, exponents={name: value}, **BASE)
        assert result.log10 == pytest.approx(default.log10 + change, abs=1e-12), name
        assert f"exponent {name}" in result.quantity.overridden


def test_constant_and_log_power_overrides():
    default = width(log_power=0, **BASE)
    assert width(log_power=0, constant=1000, **BASE).log10 == pytest.approx(default.log10 + 3, abs=1e-12)
    assert width(log_power=0, constant="1/100", **BASE).log10 == pytest.approx(default.log10 - 2, abs=1e-12)
    with_log = width(log_power=2, **BASE)
    ln_m = with_log.log10 * math.log(10)
    assert with_log.log10 == pytest.approx(92 + 2 * math.log10(ln_m), abs=1e-10)


def test_overrides_never_touch_the_registry():
    before = REGISTRY["als19-gd"].quantity("width")
    width(exponents={"n": 3}, constant=9, log_power=1, **BASE)
    REGISTRY["als19-gd"].with_overrides("width", exponents={"n": 3})
    assert REGISTRY["als19-gd"].quantity("width") == before
    assert before.exponents["n"] == 24 and before.constant == 1 and before.log_power == 5


def test_overridden_width_feeds_the_step_size():
    theorem = REGISTRY["als19-gd"].with_overrides("width", exponents={"n": 2, "L": 0, "delta": 0}, log_power=0)
    step = evaluate(theorem, "step_size", **BASE)
    assert step.input("m").value.integer == 10**6
    expected = Fraction(1, 10) / (Fraction(1000) ** 4 * 100 * 10**6)
    assert step.log10 == pytest.approx(math.log10(expected.numerator) - math.log10(expected.denominator), abs=1e-12)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(exponents={"q": 1}), "no exponent 'q'"),
        (dict(exponents={"n": "abc"}), "not a number"),
        (dict(constant=0), "constant must be positive"),
        (dict(constant=-2), "constant must be positive"),
        (dict(log_power=-1), "must be >= 0"),
    ],
)
def test_bad_overrides_raise_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        width(**kwargs, **BASE)
