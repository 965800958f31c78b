"""Data statistics right at the edges: δ = 0 exactly for duplicates and parallel rows, and then no
finite δ-based value anywhere; δ limited to (0, √2]; ordinary δ equal to a brute-force computation."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest

from boundcalc import REGISTRY, InputError, width
from boundcalc.data.sphere import normalise, separation
from boundcalc.theory.symbols import LARGEST_SEPARATION

ROWS = [[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.5], [0.3, -0.2, 0.9]]


def _brute_force(x: np.ndarray) -> float:
    return min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(x, 2))


@pytest.mark.parametrize(
    "extra", [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1e-3, 2e-3, 3e-3]], ids=["duplicate", "x2", "tiny"]
)
def test_duplicates_and_parallel_rows_give_zero_exactly(extra):
    assert separation(normalise(np.array([*ROWS, extra]))) == 0.0


@pytest.mark.parametrize("seed", range(5))
def test_ordinary_data_agree_with_brute_force(seed):
    rng = np.random.default_rng(seed)
    raw = rng.standard_normal((60, 7))
    raw[-1] = raw[0] + 1e-6 * rng.standard_normal(7)  # a close pair, where the Gram trick cancels badly
    x = normalise(raw)
    assert separation(x) == pytest.approx(_brute_force(x), rel=0, abs=1e-12)


@pytest.mark.parametrize("extra", [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]], ids=["duplicate", "parallel"])
def test_compare_on_such_data_reports_no_finite_delta_based_width(cli, tmp_path, extra):
    data = tmp_path / "points.csv"
    data.write_text("\n".join(",".join(map(str, row)) for row in [*ROWS, extra]) + "\n")
    code, out, _ = cli("compare", "--data", str(data), "--L", "3", "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["data"]["delta"] == 0.0
    for record in result["results"]:
        for quantity in ("width", "step_size", "iterations"):
            value = record[quantity]
            reads_delta = "delta" in REGISTRY[record["theorem"]].quantity(quantity).needs if value else False
            if record["theorem"].startswith("als19") and reads_delta:  # no finite δ-based value
                assert value == {"infinite": "δ = 0"} or "incomplete" in value, (record["theorem"], quantity, value)


def test_delta_is_limited_to_root_two():
    assert width(n=10, L=1, delta=LARGEST_SEPARATION, log_power=0).log10 > 0
    with pytest.raises(InputError, match="√2"):
        width(n=10, L=1, delta="1.4142135623730952")  # just above √2, exactly as a fraction
    from fractions import Fraction

    assert Fraction(LARGEST_SEPARATION) ** 2 < 2 < Fraction(math.sqrt(2.0)) ** 2


def test_delta_above_root_two_is_one_line(cli):
    code, out, err = cli("width", "--n", "10", "--L", "1", "--delta", "1.5")
    assert code == 2 and out == "" and "√2" in err and err.count("\n") == 1


@pytest.mark.parametrize("scale", [1e300, 1e-300, 1e-320])
def test_rows_at_the_edge_of_floats_are_rescaled_not_collapsed(tmp_path, scale):
    """Rows of 1e300 (or subnormal 1e-320) give the δ of the same rows at scale 1, not 0."""
    from boundcalc.data.stats import measure

    rows = np.array([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0], [2.0, 3.0, 1.0]])
    path = tmp_path / "edge.csv"
    path.write_text("\n".join(",".join(repr(float(v) * scale) for v in row) for row in rows) + "\n")
    unit = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    points = np.hstack([unit, np.ones((3, 1))]) / math.sqrt(2.0)
    brute = min(np.linalg.norm(points[i] - points[j]) for i in range(3) for j in range(i + 1, 3))
    summary = measure(str(path))
    assert summary.delta == pytest.approx(brute, abs=1e-12)
    inner = np.clip(unit @ unit.T, -1, 1)
    h_infinity = inner * (math.pi - np.arccos(inner)) / (2 * math.pi)
    np.fill_diagonal(h_infinity, 0.5)
    assert summary.lambda0 == pytest.approx(np.linalg.eigvalsh(h_infinity)[0], abs=1e-12)


@pytest.mark.parametrize("d", [3, 40], ids=["kd-tree", "row-blocks"])
def test_separation_of_many_rows_agrees_with_an_independent_brute_force(d):
    """Beyond SMALL rows δ comes from a KD-tree or float32 row blocks: exact all the same."""
    from scipy.spatial.distance import pdist

    from boundcalc.data.sphere import SMALL

    rng = np.random.default_rng(d)
    x = normalise(rng.standard_normal((SMALL + 700, d)))
    assert separation(x) == pytest.approx(pdist(x).min(), abs=1e-12)
    x[SMALL + 600] = x[11]  # an exact duplicate far apart in the file
    assert separation(x) == 0.0
    x[SMALL + 600] = x[11] * (1 + 1e-15)
    assert separation(x) == pytest.approx(pdist(x).min(), abs=1e-12)
    x[SMALL + 600] = x[SMALL + 600][::-1]
    x[-1] = x[-2] + 1e-7  # the closest pair inside the last, partial block
    assert separation(x) == pytest.approx(pdist(x).min(), abs=1e-12) and separation(x) < 1e-6


def test_the_rows_whose_kernel_fits_are_counted_before_allocating():
    from boundcalc.data.kernel import MAX_KERNEL_ROWS
    from boundcalc.data.stats import kernel_points_that_fit

    rows = 3000  # 1.6 n² doubles and half a GiB to spare
    memory = (1 << 29) + int(8 * 1.6 * rows**2)
    assert kernel_points_that_fit(memory) == rows and kernel_points_that_fit(memory - 1000) == rows - 1
    assert kernel_points_that_fit(None) == MAX_KERNEL_ROWS == kernel_points_that_fit(1 << 50)
    assert kernel_points_that_fit(0) == 0


@pytest.mark.parametrize("tiles", [(512, 4096), (64, 96), (7, 5)])
def test_screened_separation_is_exact_for_clusters_grids_and_duplicates(monkeypatch, tiles):
    """The float32 screen keeps every pair that could be closest, whatever the tiles: a tight cluster
    far from the origin (where ‖x‖² − 2x·y would cancel to noise without centring), a grid where
    many pairs tie, and many equal rows."""
    from scipy.spatial.distance import pdist

    from boundcalc.data import sphere

    monkeypatch.setattr(sphere, "TILE_ROWS", tiles[0])
    monkeypatch.setattr(sphere, "TILE_COLUMNS", tiles[1])
    rng = np.random.default_rng(sum(tiles))
    cluster = normalise(np.ones(20) + 1e-5 * rng.standard_normal((300, 20)))
    grid = np.stack(np.meshgrid(*[np.arange(3.0)] * 5), axis=-1).reshape(-1, 5) @ rng.standard_normal((5, 20))
    for x in (cluster, grid):
        assert sphere._screened_separation(x, np.float32) == pytest.approx(pdist(x).min(), rel=1e-12)
    same = np.repeat(cluster[:3], 200, axis=0)
    assert sphere._screened_separation(same, np.float32) == 0.0


def test_separation_of_raw_rows_at_any_scale_is_exact_and_non_finite_rows_are_refused():
    """The screen works on rows scaled by a power of two: rows of 1e20 (whose squares overflow a
    float32) and of 1e-21 (whose squares underflow it) give the closest pair all the same."""
    from scipy.spatial.distance import pdist

    from boundcalc.errors import InputError

    rng = np.random.default_rng(9)
    for scale in (1e20, 1e-21):
        x = rng.standard_normal((2049, 17)) * scale  # beyond SMALL, more than a KD-tree's coordinates
        x[100] = x[2000] + scale * 1e-6 * rng.standard_normal(17)  # one pair far closer than the rest
        assert separation(x) == pytest.approx(pdist(x).min(), rel=1e-12)
    x[5, 3] = np.nan
    with pytest.raises(InputError, match="finite"):
        separation(x)


def test_many_tied_pairs_are_recomputed_in_bounded_memory():
    """One-hot rows: every pair ties for the closest, so every pair is a candidate; their float64
    distances are taken a bounded chunk at a time (all at once was n²·d doubles, 860 MB here)."""
    import tracemalloc

    x = np.eye(600)
    tracemalloc.start()
    try:
        delta = separation(x)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert delta == pytest.approx(np.sqrt(2.0), rel=1e-15) and peak < 200 * 2**20
