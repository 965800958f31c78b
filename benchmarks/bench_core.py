"""Speed of the calculator, each figure a ratio measured side by side in this one run.

1. `boundcalc width --n 1000 --L 10` wall time over `python -c "import sympy, click, tabulate, numpy"`
   (target ≤ 1.1: a command imports only what it uses; numbers need no SymPy), and over the
   imports it does use (click, tabulate, numpy): what the command itself costs, run as the console
   script and as `python -m boundcalc`. Bytecode is written and read, as in an installed copy (a
   machine with PYTHONDONTWRITEBYTECODE set would otherwise time compiling boundcalc's modules).
2. Vectorised width over 10^6 points (target ≤ 0.2 s) and its speed-up per point over
   SymPy's `expr.subs(...).evalf()` (target ≥ 1000×).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

from boundcalc import REGISTRY, evaluate_many
from boundcalc.theory.symbolic import SYMBOLS

REPEATS = 7
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    return time.perf_counter() - start


def _interleaved(a: list[str], b: list[str]) -> tuple[float, float]:
    """Median wall times of two commands, run alternately so machine noise hits both alike."""
    _wall(a), _wall(b)  # warm the file cache and write the bytecode
    ta, tb = [], []
    for _ in range(REPEATS):
        ta.append(_wall(a))
        tb.append(_wall(b))
    return statistics.median(ta), statistics.median(tb)


def main() -> int:
    script = shutil.which("boundcalc", path=os.path.dirname(sys.executable)) or shutil.which("boundcalc")
    module = [sys.executable, "-m", "boundcalc"]
    width = [*([script] if script else module), "width", "--n", "1000", "--L", "10"]
    cli, baseline = _interleaved(width, [sys.executable, "-c", "import sympy, click, tabulate, numpy"])
    print(
        f"cli: width {cli * 1e3:.0f} ms / imports of the calculator's dependencies (sympy, click, tabulate, numpy) "
        f"{baseline * 1e3:.0f} ms = {cli / baseline:.2f}  (target <= 1.1)"
    )
    for name, command in (("boundcalc", [script] if script else None), ("python -m boundcalc", module)):
        if command is None:
            continue
        cli, used = _interleaved([*command, *width[-5:]], [sys.executable, "-c", "import click, tabulate, numpy"])
        print(
            f"cli: {name} width {cli * 1e3:.0f} ms / the imports it uses (click, tabulate, numpy) {used * 1e3:.0f} ms"
            f" = {cli / used:.2f}"
        )

    rng = np.random.default_rng(0)
    points = 10**6
    n = rng.integers(2, 10**6, size=points)
    depth = rng.integers(1, 100, size=points)
    delta = rng.uniform(1e-3, 1.0, size=points)
    evaluate_many("als19-gd", "width", n=n[:10], L=depth[:10], delta=delta[:10])  # build the lambdified function
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        evaluate_many("als19-gd", "width", n=n, L=depth, delta=delta)
        runs.append(time.perf_counter() - start)
    vector = min(runs)
    print(f"vectorised width, 10^6 points: {vector:.3f} s  (target <= 0.2 s)")

    expr = REGISTRY["als19-gd"].quantity("width").with_overrides(log_power=0).expr
    symbols = [SYMBOLS[name] for name in ("n", "L", "delta", "d")]
    samples = 200
    start = time.perf_counter()
    for i in range(samples):
        expr.subs(dict(zip(symbols, (int(n[i]), int(depth[i]), float(delta[i]), 1)))).evalf()
    per_point_sympy = (time.perf_counter() - start) / samples
    speedup = per_point_sympy / (vector / points)
    print(
        f"per point: subs().evalf() {per_point_sympy * 1e6:.0f} µs / vectorised {vector / points * 1e9:.0f} ns"
        f" = {speedup:,.0f}x  (target >= 1000x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
