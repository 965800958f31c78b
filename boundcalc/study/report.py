"""Tables and figures of a sweep, from its store alone (no training).

(a) width.png/pdf: the theorem's width, the empirical m* and the parameter-count floor against n,
    log-log, one panel per depth L (at the largest δ where δ varies); (b) exponents.*: m* and the
    iterations as powers of n, L, d and δ (those that vary), with bootstrap intervals over seeds, beside
    the theorem's; (c) gradients.png/pdf: ‖∇F‖² against F along
    trajectories with Theorem 3's lines δm/(dn²)·F and Lnm/d·F (hidden constants 1); (d)
    movement.png/pdf: relative distance moved at the end against m, with the fitted slope;
    (e) looseness.*: log10(theorem width / m*) per cell; (f) separation.png/pdf, where δ is varied
    alone: m* and the iterations against δ with the theorem's slopes; (g) kernel.png/pdf: steps
    measured against the limit kernel's prediction.

One function per artefact, each taking the cells of load_cells and returning the paths it wrote;
write_report runs them all.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

from boundcalc._version import __version__
from boundcalc.numbers.evaluate import evaluate
from boundcalc.render.formats import render
from boundcalc.render.table import Formula, Table
from boundcalc.study.fits import bootstrap_power_law, fit_power_law
from boundcalc.study.store import Store

FIGURE_FORMATS = ("png", "pdf")


def write_report(store_path: str | Path, outdir: str | Path) -> list[Path]:
    """Write the artefacts of the sweep stored at store_path into outdir; returns the paths written."""
    store = Store.reader(store_path)  # read-only: a report never changes a byte of the store
    try:
        cells = load_cells(store)
    finally:
        store.close()
    if not cells:
        from boundcalc.errors import InputError

        raise InputError(f"store {str(store_path)!r} holds no cells")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    slope = movement_slope(cells)  # drawn in (d) and quoted in (e)
    return [
        *width_figure(cells, outdir),
        *exponents_table(cells, outdir),
        *gradients_figure(cells, outdir),
        *movement_figure(cells, outdir, slope),
        *looseness_table(cells, outdir, slope),
        *separation_figure(cells, outdir),
        *kernel_figure(cells, outdir),
    ]


def load_cells(store: Store) -> list[dict]:
    """The store's cells, each with its runs, measured δ, Theorem 1 width (None without δ) and floor."""
    runs = store.runs()
    deltas = {r["cell"]: r["delta"] for r in runs}
    cells = []
    for cell in store.cells():
        s = cell["settings"]
        delta = deltas.get(cell["cell"])
        theory = None
        if delta:
            theory = evaluate("als19-gd", "width", n=s["n"], L=s["L"], delta=min(delta, 2.0), d=s["d"]).value
        floor = evaluate("floor-params", "width", n=s["n"], L=s["L"], d=s["d"]).value
        cell_runs = [r for r in runs if r["cell"] == cell["cell"]]
        plan = cell["provenance"].get("steps_plan")
        cells.append(
            {
                **cell,
                "plan": plan,
                "time_limited": bool(plan and plan["time_limited"]),
                "outcomes": _outcomes(cell_runs),
                "delta": delta,
                "theory": theory,
                "floor": floor,
                "theory_log10": theory.log10 if theory else None,
                "floor_log10": floor.log10,
                "runs": cell_runs,
            }
        )
    return cells


def _outcomes(runs: list[dict]) -> dict[int, dict[int, int]]:
    """width → seed → the step at which F ≤ ε was reached (−1: never)."""
    outcomes: dict[int, dict[int, int]] = {}
    for run in runs:
        outcomes.setdefault(run["m"], {})[run["seed"]] = run["reached_at"]
    return outcomes


def m_star_of(outcomes: dict[int, dict[int, int]], seeds: list[int], fraction: float) -> int | None:
    """The smallest width tried from which every wider one tried has ≥ fraction of these seeds reach ε.

    With the seeds the search used this is the search's m*; with a resample of them it is that
    resample's m* (None when the widest width tried fails).
    """
    found = None
    for m in sorted(outcomes, reverse=True):
        reached = [outcomes[m].get(seed, -1) >= 0 for seed in seeds]
        if np.mean(reached) < fraction:
            break
        found = m
    return found


def iterations_of(outcomes: dict[int, dict[int, int]], seeds: list[int]) -> float | None:
    """Median steps to ε over these seeds at the widest width tried, among those that reached it."""
    widest = outcomes[max(outcomes)]
    reached = [widest[seed] for seed in seeds if widest.get(seed, -1) >= 0]
    return float(np.median(reached)) if reached else None


