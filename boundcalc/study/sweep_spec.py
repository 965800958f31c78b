"""Sweep specifications (checks/*.toml), checked field by field before any work starts.

[study]                      # settings shared by every cell
name = "default"
seeds = 4                    # networks per width; success = share of them reaching eps
eps = 1e-3
steps = 2000                 # T: at most this many steps per run
lr = "auto"                  # auto | theory | a number
success_fraction = 0.9       # p: m* is the smallest width where at least p of the seeds reach eps
min_width = 4                # the search for m* starts here and doubles ...
max_width = 2048             # ... up to here (m* > max_width is reported as such)
resolution = 0.1             # bisection stops once high/low − 1 ≤ resolution
data = "synthetic"           # synthetic | digits
d_in = 10
d = 1
dtype = "float32"
seed = 0                     # data and weights

[grid]                       # lists: one cell per combination
n = [10, 20, 40]
L = [1, 2]
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

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
}
MAX_CELLS = 10_000
MAX_SPEC_BYTES = 1 << 20
_GRID_FIELDS = ("n", "L", "d", "d_in", "data", "seeds", "eps", "steps", "lr", "separation")


@dataclass(frozen=True)
class Cell:
    """One point of the grid with every setting its runs use."""

    settings: dict

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
    study_in, grid_in = data.get("study", {}), data.get("grid", {})
    if not isinstance(study_in, dict) or not isinstance(grid_in, dict):
        raise InputError(f"{where}: [study] and [grid] must be tables")
    for field in study_in:
        if field not in _STUDY_DEFAULTS:
            raise InputError(f"{where}: unknown field study.{field}")
    for field in grid_in:
        if field not in _GRID_FIELDS:
            raise InputError(f"{where}: unknown field grid.{field} (a grid may vary {', '.join(_GRID_FIELDS)})")
    study = {**_STUDY_DEFAULTS, **study_in}
    for field, value in study.items():
        _check_value(field, value, where)
    if study["min_width"] > study["max_width"]:
        raise InputError(f"{where}: study.min_width must not exceed study.max_width")
    if "n" not in grid_in and "n" not in study_in:
        raise InputError(f"{where}: grid.n is required")
    axes = {}
    for field, values in grid_in.items():
        values = values if isinstance(values, list) else [values]
        if not values:
            raise InputError(f"{where}: grid.{field} is empty")
        axes[field] = [_check_value(field, v, f"{where} grid") for v in values]
        if len({json.dumps(v) for v in values}) != len(values):
            raise InputError(f"{where}: grid.{field} repeats a value; each value is one cell")
    axes.setdefault("L", [study_in.get("L", 1)])
    names = list(axes)
    count = math.prod(len(values) for values in axes.values())
    if count > MAX_CELLS:
        raise InputError(f"{where}: {count} cells is more than {MAX_CELLS}")
    cells = []
    for combo in itertools.product(*(axes[name] for name in names)):
        settings = {k: v for k, v in study.items() if k not in ("name", "min_width", "max_width", "resolution")}
        settings.update(dict(zip(names, combo)))
        try:
            CheckConfig.from_settings(settings)  # every cell is a valid check before any work starts
        except InputError as error:
            raise InputError(f"{where}: cell {Cell(settings).label()}: {error}") from None
        cells.append(Cell(settings))
    return Spec(study["name"], study, tuple(cells))


def load_spec(path: str | Path) -> Spec:
    """A sweep spec file, validated whole (every cell a valid check) before any work starts."""
    text = read_text(path, "spec", MAX_SPEC_BYTES)
    spec = parse_spec(text, f"spec {str(path)!r}")
    return Spec(spec.name, spec.study, spec.cells, str(path))
