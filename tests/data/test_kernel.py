"""The infinite-width NTK against closed forms, a Monte-Carlo estimate and the checker's empirical Gram."""

import math

import numpy as np
import pytest

from boundcalc.data.kernel import arc_cosine, both_active, kernel, limit_ntk
from boundcalc.data.sphere import normalise


def test_closed_forms_at_special_points():
    rng = np.random.default_rng(0)
    x = normalise(rng.standard_normal((6, 4)))
    for depth, d in ((1, 1), (3, 2), (5, 1)):
        k = limit_ntk(x, depth, d)
        np.testing.assert_allclose(np.diag(k), depth / (2 * d), rtol=0, atol=1e-15)  # identical inputs
        assert np.allclose(k, k.T) and np.all(np.linalg.eigvalsh(k) > 0)
    orthogonal = np.eye(2)
    k0 = 1 / math.pi  # κ(0)
    # L = 2 by hand: Σ_1 ∘ ρ̇(ρ_2)/2 + Σ_0 ∘ ρ̇(ρ_2)/2 · ρ̇(ρ_1), with ρ_1 = κ(0), ρ_2 = Σ_1 = κ(κ(0))
    k1 = (math.sqrt(1 - k0**2) + (math.pi - math.acos(k0)) * k0) / math.pi
    back2 = (math.pi - math.acos(k1)) / math.pi / 2
    hand = k1 * back2 + k0 * back2 * (math.pi - math.acos(k0)) / math.pi
    assert limit_ntk(orthogonal, 2)[0, 1] == pytest.approx(hand, abs=1e-15)


def test_the_first_layer_against_monte_carlo():
    """m·E[φ(a·x)φ(a·x')] with a ~ N(0, 2/m) is κ(xᵀx'); E[φ'φ']·2 is ρ̇."""
    rng = np.random.default_rng(1)
    samples = rng.standard_normal((2_000_000, 2))
    for rho in (-0.7, 0.0, 0.45, 0.93):
        u = samples[:, 0]
        v = rho * samples[:, 0] + math.sqrt(1 - rho**2) * samples[:, 1]
        estimate = 2 * np.mean(np.maximum(u, 0) * np.maximum(v, 0))
        assert estimate == pytest.approx(float(arc_cosine(np.array(rho))), abs=3e-3)
        assert 2 * np.mean((u > 0) & (v > 0)) == pytest.approx(float(both_active(np.array(rho))), abs=3e-3)


@pytest.mark.parametrize("depth, d, train_all", [(2, 1, False), (3, 2, False), (1, 1, True)])
def test_the_checkers_empirical_gram_at_large_width_agrees(depth, d, train_all):
    torch = pytest.importorskip("torch")
    from boundcalc.check import init_network, synthetic
    from boundcalc.check.model import ntk_gram

    n, width = 10, 4096
    data = synthetic(n, 6, d, seed=0)
    x = torch.tensor(data.x, dtype=torch.float64)
    net = init_network(list(range(4)), width, depth, x.shape[1], d, torch.float64, torch.device("cpu"))
    empirical = torch.linalg.eigvalsh(ntk_gram(net, x, train_all) / width)[:, 0].numpy()
    limit = kernel(data.x, depth, d, train_all).lambda_min
    assert np.median(empirical) == pytest.approx(limit, rel=0.05)


def test_file_data_through_the_command_line(cli, tmp_path):
    import json

    rng = np.random.default_rng(2)
    raw = rng.standard_normal((30, 5))
    path = tmp_path / "points.csv"
    path.write_text("\n".join(",".join(repr(float(v)) for v in row) for row in raw) + "\n")
    code, out, _ = cli("kernel", "--data", str(path), "--L", "3", "--format", "json")
    result = json.loads(out)
    expected = np.linalg.eigvalsh(limit_ntk(normalise(raw), 3))
    assert code == 0 and result["ntk_limit_lambda_min"] == pytest.approx(expected[0], rel=1e-12)
    assert result["ntk_limit_lambda_max"] == pytest.approx(expected[-1], rel=1e-12)
    assert result["delta"] > 0 and result["lambda0"] > 0
    code, _, err = cli("kernel", "--data", str(path), "--L", "0")
    assert code == 2 and err.count("\n") == 1


