"""Sweep specifications (checks/*.toml), checked field by field before any work starts.

[study]                      # settings shared by every cell
name = "default"
seeds = 4                    # networks per width; success = share of them reaching eps
eps = 1e-3
steps = 2000                 # T: at most this many steps per run
steps_per_kernel = 0         # if > 0, T = this × the kernel-limit prediction of the iterations at the
                             # cell's step, capped at steps; a capped cell is marked time-limited. A list
                             # ([3, 6, 16]): runs at the largest, m*(T) reported at every one of them
lr = "auto"                  # auto | theory (the theorem's η × lr_scale) | a number
lr_scale = 1.0               # with lr = "theory": η ∝ the theorem's step, this its constant
success_fraction = 0.9       # p: m* is the smallest width where at least p of the seeds reach eps
min_width = 4                # the search for m* starts here and doubles ...
max_width = 2048             # ... up to here (m* > max_width is reported as such)
resolution = 0.1             # bisection stops once high/low − 1 ≤ resolution
data = "synthetic"           # synthetic | digits
d_in = 10
d = 1
dtype = "float32"
seed = 0                     # data and weights; a grid over seed gives several data draws per cell

[grid]                       # lists: one cell per combination
n = [10, 20, 40]
L = [1, 2]

Several [[grid]] tables instead of one [grid] give the union of their cells (a cell in two is one),
e.g. an n axis at one δ beside a δ axis at one n.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from boundcalc.check.config import CheckConfig
from boundcalc.errors import InputError
from boundcalc.parsing.files import read_text
from boundcalc.parsing.toml import parse_toml

_STUDY_DEFAULTS = {
    "name": "study",
    "seeds": 4,
    "eps": 1e-3,
    "steps": 2000,
    "lr": "auto",
    "lr_scale": 1.0,
    "success_fraction": 0.9,
    "min_width": 4,
    "max_width": 2048,
    "resolution": 0.1,
    "data": "synthetic",
    "d_in": 10,
    "d": 1,
    "dtype": "float32",
    "seed": 0,
    "record_every": 0,
    "steps_per_kernel": 0,
}
MAX_CELLS = 10_000
STEP_PLAN_ROWS = 8192  # steps_per_kernel forms (and eigendecomposes) the n×n limit kernel of every cell
STEP_PLAN_WORK = 2 * 10**9  # Σ n²·L over the cells: the kernels' cost (seconds, not minutes, before training)
_SEARCH_FIELDS = ("name", "min_width", "max_width", "resolution", "steps_per_kernel")
MAX_SPEC_BYTES = 1 << 20
_GRID_FIELDS = ("n", "L", "d", "d_in", "data", "seeds", "eps", "steps", "lr", "lr_scale", "separation", "seed")


@dataclass(frozen=True)
class Cell:
    """One point of the grid with every setting its runs use, and how its step budget T was chosen."""

    settings: dict
    plan: dict | None = None  # {iterations_kernel, steps_per_kernel, step_cap, time_limited}, or None

    @property
    def key(self) -> str:
        text = json.dumps(self.settings, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def label(self) -> str:
        s = self.settings
        delta = f" δ={s['separation']:g}" if s.get("separation") is not None else ""
        return f"n={s['n']} L={s['L']} d={s['d']} d_in={s['d_in']} {s['data']}{delta}"


@dataclass(frozen=True)
class Spec:
    name: str
    study: dict
    cells: tuple[Cell, ...]
    path: str = ""


def _check_value(field: str, value, where: str):
    def fail(message: str) -> InputError:
        return InputError(f"{where}: {field} {message}, got {value!r}")

    integer = isinstance(value, int) and not isinstance(value, bool)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if field in ("n", "L", "d", "d_in", "seeds", "min_width", "max_width"):
        if not integer or value < (2 if field == "d_in" else 1) or value > 10**6:
            raise fail("must be a whole number in range")
    elif field in ("steps", "record_every", "seed"):
        if not integer or not 0 <= value <= 10**8:
            raise fail("must be a whole number ≥ 0")
    elif field == "steps_per_kernel":
        values = value if isinstance(value, list) else [value]
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if not values or not numbers or not all(0 <= v <= 10**4 for v in values) or (len(values) > 1 and 0 in values):
            raise fail("must be a number in [0, 10000] or a list of positive ones")
        if len(set(values)) != len(values):
            raise fail("repeats a multiple")
    elif field == "lr_scale":
        if not number or not 0 < value <= 1e12:
            raise fail("must be a positive number")
    elif field == "eps":
        if not number or not value > 0:
            raise fail("must be a positive number")
    elif field in ("success_fraction",):
        if not number or not 0 < value <= 1:
            raise fail("must lie in (0, 1]")
    elif field == "resolution":
        if not number or not 0 < value <= 1:
            raise fail("must lie in (0, 1]")
    elif field == "lr":
        if not (value in ("auto", "theory") or (number and value > 0)):
            raise fail("must be auto, theory or a positive number")
    elif field == "separation":  # a δ axis: synthetic data whose measured δ is this value
        if not number or not 0 < value <= 2**0.5:
            raise fail("must lie in (0, √2]")
    elif field == "data":
        if value not in ("synthetic", "digits"):
            raise fail("must be synthetic or digits")
    elif field == "dtype":
        if value not in ("float32", "float64"):
            raise fail("must be float32 or float64")
    elif field == "name":
        if not isinstance(value, str) or not value:
            raise fail("must be text")
    return value


def parse_spec(text: str, where: str = "spec") -> Spec:
    data = parse_toml(text, where)
    unknown = set(data) - {"study", "grid"}
    if unknown:
        raise InputError(f"{where}: unknown table {sorted(unknown)[0]!r} (only [study] and [grid])")
    study_in, grids = data.get("study", {}), data.get("grid", {})
    grids = grids if isinstance(grids, list) else [grids]  # [[grid]] tables: the union of their cells
    if not isinstance(study_in, dict) or not grids or not all(isinstance(g, dict) for g in grids):
        raise InputError(f"{where}: [study] and [grid] (or [[grid]]) must be tables")
    for field in study_in:
        if field not in _STUDY_DEFAULTS:
            raise InputError(f"{where}: unknown field study.{field}")
    study = {**_STUDY_DEFAULTS, **study_in}
    for field, value in study.items():
        _check_value(field, value, where)
    if study["min_width"] > study["max_width"]:
        raise InputError(f"{where}: study.min_width must not exceed study.max_width")
    combos = [combo for grid in grids for combo in _grid_combinations(grid, study_in, where)]
    if len(combos) > MAX_CELLS:
        raise InputError(f"{where}: {len(combos)} cells is more than {MAX_CELLS}")
    checked = []
    for combo in combos:
        settings = {k: v for k, v in study.items() if k not in _SEARCH_FIELDS}
        settings.update(combo)
        try:
            checked.append((settings, CheckConfig.from_settings(settings)))  # every cell valid before any work
        except InputError as error:
            raise InputError(f"{where}: cell {Cell(settings).label()}: {error}") from None
    if study["steps_per_kernel"]:
        work = sum(config.n**2 * config.depth for _, config in checked)
        if work > STEP_PLAN_WORK:
            raise InputError(
                f"{where}: steps_per_kernel forms each cell's limit kernel, Σ n²·L = {work:.2e} operations "
                f"over the cells, more than {STEP_PLAN_WORK:.0e}: lower n or L, or set steps instead"
            )
    cells: dict[str, Cell] = {}
    for settings, config in checked:
        try:
            plan = _step_plan(config, study["steps_per_kernel"]) if study["steps_per_kernel"] else None
        except InputError as error:
            raise InputError(f"{where}: cell {Cell(settings).label()}: {error}") from None
        if plan is not None:
            settings["steps"] = plan["steps"]
        cell = Cell(settings, plan)
        cells.setdefault(cell.key, cell)  # a cell in two grids is one cell
    return Spec(study["name"], study, tuple(cells.values()))


def _grid_combinations(grid: dict, study_in: dict, where: str) -> list[dict]:
    for field in grid:
        if field not in _GRID_FIELDS:
            raise InputError(f"{where}: unknown field grid.{field} (a grid may vary {', '.join(_GRID_FIELDS)})")
    if "n" not in grid and "n" not in study_in:
        raise InputError(f"{where}: grid.n is required")
    axes = {}
    for field, values in grid.items():
        values = values if isinstance(values, list) else [values]
        if not values:
            raise InputError(f"{where}: grid.{field} is empty")
        axes[field] = [_check_value(field, v, f"{where} grid") for v in values]
        if len({json.dumps(v) for v in values}) != len(values):
            raise InputError(f"{where}: grid.{field} repeats a value; each value is one cell")
    axes.setdefault("L", [study_in.get("L", 1)])
    if math.prod(len(values) for values in axes.values()) > MAX_CELLS:
        raise InputError(f"{where}: more than {MAX_CELLS} cells")
    return [dict(zip(axes, combo)) for combo in itertools.product(*axes.values())]


def _step_plan(config: CheckConfig, per_kernel: float | list) -> dict:
    """T for a cell: the largest multiple × the iterations the linearised network at the limit kernel
    needs with the cell's step, capped at the spec's steps. lr auto's step is 1/λ_max of Θ ≈ m·K, so
    η·m = 1/λ_max(K); the theorem's η (× lr_scale) is ∝ 1/m, so η·m is read at m = 1; a fixed η has
    no η·m without a width, and is refused."""
    from boundcalc.check.data import load as load_data
    from boundcalc.data.kernel import LinearisedDynamics, limit_ntk, output_kernel

    dataset = load_data(config)
    if dataset.n * dataset.d > STEP_PLAN_ROWS:
        raise InputError(f"steps_per_kernel forms an n×n kernel; n·d = {dataset.n * dataset.d} > {STEP_PLAN_ROWS}")
    cap = int(config.steps)  # a spec's steps are whole numbers (checked above)
    x = np.asarray(dataset.x, dtype=np.float64)
    block = limit_ntk(x, config.depth, dataset.d, config.train_all)
    dynamics = LinearisedDynamics.of(block, output_kernel(x, config.depth) / dataset.d, dataset.y)
    predicted = dynamics.iterations(_step_times_width(config, dataset, float(dynamics.values[-1])), config.eps)
    multiples = sorted(per_kernel) if isinstance(per_kernel, list) else [per_kernel]
    wanted = cap if predicted is None else max(1, math.ceil(multiples[-1] * predicted))
    return {
        "iterations_kernel": predicted,
        "steps_per_kernel": multiples[-1],
        "multiples": multiples,
        "step_cap": cap,
        "steps": min(wanted, cap),
        "time_limited": predicted is None or wanted > cap,
    }


def _step_times_width(config: CheckConfig, dataset, kernel_top: float) -> float:
    """η·m of the cell's step rule, which the linearised dynamics at the limit kernel K take."""
    if config.lr == "auto":
        return 1.0 / kernel_top
    if config.lr == "theory":
        from boundcalc.numbers.evaluate import evaluate
        from boundcalc.theory.symbols import LARGEST_SEPARATION

        inputs = dict(n=dataset.n, L=config.depth, d=dataset.d, eps=config.eps, m=1)
        inputs["delta"] = min(dataset.separation, LARGEST_SEPARATION)
        theorem = "als19-sgd" if config.batch else "als19-gd"
        return config.lr_scale * 10.0 ** evaluate(theorem, "step_size", inputs).log10
    raise InputError("steps_per_kernel needs lr auto or theory (a fixed η has no η·m to predict from)")


def load_spec(path: str | Path) -> Spec:
    """A sweep spec file, validated whole (every cell a valid check) before any work starts."""
    text = read_text(path, "spec", MAX_SPEC_BYTES)
    spec = parse_spec(text, f"spec {str(path)!r}")
    return Spec(spec.name, spec.study, spec.cells, str(path))
