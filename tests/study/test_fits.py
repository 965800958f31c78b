"""The study's step plan, [[grid]] unions, m* and iterations from stored runs, and bootstrap exponents."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from boundcalc import InputError
from boundcalc.study.fits import bootstrap_power_law, fit_linear, fit_power_law
from boundcalc.study.records import Cell, Settings, StepPlan, iterations_of, m_star_of
from boundcalc.study.report import exponent_fits, resampled
from boundcalc.study.sweep_spec import parse_spec


def test_the_step_budget_is_a_multiple_of_the_kernel_prediction_and_capped():
    from boundcalc.check.config import CheckConfig
    from boundcalc.check.data import load as load_data
    from boundcalc.data.kernel import kernel_iterations, limit_ntk, output_kernel

    spec = parse_spec("[study]\nsteps = 3000\nsteps_per_kernel = 4\n[grid]\nn = [12]\nseparation = [0.05, 0.5]\n")
    for cell in spec.cells:
        data = load_data(CheckConfig.from_settings({**cell.settings, "steps": 1}))
        block = limit_ntk(data.x, 1)
        top = np.linalg.eigvalsh(block)[-1]
        predicted = kernel_iterations(block, output_kernel(data.x, 1), data.y, 1 / top, 1e-3)
        assert cell.plan["iterations_kernel"] == predicted
        assert cell.settings["steps"] == min(3000, math.ceil(4 * predicted))
        assert cell.plan["time_limited"] == (4 * predicted > 3000)
    # a smaller δ needs more steps in the kernel regime
    assert spec.cells[0].plan["iterations_kernel"] > 3 * spec.cells[1].plan["iterations_kernel"]


def test_steps_per_kernel_needs_the_automatic_step():
    with pytest.raises(InputError, match="steps_per_kernel"):
        parse_spec("[study]\nlr = 0.1\nsteps_per_kernel = 2\n[grid]\nn = [8]\n")


def test_several_grids_give_the_union_of_their_cells():
    spec = parse_spec(
        "[study]\nsteps = 5\n[[grid]]\nn = [8, 16]\nseparation = [0.5]\n[[grid]]\nn = [8]\nseparation = [0.25, 0.5]\n"
    )
    assert sorted((c.settings["n"], c.settings["separation"]) for c in spec.cells) == [(8, 0.25), (8, 0.5), (16, 0.5)]
    with pytest.raises(InputError, match="grid.width"):
        parse_spec("[[grid]]\nn = [8]\n[[grid]]\nwidth = [3]\n")


OUTCOMES = {  # width → seed → step at which ε was reached (−1: never)
    16: {0: -1, 1: -1, 2: 300, 3: -1},
    32: {0: 500, 1: -1, 2: 200, 3: 400},
    64: {0: 100, 1: 120, 2: 90, 3: 110},
}


def test_m_star_and_iterations_from_the_stored_runs():
    assert m_star_of(OUTCOMES, [0, 1, 2, 3], 0.9) == 64
    assert m_star_of(OUTCOMES, [0, 1, 2, 3], 0.75) == 32
    assert m_star_of(OUTCOMES, [0, 2, 3, 3], 0.9) == 32  # a resample without seed 1
    assert m_star_of(OUTCOMES, [1, 1, 1, 1], 0.9) == 64
    assert m_star_of({8: {0: -1}}, [0], 0.9) is None
    assert iterations_of(OUTCOMES, [0, 1, 2, 3]) == 105.0  # median of 100, 120, 90, 110
    assert iterations_of(OUTCOMES, [2, 2, 2, 0]) == 90.0


def test_bootstrap_intervals_cover_the_truth_and_shrink_with_noise():
    rng = np.random.default_rng(1)
    n = np.repeat([8.0, 16.0, 32.0, 64.0], 6)

    def sample(noise):
        y = 3 * n**1.5 * np.exp(noise * rng.standard_normal(len(n)))

        def replicate(generator):
            chosen = generator.integers(0, len(n), len(n))
            return n[chosen], y[chosen]

        return bootstrap_power_law(replicate, 400)[0][:, 1], fit_power_law(n, y)[0][1]

    (low, high), point = sample(0.05)
    assert low < 1.5 < high and low < point < high
    (wide_low, wide_high), _ = sample(0.5)
    assert wide_high - wide_low > 3 * (high - low)


def _cell(n, separation, m_star, seeds=4):
    """A cell whose every seed first succeeds at m_star (widths tried: halves and doubles around it)."""
    outcomes = {m: {s: (200 if m >= m_star else -1) for s in range(seeds)} for m in (m_star // 2, m_star, 2 * m_star)}
    stored = {"n": n, "L": 1, "d": 1, "d_in": 5, "seeds": seeds, "data": "synthetic", "success_fraction": 0.9}
    stored |= {"steps": 1000, "eps": 1e-3, "lr": "auto", "separation": separation}
    return Cell(f"{n}-{separation}-{m_star}", Settings.from_row(stored), m_star, "found", outcomes=outcomes)


def test_exponent_fits_recover_exact_power_laws_with_zero_width_intervals():
    cells = [_cell(n, s, int(round(2 * n * s**-1))) for n in (8, 16, 32) for s in (0.1, 0.2, 0.4, 0.8)]
    width, iterations = exponent_fits(cells)
    assert width.quantity.startswith("width m*")
    rows = {row.axis: row for row in width.rows}
    assert rows["n"].tobit == pytest.approx(1.0, abs=0.01)  # nothing censored: the Tobit fit agrees
    assert rows["n"].fitted == pytest.approx(1.0, abs=0.01) and rows["δ"].fitted == pytest.approx(-1.0, abs=0.01)
    assert rows["n"].theorem == "24" and rows["δ"].theorem == "-8"
    assert rows["n"].high - rows["n"].low < 1e-9  # every seed agrees: nothing to resample
    assert {row.axis for row in iterations.rows} == {"n", "δ"}
    assert all(row.fitted == pytest.approx(0.0, abs=1e-9) for row in iterations.rows)
    assert [row.theorem for row in iterations.rows] == ["6", "-2"]


def test_the_theorems_exponents_come_from_the_registry_with_their_labels():
    from boundcalc.study.theorem import theorem_exponent

    assert [theorem_exponent("width", b) for b in ("n", "L", "d", "delta")] == ["24", "12", "1 (recalled)", "-8"]
    assert [theorem_exponent("iterations", b) for b in ("n", "L", "d", "delta")] == ["6", "2", "0", "-2"]


def test_time_limited_cells_stay_out_of_the_fits():
    cells = [_cell(n, 0.5, 4 * n) for n in (8, 16, 32, 64)]
    cells[-1] = replace(cells[-1], m_star=10**6, plan=StepPlan(time_limited=True))
    (width, _) = exponent_fits(cells)
    assert width.cells == 3 and width.rows[0].fitted == pytest.approx(1.0)


def test_a_store_mixing_prescribed_and_measured_separations_fits_without_delta():
    cells = [_cell(n, 0.5, 4 * n) for n in (8, 16, 32)] + [_cell(n, None, 5 * n) for n in (8, 16, 32)]
    (width, _) = exponent_fits(cells)
    assert [row.axis for row in width.rows] == ["n"] and width.rows[0].fitted == pytest.approx(1.0, abs=0.2)


def test_censored_cells_pull_the_tobit_exponent_where_least_squares_cannot_see():
    # m* = 4n where found; at n = 128 and 256 nothing up to 2048 sufficed, above the line (512, 1024)
    cells = [_cell(n, 0.5, 4 * n) for n in (8, 16, 32, 64)]
    for k, n in ((2, 128), (3, 256)):
        outcomes = {m: {s: -1 for s in range(4)} for m in (512, 1024, 2048)}
        cells.append(replace(_cell(n, 0.5, 4 * n), key=f"censored-{k}", outcomes=outcomes, m_star=None))
    width, _ = exponent_fits(cells)
    row = width.rows[0]
    assert width.censored == 2 and row.fitted == pytest.approx(1.0)
    assert row.tobit > 1.1  # least squares cannot see the bounds; the Tobit fit is steepened by them


def test_data_draws_are_resampled_with_the_seeds():
    first = _cell(8, 0.5, 32)
    cells = [
        replace(first, key=f"draw-{k}", settings=Settings.from_row({**first.settings.stored, "seed": k}))
        for k in range(3)
    ]
    drawn = resampled(cells, np.random.default_rng(3))
    assert len(drawn) == 3 and len({c.key for c, _ in drawn}) < 3  # draws repeat in a resample


def test_an_exponent_the_found_cells_cannot_fix_is_not_reported():
    """Every cell with m* found at δ = 0.5 and the other δ cells censored: least squares has no δ slope to
    give (a minimum-norm solution would print an arbitrary one) and the Tobit likelihood is flat along it."""
    cells = [_cell(n, 0.5, 4 * n) for n in (8, 16, 32, 64)]
    for n, separation in ((8, 0.25), (16, 0.25), (32, 0.125)):
        censored = _cell(n, separation, 4 * n)
        cells.append(replace(censored, outcomes={m: {s: -1 for s in range(4)} for m in censored.outcomes}))
    (width, _) = exponent_fits(cells)
    rows = {row.axis: row for row in width.rows}
    assert rows["n"].fitted == pytest.approx(1.0) and rows["n"].tobit == pytest.approx(1.0, abs=0.01)
    assert np.isnan(rows["δ"].fitted) and np.isnan(rows["δ"].low) and rows["δ"].tobit is None
    assert rows["δ"].tobit_low is None


def test_fit_linear_leaves_a_constant_column_unfixed():
    x = np.column_stack([np.log([1.0, 2.0, 4.0, 8.0]), np.full(4, 0.3)])
    coefficients, half = fit_linear(x, 2.0 * x[:, 0] + 1.0)
    assert coefficients[1] == pytest.approx(2.0) and np.isnan(coefficients[2]) and np.isnan(half[2])