def test_digits_and_synthetic_data_through_the_command_line(cli, tmp_path):
    import json

    from boundcalc.data.sets import synthetic

    pytest.importorskip("sklearn")
    from boundcalc.data.sets import digits

    code, out, _ = cli("kernel", "--data", "digits", "--n", "40", "--L", "3", "--format", "json")
    expected = np.linalg.eigvalsh(limit_ntk(digits(40, 0).x, 3))
    result = json.loads(out)
    assert code == 0 and result["n"] == 40 and result["ntk_limit_lambda_min"] == pytest.approx(expected[0], rel=1e-12)
    code, out, _ = cli("kernel", "--data", "synthetic", "--n", "20", "--d-in", "6", "--separation", "0.1",
                       "--seed", "3", "--L", "2", "--format", "json")  # fmt: skip
    expected = np.linalg.eigvalsh(limit_ntk(synthetic(20, 6, 1, 3, separation=0.1).x, 2))
    result = json.loads(out)
    assert code == 0 and result["ntk_limit_lambda_max"] == pytest.approx(expected[-1], rel=1e-12)
    assert result["delta"] == pytest.approx(0.1, abs=1e-12)
    path = tmp_path / "p.csv"
    path.write_text("1,0\n0,1\n")
    hostile = (["--data", str(path), "--n", "5"], ["--data", "digits", "--separation", "0.1"],
               ["--data", "synthetic", "--d-in", "1000000000"], ["--data", "synthetic", "--n", "1e400"])  # fmt: skip
    for extra in hostile:
        code, _, err = cli("kernel", *extra)
        assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize("data", ["synthetic", "file"])