def fitted_cells(cells: list[dict]) -> list[dict]:
    """The cells the fits use: m* found, and a step budget that was not capped below the plan."""
    return [c for c in cells if c["m_star"] and c["status"] == "found" and not c["time_limited"]]


def width_figure(cells: list[dict], outdir: Path) -> list[Path]:
    """(a) Theorem 1's width, the empirical m* and the floor against n, one panel per depth L."""
    import matplotlib.ticker

    plt = _pyplot()
    separations = {c["settings"].get("separation") for c in cells}
    if len(separations) > 1:  # δ has its own figure; here n at the easiest δ
        widest = max(v for v in separations if v is not None)
        cells = [c for c in cells if c["settings"].get("separation") == widest]
    depths = sorted({c["settings"]["L"] for c in cells})
    figure, axes = plt.subplots(1, len(depths), figsize=(4.2 * len(depths), 3.6), squeeze=False)
    outputs = sorted({c["settings"]["d"] for c in cells})
    markers = "os^Dv"
    for axis, depth in zip(axes[0], depths):
        n = sorted({c["settings"]["n"] for c in cells if c["settings"]["L"] == depth})
        for k, d in enumerate(outputs):
            group = sorted(
                (c for c in cells if c["settings"]["L"] == depth and c["settings"]["d"] == d),
                key=lambda c: c["settings"]["n"],
            )
            tag = f", d = {d}" if len(outputs) > 1 else ""
            xs = [c["settings"]["n"] for c in group]
            theory = [10 ** min(c["theory_log10"], 300) if c["theory_log10"] else np.nan for c in group]
            axis.plot(xs, theory, markers[k % 5] + "-", color="C3", alpha=1 - 0.3 * k, label=f"Theorem 1 (C = 1){tag}")
            found = [(c["settings"]["n"], c["m_star"]) for c in group if c["m_star"]]
            if found:
                axis.plot(*zip(*found), markers[k % 5] + "-", color="C0", alpha=1 - 0.3 * k, label=f"empirical m*{tag}")
            floor = [10 ** c["floor_log10"] for c in group]
            axis.plot(xs, floor, "--", color="C2", alpha=1 - 0.3 * k, label=f"floor √(nd/L){tag}")
        axis.set(
            xscale="log",
            yscale="log",
            xlabel="samples n",
            ylabel="width m (neurons per layer)",
            title=f"L = {depth} hidden layers",
        )
        axis.set_xticks(n, [str(v) for v in n], minor=False)
        axis.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        axis.grid(True, which="major", alpha=0.3)
        axis.legend(fontsize=7)
    figure.suptitle(f"Width needed: theorem vs training ({_settings_line(cells)})", fontsize=8)
    return _save(figure, outdir, "width")


# (setting, name shown, Theorem 1's base): the theorem's exponents come from the registry
FIT_AXES = (("n", "n", "n"), ("L", "L", "L"), ("d", "d", "d"), ("separation", "δ", "delta"))
BOOTSTRAP_REPLICATES = 1000
THEOREM = "als19-gd"


def theorem_exponent(quantity: str, base: str) -> str:
    """Theorem 1's exponent of a base in its width or iterations, as encoded, with its label where the
    factor was not read in the theorem itself ("1 (recalled)")."""
    from boundcalc.theory.registry import REGISTRY

    bound = REGISTRY[THEOREM].quantity(quantity)
    factor = next((f for f in bound.factors if f.base == base), None)
    if factor is None:
        return "0"
    label = f" ({factor.evidence.status})" if factor.evidence is not None else ""
    return f"{factor.exponent}{label}"


def _fit_axes(cells: list[dict]) -> list[tuple[str, str, str]]:
    """Only settings that every cell has and that vary can be fitted (a constant one is collinear with the
    intercept; δ is a setting only where the data prescribe it)."""
    values = [{c["settings"].get(axis[0]) for c in cells} for axis in FIT_AXES]
    return [axis for axis, seen in zip(FIT_AXES, values) if len(seen) > 1 and None not in seen]


