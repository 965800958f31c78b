"""The study's typed records: a cell and its runs round-trip from the rows a store gives, and a missing
or mistyped field is refused by name."""

from __future__ import annotations

import pytest

from boundcalc import InputError
from boundcalc.study.records import Cell, Fit, Run, Settings, StepPlan, cell_list, settings_line

SETTINGS = {
    "n": 16, "L": 2, "d": 1, "d_in": 16, "seeds": 2, "data": "synthetic", "success_fraction": 0.9,
    "steps": 300, "eps": 0.001, "lr": "theory", "lr_scale": 2048, "seed": 1, "separation": 0.5, "dtype": "float32",
}  # fmt: skip
PLAN = {"iterations_kernel": 50, "multiples": [3, 6], "step_cap": 400, "steps": 300, "steps_per_kernel": 6,
        "time_limited": False}  # fmt: skip


def _run(m: int, seed: int, reached_at: int) -> dict:
    trajectory = {"loss": [1.0, None, 1e-4], "grad_sq": [2.0, 1.0, 0.1], "movement_fro_rel": [0.0, 0.1, 0.2]}
    return {"cell": "k", "m": m, "seed": seed, "reached_at": reached_at, "diverged_at": -1, "delta": 0.5 - m / 1e3,
            "iterations_kernel": 40, "step_size": 0.01, "trajectory": trajectory, "seconds": 1.0}  # fmt: skip


ROWS = [_run(8, 0, -1), _run(8, 1, 120), _run(16, 0, 90), _run(16, 1, 200), _run(32, 0, 80), _run(32, 1, 100)]
CELL = {"cell": "k", "settings": SETTINGS, "provenance": {"steps_plan": PLAN}, "m_star": 16, "status": "found"}


def test_a_cell_reads_its_stored_row_and_runs_into_typed_fields():
    runs = [Run.from_row(row) for row in ROWS]
    cell = Cell.from_row(CELL, runs)
    assert (cell.key, cell.m_star, cell.status, cell.settings.n, cell.settings.lr_scale) == ("k", 16, "found", 16, 2048)
    assert cell.settings.stored == SETTINGS and cell.settings.rule == "2048× theory"
    assert cell.plan == StepPlan(time_limited=False, iterations_kernel=50, steps_per_kernel=6, multiples=(3, 6),
                                 step_cap=400)  # fmt: skip
    assert runs[1].loss == (1.0, None, 1e-4) and runs[1].movement == (0.0, 0.1, 0.2)
    assert cell.outcomes == {8: {0: -1, 1: 120}, 16: {0: 90, 1: 200}, 32: {0: 80, 1: 100}}
    assert cell.delta == ROWS[-1]["delta"] and cell.seeds == [0, 1]  # δ: the last run's, as the report read it
    assert cell.budgets() == [("3×", 150), ("6×", 300)]
    assert cell.censored_m_star(cell.seeds, 150) == (32.0, 0)  # at T = 150 seed 1 at m = 16 is too late
    assert cell.censored_m_star(cell.seeds, 300) == (16.0, 0) and cell.m_star_largest() == 16
    assert not cell.non_monotone(300) and not cell.time_limited
    assert Cell.from_row(CELL, runs) == cell  # the same rows give the same record


def test_the_text_of_a_store_of_cells_reads_the_typed_settings():
    cell = Cell.from_row(CELL, [Run.from_row(row) for row in ROWS])
    assert cell_list([cell]) == "n=16 L=2 d=1 δ=0.5"
    assert settings_line([cell]).startswith("p = 0.9 of 2 seeds reach F ≤ 0.001 within T steps, T = 3×, 6× the steps")
    assert Fit("width m* (T = 6×)", 3, 0).budget == "6×"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"steps": None}, r"settings\['steps'\] has the wrong type"),
        ({"n": "16"}, r"settings\['n'\] has the wrong type"),
        ({"eps": True}, r"settings\['eps'\] has the wrong type"),
    ],
)
def test_a_mistyped_setting_is_refused_by_name(change, message):
    with pytest.raises(InputError, match=message):
        Cell.from_row({**CELL, "settings": {**SETTINGS, **change}}, [])


def test_a_missing_field_is_refused_by_name():
    settings = {k: v for k, v in SETTINGS.items() if k != "d_in"}
    with pytest.raises(InputError, match=r"cell 'k' settings has no 'd_in'"):
        Cell.from_row({**CELL, "settings": settings}, [])
    with pytest.raises(InputError, match="has no 'status'"):
        Cell.from_row({k: v for k, v in CELL.items() if k != "status"}, [])
    with pytest.raises(InputError, match=r"run \(cell 'k', m 8, seed 0\) has no 'reached_at'"):
        Run.from_row({k: v for k, v in ROWS[0].items() if k != "reached_at"})
    with pytest.raises(InputError, match=r"trajectory\['grad_sq'\] has the wrong type"):
        Run.from_row({**ROWS[0], "trajectory": {**ROWS[0]["trajectory"], "grad_sq": "none"}})
    with pytest.raises(InputError, match="time_limited"):
        StepPlan.from_row({k: v for k, v in PLAN.items() if k != "time_limited"})


def test_optional_settings_take_the_defaults_the_report_assumed():
    bare = {k: v for k, v in SETTINGS.items() if k not in ("lr", "lr_scale", "seed", "separation")}
    settings = Settings.from_row(bare)
    assert (settings.lr, settings.lr_scale, settings.seed, settings.separation) == (None, 1.0, 0, None)
    assert settings.rule == "None" and settings.draws_key() == Settings.from_row({**bare, "seed": 3}).draws_key()
