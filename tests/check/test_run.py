"""The checker end to end: convergence, reproducibility, divergence, data and bad arguments."""

import json

import numpy as np
import pytest

pytest.importorskip("torch")

from boundcalc import InputError  # noqa: E402
from boundcalc.check import CheckConfig, digits, from_file, run_check, separation, synthetic  # noqa: E402

SMALL = dict(n=8, depth=2, widths=(128,), d_in=6, seeds=3, steps=3000, eps=1e-3)


@pytest.fixture(scope="module")
def small_report():
    return run_check(CheckConfig(**SMALL))


def test_small_case_reaches_eps(small_report):
    row = small_report.rows()[0]
    assert row["success_rate"] == 1.0
    assert row["final_loss_median"] <= 1e-3
    assert 0 < row["iterations_median"] <= 3000
    assert row["diverged"] == 0
    # the linearised model's prediction of the rate is close to what training shows
    assert 0 < row["rate_observed"] < 1 and abs(row["rate_observed"] - row["rate_predicted"]) < 0.05
    assert row["ntk_lambda_min"] > 0 and row["ntk_lambda_max"] >= row["ntk_lambda_min"]
    assert row["grad_ratio_lower"] > 0 and row["grad_ratio_upper"] > 0
    assert 0 < row["movement_fro_rel"] < 1
    assert row["looseness_log10"]["width"] > 10 and row["looseness_log10"]["iterations"] > 0


def test_json_keys_and_records(small_report):
    row = small_report.rows()[0]
    for key in (
        "m",
        "success_rate",
        "iterations_median",
        "final_loss_median",
        "grad_ratio_lower",
        "grad_ratio_upper",
        "movement_fro",
        "movement_fro_rel",
        "movement_spec_max",
        "ntk_lambda_min",
        "ntk_lambda_max",
        "delta",
        "theory",
        "looseness_log10",
        "settings",
        "provenance",
    ):
        assert key in row, key
    assert row["settings"]["seed"] == 0 and row["provenance"]["torch"]
    assert row["delta"] == pytest.approx(separation(synthetic(8, 6, 1, 0).x))
    json.dumps(row)  # everything serialises


def test_same_seed_same_numbers(small_report):
    again = run_check(CheckConfig(**SMALL)).rows()[0]
    first = small_report.rows()[0]
    for key in ("iterations_median", "final_loss_median", "grad_ratio_lower", "movement_fro", "ntk_lambda_min"):
        assert again[key] == first[key], key


def test_huge_step_is_reported_as_diverged():
    row = run_check(CheckConfig(**{**SMALL, "steps": 50}, lr=1e4)).rows()[0]
    assert row["diverged"] == 3 and row["success_rate"] == 0.0


def test_sgd_and_train_all_run():
    row = run_check(CheckConfig(**{**SMALL, "steps": 200}, batch=4, train_all=True)).rows()[0]
    assert row["theory"]["theorem"] == "als19-sgd" and row["final_loss_median"] is not None


def test_lr_search_finds_a_stable_step_above_theory():
    row = run_check(CheckConfig(**{**SMALL, "steps": 100}, lr_search=True)).rows()[0]
    assert row["stable_step"] >= row["step_size"]
    assert row["looseness_log10"]["step_size"] > 0


def test_synthetic_data_follow_the_paper():
    data = synthetic(30, 5, 3, seed=4)
    np.testing.assert_allclose(np.linalg.norm(data.x, axis=1), 1.0)
    np.testing.assert_allclose(data.x[:, -1], 1 / np.sqrt(2))
    np.testing.assert_allclose(np.linalg.norm(data.y, axis=1), 1.0)
    assert separation(synthetic(30, 5, 1, seed=4, min_separation=0.5).x) >= 0.5
    with pytest.raises(InputError, match="do not fit"):  # beyond the packing limit: refused before drawing
        synthetic(200, 3, 1, seed=0, min_separation=1.3)
    with pytest.raises(InputError, match="could not place"):  # within the limit (11) but above the truth (8)
        synthetic(10, 5, 1, seed=0, min_separation=1.0)
    with pytest.raises(InputError, match="√2"):  # no two such points are further apart than √2
        synthetic(2, 3, 1, seed=0, min_separation=1.5)