def exponent_fits(cells: list[dict]) -> list[dict]:
    """m* and the iterations at the widest width ∝ n^a L^b d^c δ^e, least squares on logs over the fitted
    cells, each exponent with a 95% percentile interval from a bootstrap over seeds (the seeds of every
    cell resampled with replacement, m* and the iterations recomputed from the stored runs)."""
    used = fitted_cells(cells)
    axes = _fit_axes(used)
    x = np.array([[c["settings"][key] for key, *_ in axes] for c in used], dtype=float).reshape(len(used), len(axes))
    seeds = [_seeds(c) for c in used]
    measures = (
        ("width m*", "width", lambda c, chosen: m_star_of(c["outcomes"], chosen, c["settings"]["success_fraction"])),
        ("iterations", "iterations", lambda c, chosen: iterations_of(c["outcomes"], chosen)),
    )
    fits = []
    for quantity, theorem_quantity, measure in measures:
        values = [measure(c, s) for c, s in zip(used, seeds)]
        keep = [k for k, v in enumerate(values) if v]
        fit: dict = {"quantity": quantity, "cells": len(keep), "rows": []}
        fits.append(fit)
        if not axes or len(keep) <= len(axes) + 1:
            continue
        point, _ = fit_power_law(x[keep], np.array([values[k] for k in keep], dtype=float))

        def replicate(rng, measure=measure):
            drawn = [measure(c, list(rng.choice(s, size=len(s)))) for c, s in zip(used, seeds)]
            kept = [k for k, v in enumerate(drawn) if v]
            if len(kept) <= len(axes) + 1:
                return None
            return x[kept], np.array([drawn[k] for k in kept], dtype=float)

        bounds, fitted = bootstrap_power_law(replicate, BOOTSTRAP_REPLICATES)
        fit["replicates"] = fitted
        for k, axis in enumerate(axes):
            fit["rows"].append(
                {
                    "axis": axis[1],
                    "fitted": point[k + 1],
                    "low": bounds[0, k + 1],
                    "high": bounds[1, k + 1],
                    "theorem": theorem_exponent(theorem_quantity, axis[2]),
                }  # fmt: skip
            )
    return fits


def exponents_table(cells: list[dict], outdir: Path) -> list[Path]:
    """(b) The fitted exponents of m* and of the iterations, with bootstrap intervals, beside the theorem's."""
    rows = []
    for fit in exponent_fits(cells):
        if not fit["rows"]:
            rows.append([fit["quantity"], "(too few cells to fit)", "", "", ""])
        for row in fit["rows"]:
            interval = f"[{row['low']:.2f}, {row['high']:.2f}]" if np.isfinite(row["low"]) else "—"
            rows.append([fit["quantity"], row["axis"], f"{row['fitted']:.2f}", interval, row["theorem"]])
    used = fitted_cells(cells)
    censored = [c for c in cells if c not in used and not c["time_limited"]]
    limited = [c for c in cells if c["time_limited"]]
    left_out = ""
    if censored:
        left_out += (
            f" {len(censored)} cells had no m* up to the widest width tried ({_cell_list(censored)}) and are left out: "
            "the fit sees only the cells where m* was found, so it understates the growth towards those cells."
        )
    if limited:
        left_out += f" {len(limited)} cells whose planned T exceeded the cap are left out ({_cell_list(limited)})."
    table = Table(
        [["quantity", "variable", "fitted exponent", "95% bootstrap interval", "Theorem 1"]],
        rows,
        align="llrrr",
        notes=[
            f"m* and the median steps to ε at the widest width tried ∝ product of (variable)^exponent, least squares "
            f"on logs over the {len(used)} cells with m* found; intervals: percentiles of {BOOTSTRAP_REPLICATES} "
            "bootstrap resamples of each cell's seeds."
            + left_out
            + f" Theorem 1's exponents as encoded in {THEOREM} (boundcalc explain {THEOREM} lists them), logs aside; "
            f"{_settings_line(cells)}."
        ],
    )
    return _tables(table, outdir, "exponents", "Fitted growth of the empirical width and iterations")


def _cell_list(cells: list[dict]) -> str:
    """'n=8 L=1 d=1 δ=0.05, …' for at most six cells."""
    names = [
        f"n={c['settings']['n']} L={c['settings']['L']} d={c['settings']['d']}"
        + (f" δ={c['settings']['separation']:g}" if c["settings"].get("separation") is not None else "")
        for c in sorted(
            cells, key=lambda c: (c["settings"]["n"], c["settings"]["L"], c["settings"].get("separation") or 0)
        )
    ]
    return ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")