def test_the_checker_reports_the_limit_beside_the_measured_kernel(cli, tmp_path, data):
    """At m = 4096 (4 seeds, n = 10) the measured ntk_lambda_min / m is within 5% of the limit."""
    import json

    pytest.importorskip("torch")
    args = ["--n", "10", "--d-in", "6"]
    if data == "file":
        path = tmp_path / "points.csv"
        rows = np.random.default_rng(4).standard_normal((10, 5))
        path.write_text("\n".join(",".join(repr(float(v)) for v in row) for row in rows) + "\n")
        args = ["--data", str(path)]
    code, out, err = cli(
        "check", *args, "--L", "2", "--m", "4096", "--seeds", "4", "--steps", "1", "--dtype", "float64",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    [row] = json.loads(out)
    assert row["ntk_lambda_min"] / 4096 == pytest.approx(row["ntk_limit_lambda_min"], rel=0.05)
    assert row["iterations_kernel"] is None or row["iterations_kernel"] > 0


@pytest.mark.parametrize("delta", [0.05, 0.3, 0.6])
def test_data_with_a_prescribed_separation_measure_exactly_that(delta):
    from boundcalc.data.sets import synthetic
    from boundcalc.data.sphere import separation

    for seed in (0, 1):
        data = synthetic(12, 8, 1, seed, separation=delta)
        assert separation(data.x) == pytest.approx(delta, abs=1e-12)
        assert np.allclose(np.linalg.norm(data.x, axis=1), 1.0) and np.allclose(data.x[:, -1], 1 / math.sqrt(2))
        # the close pair carries opposite labels: the case where δ decides the difficulty
        closest = np.unravel_index(np.argmin(_distances(data.x)), (12, 12))
        assert np.allclose(data.y[closest[0]], -data.y[closest[1]])


def _distances(x):
    gaps = np.linalg.norm(x[:, None] - x[None], axis=-1)
    return gaps + np.diag(np.full(len(x), np.inf))


def test_kernel_iterations_by_hand():
    from boundcalc.data.kernel import kernel_iterations

    # K = diag(1, ½), η·m = 1: the first mode is gone after one step, the second shrinks by ½ a step,
    # so E[F_t] = ½ · (½)^{2t} for t ≥ 1; ½·4^-t ≤ 1e-6 first at t = 10 (4^10 > 5·10^5 > 4^9)
    with np.errstate(all="raise"):
        assert kernel_iterations(np.diag([1.0, 0.5]), np.zeros((2, 2)), np.ones((2, 1)), 1.0, 1e-6) == 10
    assert kernel_iterations(np.diag([1.0, 0.5]), np.zeros((2, 2)), np.ones((2, 1)), 1.0, 1.0) == 0
    assert kernel_iterations(np.eye(2), np.zeros((2, 2)), np.ones((2, 1)), 1.0, 1e-6) == 1
    assert kernel_iterations(np.eye(2), np.zeros((2, 2)), np.ones((2, 1)), 2.5, 1e-6) is None  # beyond 2/λ


def test_check_reports_the_prescribed_separation(cli):
    import json

    pytest.importorskip("torch")
    code, out, _ = cli(
        "check", "--separation", "0.05", "--n", "12", "--L", "1", "--m", "32", "--steps", "2", "--seeds", "1",
        "--format", "json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)[0]["delta"] == pytest.approx(0.05, abs=1e-9)
    code, _, err = cli("check", "--separation", "0.05", "--min-separation", "0.1", "--m", "8", "--steps", "1")
    assert code == 2 and "separation" in err


def test_a_sweep_may_vary_the_separation_alone():
    from boundcalc.study.sweep_spec import parse_spec

    spec = parse_spec("[study]\nsteps = 10\n[grid]\nn = [8]\nseparation = [0.05, 0.1, 0.2, 0.4, 0.8]\n")
    assert [c.settings["separation"] for c in spec.cells] == [0.05, 0.1, 0.2, 0.4, 0.8]
    assert len({c.key for c in spec.cells}) == 5 and "δ=0.05" in spec.cells[0].label()


@pytest.mark.parametrize("n, dim", [(300, 4), (600, 40)])
def test_lanczos_extremes_agree_with_the_full_spectrum(n, dim):
    from boundcalc.data.spectrum import TOLERANCE, extreme_eigenvalues
    from boundcalc.data.stats import h_infinity

    x = normalise(np.random.default_rng(n).standard_normal((n, dim)))
    unit = x[:, :-1] / np.linalg.norm(x[:, :-1], axis=1, keepdims=True)
    for matrix in (h_infinity(unit), limit_ntk(x, 2)):
        exact = np.linalg.eigvalsh(matrix)
        low, high = extreme_eigenvalues(matrix.copy(), dense_rows=10)  # forced onto the large-n path
        assert low == pytest.approx(exact[0], rel=TOLERANCE, abs=n * 1e-15 * exact[-1])
        assert high == pytest.approx(exact[-1], rel=TOLERANCE)


def test_a_singular_kernel_has_lambda_min_zero_on_the_large_n_path():
    from boundcalc.data.spectrum import extreme_eigenvalues

    x = normalise(np.random.default_rng(0).standard_normal((50, 6)))
    x = np.vstack([x, x[:1]])  # a repeated row: K is singular up to the rounding of xᵢᵀxⱼ ≈ 1 (1e-9 here)
    exact = np.linalg.eigvalsh(limit_ntk(x, 1))
    low, high = extreme_eigenvalues(limit_ntk(x, 1), dense_rows=10)
    assert exact[0] < 1e-8 and low == pytest.approx(exact[0], rel=1e-6, abs=1e-12) and high == pytest.approx(exact[-1])
    # not positive definite to working precision: no Cholesky factor, so λ_min is reported as 0
    q, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((40, 40)))
    indefinite = (q * np.r_[-1e-13, np.linspace(1, 2, 39)]) @ q.T
    low, high = extreme_eigenvalues((indefinite + indefinite.T) / 2, dense_rows=10)
    assert low == 0.0 and high == pytest.approx(2.0)


def test_the_blockwise_gram_equals_the_whole_one(monkeypatch):
    import boundcalc.data.kernel as kernel_module

    x = normalise(np.random.default_rng(3).standard_normal((70, 5)))
    whole = limit_ntk(x, 3, train_all=True)
    monkeypatch.setattr(kernel_module, "BLOCK_BYTES", 8 * 70 * 8)  # a few rows per block
    blocks = limit_ntk(x, 3, train_all=True)
    assert np.allclose(blocks, whole, rtol=1e-14, atol=0) and np.allclose(blocks, blocks.T, rtol=1e-14, atol=0)


def test_the_cholesky_by_blocks_equals_the_direct_one(monkeypatch):
    import boundcalc.data.spectrum as spectrum
    from boundcalc.data.stats import h_infinity

    x = normalise(np.random.default_rng(5).standard_normal((700, 30)))
    unit = x[:, :-1] / np.linalg.norm(x[:, :-1], axis=1, keepdims=True)
    matrix = h_infinity(unit)
    exact = np.linalg.eigvalsh(matrix)[0]
    direct = np.linalg.cholesky(matrix).T  # upper U with UᵀU = H
    monkeypatch.setattr(spectrum, "THREADED_ROWS", 100)  # three levels of halving
    blocked = matrix.copy()
    spectrum._cholesky_in_place(blocked.T)
    assert np.allclose(np.triu(blocked.T), direct, rtol=0, atol=1e-10)
    assert spectrum.smallest_eigenvalue(matrix.copy(), dense_rows=10) == pytest.approx(exact, rel=1e-6)


def test_above_the_prediction_rows_the_checker_makes_no_kernel_prediction(cli, monkeypatch):
    """The prediction needs the limit kernel's n × n eigendecomposition: above the limit it is left out
    (None in JSON, a note in the text), and training still runs."""
    import json

    pytest.importorskip("torch")
    import boundcalc.check.results as results
    import boundcalc.check.summary as summary

    args = ["check", "--n", "12", "--L", "1", "--m", "16", "--seeds", "2", "--steps", "2"]
    code, out, _ = cli(*args, "--format", "json")
    assert code == 0 and json.loads(out)[0]["ntk_limit_lambda_min"] is not None
    monkeypatch.setattr(results, "KERNEL_PREDICTION_ROWS", 11)
    monkeypatch.setattr(summary, "KERNEL_PREDICTION_ROWS", 11)
    code, out, _ = cli(*args, "--format", "json")
    [row] = json.loads(out)
    assert code == 0 and row["ntk_limit_lambda_min"] is None and row["iterations_kernel"] is None
    code, out, _ = cli(*args)
    assert code == 0 and "no limit-kernel prediction" in out and "n = 12 > 11 rows" in out
