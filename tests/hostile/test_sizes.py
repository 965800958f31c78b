"""Sizes checked before work (issue 26, items 8 and 10): memory estimated before allocating, point
placement bounded by a proven packing limit, spec checks linear in the spec, seeds that fit 64 bits."""

from __future__ import annotations

import importlib.util
import itertools
import math
import warnings

import numpy as np
import pytest

from boundcalc.check import data
from boundcalc.check.config import MAX_SEED, SEED_STRIDE, CheckConfig
from boundcalc.data import sets, sphere
from boundcalc.errors import InputError
from boundcalc.study.sweep_spec import parse_spec

needs_torch = pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="needs torch")


def test_data_beyond_free_memory_is_refused_before_allocating(monkeypatch):
    monkeypatch.setattr(sets, "available_memory", lambda: 4 * 2**30)
    config = CheckConfig(n=100_000, d_in=20_000, widths=(8,), steps=1)
    with pytest.raises(InputError, match=r"needs about 74\.5 GiB; this machine has 4\.0 GiB free"):
        data.load(config)
    data.load(CheckConfig(n=1000, d_in=20, widths=(8,)))  # well within it


@needs_torch
def test_check_of_a_huge_data_set_is_refused_in_one_line(cli, monkeypatch):
    monkeypatch.setattr(sets, "available_memory", lambda: 4 * 2**30)
    code, out, err = cli("check", "--n", "100000", "--d-in", "20000", "--m", "8", "--steps", "1")
    assert code == 2 and out == "" and "GiB" in err and err.count("\n") == 1, err


@pytest.mark.parametrize(
    "d_in, separation, known",
    [
        (2, 0.5, 2),  # one coordinate: u = ±1
        (3, 1.0, 4),  # the circle at 90°: a square
        (3, 0.3, 14),  # ⌊2π / (2·asin(0.3/√2))⌋ = ⌊14.70⌋
        (4, 1.0, 6),  # S² at 90°: the octahedron, and the cap bound is exactly 6 here
        (4, math.sqrt(2), 2),  # antipodal only
        (5, 1.0, 8),  # S³ at 90°: the cross-polytope's 8 (the cap bound, 11, is above it)
    ],
)
def test_the_packing_limit_is_never_below_a_known_packing(d_in, separation, known):
    assert sphere.packing_limit(d_in, separation) >= known
    if d_in <= 3:
        assert sphere.packing_limit(d_in, separation) == known  # exact on a circle and with one coordinate


@pytest.mark.parametrize(
    "n, d_in, separation, why",
    [(100_000, 3, 0.01, "at most 444 can"), (3, 2, 1.4, "at most 2 can"), (20_000, 50, 0.1, "compares at least")],
)
def test_infeasible_placements_are_refused_before_any_point_is_drawn(monkeypatch, n, d_in, separation, why):
    monkeypatch.setattr(np.random, "default_rng", _no_draws)
    with pytest.raises(InputError, match=why):
        sets.synthetic(n, d_in, 1, 0, min_separation=separation)
    with pytest.raises(InputError, match=why):
        sets.synthetic(n, d_in, 1, 0, separation=separation)


def _no_draws(*_):
    raise AssertionError("points were drawn for a placement the packing limit refuses")


def test_a_feasible_placement_is_still_made_and_separated():
    x = sets.synthetic(14, 3, 1, 0, min_separation=0.1).x
    distances = [np.linalg.norm(a - b) for a, b in itertools.combinations(x, 2)]
    assert min(distances) >= 0.1


@needs_torch
def test_a_sweep_cell_that_cannot_be_placed_is_refused(cli, tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text("[study]\nseeds = 1\nd_in = 2\n[grid]\nn = [100000]\nseparation = [1.4]\n")
    code, out, err = cli("sweep", str(spec), "--store", str(tmp_path / "s.sqlite"))
    assert code == 2 and "at most 2 can" in err and err.count("\n") == 1, err
    assert not (tmp_path / "s.sqlite").exists()  # refused with the spec, before the store is touched


def test_spec_planning_cost_is_refused_before_any_kernel_is_formed(monkeypatch):
    from boundcalc.study import sweep_spec

    monkeypatch.setattr(sweep_spec, "_step_plan", _no_plan)
    text = '[study]\nsteps_per_kernel = 5\nlr = "auto"\n[grid]\nn = [4000]\nL = [1000]\n'
    with pytest.raises(InputError, match=r"Σ n²·L = 1\.60e\+10"):
        parse_spec(text)


def _no_plan(*_):
    raise AssertionError("a kernel was formed for a spec refused on its size")


def test_the_kernel_command_at_the_largest_separation_in_two_dimensions_warns_nothing(cli):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, out, err = cli(
            "kernel", "--data", "synthetic", "--n", "2", "--d-in", "2", "--separation", repr(math.sqrt(2))
        )
    assert code == 0 and "δ = 1.41421" in out and err == "", err


def test_every_seed_accepted_gives_networks_seeds_within_64_bits():
    assert (MAX_SEED * SEED_STRIDE + 1023) < 2**63
    CheckConfig(seed=MAX_SEED)
    with pytest.raises(InputError, match="seed must be a whole number"):
        CheckConfig(seed=MAX_SEED + 1)


@needs_torch
def test_check_seed_1e14_is_refused(cli):
    code, _, err = cli("check", "--seed", "1e14", "--n", "4", "--m", "4", "--steps", "1", "--seeds", "1")
    assert code == 2 and "seed" in err and "unexpected" not in err, err


def test_a_csv_is_parsed_in_memory_near_its_values_size(tmp_path):
    import tracemalloc

    from boundcalc.data.files import read_array

    rows, columns = 50_000, 4
    path = tmp_path / "big.csv"
    path.write_text("\n".join(",".join(f"{(i * 7 + j) % 1000 / 7:.6f}" for j in range(columns)) for i in range(rows)))
    tracemalloc.start()
    try:
        parsed = read_array(path, "data")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parsed.shape == (rows, columns) and parsed[1, 2] == pytest.approx(9 / 7, abs=1e-6)
    assert peak < 3 * parsed.nbytes  # a list of strings per cell took about 18 times the values


def test_a_ragged_csv_names_its_row(tmp_path):
    from boundcalc.data.files import read_array

    path = tmp_path / "ragged.csv"
    path.write_text("1,2\n\n3,4\n5\n")
    with pytest.raises(InputError, match="row 4 has 1 columns, the first 2"):
        read_array(path, "data")


def test_an_npy_of_narrow_values_beyond_the_cap_is_refused_before_widening(tmp_path, monkeypatch):
    from boundcalc.data import files

    path = tmp_path / "narrow.npy"
    np.save(path, np.ones((1000, 100), dtype=np.int8))
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 200_000)  # the file (100 kB) fits, its float64 (800 kB) not
    with pytest.raises(InputError, match="100000 values"):
        files.read_array(path, "data")