def gradients_figure(cells: list[dict], outdir: Path) -> list[Path]:
    """(c) ‖∇F‖² against F along the trajectories of the largest cell, with Theorem 3's two lines."""
    plt = _pyplot()
    biggest = max(cells, key=lambda c: (c["settings"]["n"], c["settings"]["L"]))
    s = biggest["settings"]
    figure, axis = plt.subplots(figsize=(5, 3.8))
    widths = sorted({r["m"] for r in biggest["runs"]})
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(widths)))
    for colour, m in zip(colours, widths):
        for j, run in enumerate(r for r in biggest["runs"] if r["m"] == m):
            loss = np.asarray(run["trajectory"]["loss"], dtype=float)
            grad = np.asarray(run["trajectory"]["grad_sq"], dtype=float)
            keep = np.isfinite(loss) & np.isfinite(grad) & (loss > 0)
            axis.plot(loss[keep], grad[keep], ".-", color=colour, alpha=0.6, ms=3, label=f"m = {m}" if j == 0 else None)
    loss_range = np.array([1e-4, 1e2])
    delta = biggest["delta"] or np.nan
    for m, style in ((widths[0], ":"), (widths[-1], "--")):
        axis.plot(
            loss_range,
            loss_range * delta * m / (s["d"] * s["n"] ** 2),
            style,
            color="C3",
            label=f"Thm 3 lower δm/(dn²)·F, m = {m}",
        )
        axis.plot(
            loss_range,
            loss_range * s["L"] * s["n"] * m / s["d"],
            style,
            color="C1",
            label=f"Thm 3 upper Lnm/d·F, m = {m}",
        )
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="training loss F",
        ylabel="‖∇F‖²_F (W_1..W_L)",
        title=f"Gradient against loss along training, n = {s['n']}, L = {s['L']}",
    )
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=6, ncol=2)
    return _save(figure, outdir, "gradients")


def separation_figure(cells: list[dict], outdir: Path) -> list[Path]:
    """(f) m* and the iterations at the widest width against δ, log-log, one line per (n, L, d) that
    varies δ, with Theorem 1's slopes (δ^-8 for the width, δ^-2 for the iterations) drawn through the
    largest δ; a cell with no m* up to the widest width is an open marker at that width."""
    groups: dict[tuple, list[dict]] = {}
    for c in cells:
        if c["settings"].get("separation") is not None:
            groups.setdefault((c["settings"]["n"], c["settings"]["L"], c["settings"]["d"]), []).append(c)
    groups = {key: group for key, group in groups.items() if len(group) > 1}
    if not groups:
        return []
    import matplotlib.ticker

    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    used = fitted_cells(cells)
    deltas = sorted({c["settings"]["separation"] for group in groups.values() for c in group})
    for k, ((n, depth, d), group) in enumerate(sorted(groups.items())):
        group.sort(key=lambda c: c["settings"]["separation"])
        style = dict(color=f"C{k % 10}", marker="os^Dv"[k % 5], ms=4)
        found = [(c["settings"]["separation"], c["m_star"]) for c in group if c in used]
        if found:
            axes[0].plot(*zip(*found), "-", label=f"n={n} L={depth} d={d}", **style)
        beyond = [(c["settings"]["separation"], max(c["outcomes"])) for c in group if not c["m_star"] and c["outcomes"]]
        if beyond:
            axes[0].plot(*zip(*beyond), linestyle="none", mfc="none", label=f"no m* up to the widest (n={n} L={depth})",
                         **style)  # fmt: skip
        steps = [(c["settings"]["separation"], iterations_of(c["outcomes"], _seeds(c))) for c in group if c["outcomes"]]
        steps = [(delta, value) for delta, value in steps if value]
        if steps:
            axes[1].plot(*zip(*steps), "-", label=f"n={n} L={depth} d={d}", **style)
    for axis, slope, what in ((axes[0], -8, "width m*"), (axes[1], -2, "steps to ε at the widest width")):
        values = [float(v) for line in axis.get_lines() for v in line.get_ydata()]
        if values:
            top = [float(line.get_ydata()[-1]) for line in axis.get_lines() if line.get_xdata()[-1] == deltas[-1]]
            anchor = float(np.exp(np.mean(np.log(top or values))))
            grid = np.geomspace(deltas[0], deltas[-1])
            axis.plot(grid, anchor * (grid / deltas[-1]) ** slope, "k--", label=f"Theorem 1's slope δ^{slope}")
            axis.set_ylim(0.5 * min(values), 2 * max(values))
        axis.set(xscale="log", yscale="log", xlabel="separation δ", ylabel=what)
        axis.set_xticks(deltas, [f"{v:g}" for v in deltas])
        axis.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=6)
    figure.suptitle(f"Against δ alone ({_settings_line(cells)})", fontsize=8)
    return _save(figure, outdir, "separation")