def test_digits_and_files(tmp_path):
    data = digits(40, seed=0)
    assert data.x.shape == (40, 65) and data.y.shape == (40, 10)
    np.testing.assert_allclose(np.linalg.norm(data.x, axis=1), 1.0)
    points = np.random.default_rng(0).standard_normal((12, 3))
    np.save(tmp_path / "x.npy", points)
    np.savetxt(tmp_path / "x.csv", points, delimiter=",")
    np.savetxt(tmp_path / "y.csv", np.arange(12) % 3, delimiter=",")
    a, b = from_file(tmp_path / "x.npy", 2, 0), from_file(tmp_path / "x.csv", 2, 0, tmp_path / "y.csv")
    np.testing.assert_allclose(a.x, b.x)
    assert b.y.shape == (12, 3)
    duplicated = np.vstack([points, points[:1]])
    np.save(tmp_path / "dup.npy", duplicated)
    report = run_check(CheckConfig(n=13, depth=1, widths=(16,), seeds=1, steps=5, data=str(tmp_path / "dup.npy")))
    assert report.delta == 0 and report.rows()[0]["theory"]["log10_width"] is None


def test_cli_json(cli):
    code, out, err = cli(
        "check",
        "--n",
        "8",
        "--L",
        "2",
        "--m",
        "32,64",
        "--d-in",
        "6",
        "--seeds",
        "2",
        "--steps",
        "20",
        "--format",
        "json",
    )
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["m"] for r in rows] == [32, 64]


def test_cli_text_and_bound_refusal(cli):
    code, out, _ = cli("check", "--n", "8", "--L", "2", "--m", "32", "--d-in", "6", "--seeds", "2", "--steps", "20")
    assert code == 0 and "‖∇F‖²/(F·δm/dn²)" in out and "smallest width" in out
    code, out, err = cli("check", "--n", "8", "--L", "2", "--m", "bound", "--d-in", "6", "--seeds", "2")
    assert code == 2 and "this machine holds at most m =" in err and err.count("\n") == 1


def test_cli_bound_with_a_conjectured_exponent_trains(cli):
    code, out, err = cli(
        "check",
        "--n",
        "8",
        "--L",
        "2",
        "--m",
        "bound",
        "--d-in",
        "6",
        "--seeds",
        "2",
        "--steps",
        "10",
        "--exp",
        "n=2",
        "--exp",
        "L=0",
        "--exp",
        "delta=0",
        "--log-power",
        "0",
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)[0]["m"] == 64


@pytest.mark.parametrize(
    "args",
    [
        ["--n", "0"],
        ["--n", "2.5"],
        ["--m", "64,abc"],
        ["--m", ""],
        ["--seeds", "0"],
        ["--steps", "-1"],
        ["--steps", "theory"],
        ["--eps", "0"],
        ["--lr", "fast"],
        ["--lr", "-1"],
        ["--batch", "100"],
        ["--data", "/nonexistent.npy"],
        ["--data", "digits", "--n", "5000"],
        ["--labels", "x.csv"],
        ["--device", "tpu"],
        ["--min-separation", "3"],
        ["--success-fraction", "2"],
        ["--m", "100000000"],
    ],
)
def test_cli_bad_arguments(cli, args):
    code, out, err = cli("check", "--steps", "5", "--seeds", "1", "--m", "16", *args)
    assert code == 2, (args, err)
    assert err.count("\n") == 1 and err.startswith("boundcalc: error: ") and out == ""


@pytest.mark.parametrize("content", ["", "1,2\n3\n", "a,b\nc,d\n", "1,nan\n2,3\n"])
def test_cli_bad_data_files(cli, tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    code, _, err = cli("check", "--steps", "5", "--seeds", "1", "--m", "16", "--data", str(path))
    assert code == 2 and err.count("\n") == 1


@pytest.mark.skipif(not __import__("torch").cuda.is_available(), reason="needs a CUDA device")
def test_cuda_small_case_reaches_eps_like_cpu(small_report):
    row = run_check(CheckConfig(**SMALL, device="cuda", dtype="float64")).rows()[0]
    cpu = run_check(CheckConfig(**SMALL, dtype="float64")).rows()[0]
    assert row["success_rate"] == 1.0 and row["provenance"]["device"].startswith("cuda")
    assert row["iterations_median"] == cpu["iterations_median"]
    assert row["ntk_lambda_min"] == pytest.approx(cpu["ntk_lambda_min"], rel=1e-9)


def test_dead_networks_and_nan_weights_are_outcomes_not_crashes():
    # depth 6 at width 2: every ReLU dies for some seeds, λ_max(Θ) = 0 and the auto step is 0
    report = run_check(CheckConfig(n=6, depth=6, widths=(2,), d_in=4, seeds=4, steps=20))
    dead = [r for r in report.seed_rows() if r["ntk_lambda_max"] == 0]
    assert dead and all(r["step_size"] == 0 and r["reached_at"] == -1 for r in dead)
    # a step so large the weights overflow to inf/nan: reported as diverged, measured without crashing
    row = run_check(CheckConfig(n=6, depth=3, widths=(300,), d_in=4, seeds=2, steps=30, lr=1e30)).rows()[0]
    assert row["diverged"] == 2