def _seeds(cell: dict) -> list[int]:
    return sorted({seed for widths in cell["outcomes"].values() for seed in widths})


def kernel_figure(cells: list[dict], outdir: Path) -> list[Path]:
    """(g) Steps to ε measured against those the linearised network at the limit kernel predicts for
    the same step, every run that reached ε, coloured by m/m*; the diagonal is the lazy regime."""
    points = [
        (r["iterations_kernel"], r["reached_at"], r["m"] / c["m_star"])
        for c in cells
        if c["m_star"]
        for r in c["runs"]
        if r.get("iterations_kernel") and r["reached_at"] > 0
    ]
    if not points:
        return []
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(5, 4))
    predicted, measured, ratio = (np.array(v, dtype=float) for v in zip(*points))
    shown = axis.scatter(predicted, measured, c=np.log2(ratio), cmap="viridis", s=8, alpha=0.7)
    figure.colorbar(shown, ax=axis, label="log2(m / m*)")
    ends = [min(predicted.min(), measured.min()) / 1.5, max(predicted.max(), measured.max()) * 1.5]
    axis.plot(ends, ends, "k--", label="measured = kernel prediction")
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="steps the limit kernel predicts (linearised GD, same step)",
        ylabel="steps measured to F ≤ ε",
        title="How far from lazy training",
    )
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=7)
    return _save(figure, outdir, "kernel")


class MovementSlope(NamedTuple):
    """log(relative movement) = intercept + slope · log(m), over widths m_low..m_high."""

    intercept: float
    slope: float
    half: float  # 95% half-width of the slope
    m_low: float
    m_high: float

    @property
    def text(self) -> str:
        return f"{self.slope:.2f} ± {self.half:.2f}"


def movement_slope(cells: list[dict]) -> MovementSlope | None:
    """The power law of relative movement in m over every run of every cell; None with under three widths."""
    points = [pair for _, pairs in _movement(cells) for pair in pairs]
    if len({m for m, _ in points}) <= 2:
        return None
    m_values, moved = np.array(points, dtype=float).T
    (intercept, slope), (_, half) = fit_power_law(m_values[:, None], moved)
    return MovementSlope(intercept, slope, half, m_values.min(), m_values.max())


def movement_figure(cells: list[dict], outdir: Path, slope: MovementSlope | None) -> list[Path]:
    """(d) Relative distance moved at the end against m, per cell, with the fitted slope if any."""
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(5, 3.8))
    for k, (cell, pairs) in enumerate(_movement(cells)):
        if pairs:
            axis.plot(
                *zip(*pairs),
                "o",
                ms=3,
                alpha=0.6,
                color=f"C{k % 10}",
                label=f"n = {cell['settings']['n']}, L = {cell['settings']['L']}",
            )
    if slope is not None:
        grid = np.geomspace(slope.m_low, slope.m_high, 50)
        axis.plot(grid, np.exp(slope.intercept) * grid**slope.slope, "k-", label=f"fit: slope {slope.text}")
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="width m",
        ylabel="‖W − W⁽⁰⁾‖_F / ‖W⁽⁰⁾‖_F at the end",
        title="Relative distance moved from initialisation",
    )
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=6)
    return _save(figure, outdir, "movement")


def looseness_table(cells: list[dict], outdir: Path, slope: MovementSlope | None) -> list[Path]:
    """(e) log10(Theorem 1 width / m*) per cell; the notes quote the movement slope if there is one."""
    rows = []
    differing = _differing(cells)
    planned = _step_rule(cells) is not None  # each cell's own T is a column
    for c in sorted(
        cells,
        key=lambda c: (
            c["settings"]["L"],
            c["settings"]["n"],
            c["settings"]["d"],
            c["settings"].get("separation") or 0,
        ),
    ):
        s = c["settings"]
        loose = (
            f"{c['theory_log10'] - math.log10(c['m_star']):.1f}"
            if c["m_star"] and c["theory_log10"] is not None
            else "—"
        )
        rows.append(
            [
                str(s["n"]),
                str(s["L"]),
                str(s["d"]),
                f"{c['delta']:.3f}" if c["delta"] else "—",
                str(c["m_star"]) if c["m_star"] else f"> {c['provenance'].get('max_width', '?')}",
                c["theory"] or "—",
                c["floor"],
                loose,
                *([f"{s['steps']}" + (" (capped)" if c["time_limited"] else "")] if planned else []),
                *(f"{s[k]:g}" if isinstance(s[k], float) else str(s[k]) for k in differing),
            ]
        )
    table = Table(
        [
            [
                "n",
                "L",
                "d",
                Formula(r"$\delta$", "δ"),
                Formula("$m^*$", "m*"),
                Formula("Theorem 1 $m$", "Theorem 1 m"),
                Formula("floor", "floor"),
                Formula(r"$\log_{10}(m/m^*)$", "log10(m/m*)"),
                *(["T"] if planned else []),
                *(k.replace("_", " ") for k in differing),
            ]
        ],
        rows,
        align="r" * (8 + planned + len(differing)),
        notes=[
            f"{_settings_line(cells)}. Theorem 1 width with C = 1 and log power 5 at the measured δ; floor √(nd/L). "
            + (f"Relative movement falls with m with slope {slope.text} (log-log)." if slope is not None else "")
        ],
    )
    return _tables(table, outdir, "looseness", "Looseness of Theorem 1's width, per cell")


def _movement(cells: list[dict]) -> list[tuple[dict, list[tuple[int, float]]]]:
    """Each cell (by L, then n) with the (m, final relative movement) of its runs that neither diverged nor lack it."""
    out = []
    for cell in sorted(cells, key=lambda c: (c["settings"]["L"], c["settings"]["n"])):
        pairs = [
            (r["m"], r["trajectory"]["movement_fro_rel"][-1])
            for r in cell["runs"]
            if r["diverged_at"] < 0 and r["trajectory"]["movement_fro_rel"] and r["trajectory"]["movement_fro_rel"][-1]
        ]
        out.append((cell, pairs))
    return out


def _pyplot():
    # Imported here, not at the top, so that the calculator never loads matplotlib.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "svg.hashsalt": "boundcalc"})
    return plt


def _save(figure, outdir: Path, name: str) -> list[Path]:
    import matplotlib.pyplot as plt

    paths = []
    for fmt in FIGURE_FORMATS:
        path = outdir / f"{name}.{fmt}"
        # No software name or dates, so that a rerun writes the same bytes.
        metadata = {"Software": None} if fmt == "png" else {"CreationDate": None, "Producer": None, "Creator": None}
        figure.savefig(path, dpi=110, bbox_inches="tight", metadata=metadata)
        paths.append(path)
    plt.close(figure)
    return paths


_SHARED = ("success_fraction", "seeds", "eps", "steps", "lr", "data")  # what the settings line states once


def _step_rule(cells: list[dict]) -> str | None:
    """'10× the kernel prediction (cap 60000)' when every cell sized T by one such rule, else None."""
    rules = {(c["plan"]["steps_per_kernel"], c["plan"]["step_cap"]) if c["plan"] else None for c in cells}
    rule = rules.pop() if len(rules) == 1 else None
    if rule is None:
        return None
    per_kernel, cap = rule
    return f"T = {per_kernel:g}× the limit kernel's predicted steps (at most {cap})"


def _differing(cells: list[dict]) -> list[str]:
    """Settings that are not the same in every cell (a store holding the cells of several specs)."""
    shared = [k for k in _SHARED if not (k == "steps" and _step_rule(cells))]
    return [k for k in shared if len({repr(c["settings"].get(k)) for c in cells}) > 1]


def _settings_line(cells: list[dict]) -> str:
    differing = _differing(cells)
    if differing:
        return (
            f"the cells differ in {', '.join(differing)} (a store of several specs): "
            "the looseness table gives each cell's own"
        )
    s = cells[0]["settings"]
    budget = _step_rule(cells) or f"T = {s['steps']}"
    return (
        f"p = {s['success_fraction']:g} of {s['seeds']} seeds reach F ≤ {s['eps']:g} within T steps, {budget}, "
        f"step {s['lr']}, {s['data']} data"
    )


def _tables(table: Table, outdir: Path, name: str, caption: str) -> list[Path]:
    paths = []
    for fmt, suffix in (("latex", ".tex"), ("markdown", ".md")):
        path = outdir / f"{name}{suffix}"
        path.write_text(
            render(
                table,
                fmt,
                3,
                caption=caption,
                label=f"tab:study-{name}",
                command=f"boundcalc report (boundcalc {__version__})",
            )
        )
        paths.append(path)
    return paths
