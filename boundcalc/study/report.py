"""Tables and figures of a sweep, from its store alone (no training).

(a) width.png/pdf: the theorem's width, the empirical m* and the parameter-count floor against n,
    log-log, one panel per depth L (at the largest δ where δ varies); (b) exponents.*: m* and the
    iterations as powers of n, L, d and δ (those that vary), with bootstrap intervals over seeds, beside
    the theorem's; (c) gradients.png/pdf: ‖∇F‖² against F along
    trajectories with Theorem 3's two bounds as the registry encodes them (hidden constants 1); (d)
    movement.png/pdf: relative distance moved at the end against m, with the fitted slope;
    (e) looseness.*: log10(theorem width / m*) per cell; (f) separation.png/pdf, where δ is varied
    alone: m* and the iterations against δ with the theorem's slopes; (g) kernel.png/pdf: steps
    measured against the limit kernel's prediction.

One function per artefact, each taking the cells of load_cells and returning the paths it wrote;
write_report runs them all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import numpy as np

from boundcalc._version import __version__
from boundcalc.numbers.evaluate import evaluate
from boundcalc.render.cells import Formula
from boundcalc.render.formats import render
from boundcalc.render.table import Table
from boundcalc.study.findings import findings, write_findings
from boundcalc.study.fits import bootstrap_power_law, fit_censored_power_law, fit_power_law, nan_percentiles
from boundcalc.study.records import (
    Cell,
    Exponent,
    Fit,
    Run,
    StepRuleFit,
    cell_list,
    differing,
    iterations_of,
    settings_line,
)
from boundcalc.study.store import Store
from boundcalc.study.theorem import GRADIENTS, THEOREM, theorem_exponent, theorem_log_power, theorem_power
from boundcalc.theory.notation import body_text
from boundcalc.theory.registry import REGISTRY

FIGURE_FORMATS = ("png", "pdf")
FLOOR = "floor-params"  # the parameter-count floor √(nd/L)


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
    fits = exponent_fits(cells)
    rule_fits = step_rule_fits(cells)
    return [
        *width_figure(cells, outdir),
        *exponents_table(cells, outdir, fits),
        *step_rule_table(cells, outdir, rule_fits),
        *gradients_figure(cells, outdir),
        *movement_figure(cells, outdir, slope),
        *looseness_table(cells, outdir, slope),
        *separation_figure(cells, outdir),
        *kernel_figure(cells, outdir),
        write_findings(findings(cells, fits, rule_fits), outdir / "findings.md"),
    ]


def load_cells(store: Store) -> list[Cell]:
    """The store's cells, each with its runs, measured δ, Theorem 1 width (None without δ) and floor."""
    runs = [Run.from_row(row) for row in store.runs()]
    by_cell: dict[str, list[Run]] = {}
    for run in runs:
        by_cell.setdefault(run.cell, []).append(run)
    cells = []
    for row in store.cells():
        cell = Cell.from_row(row, by_cell.get(row["cell"], []))
        s, delta = cell.settings, cell.delta
        theory = None
        if delta:
            theory = evaluate(THEOREM, "width", n=s.n, L=s.L, delta=min(delta, 2.0), d=s.d).value
        floor = evaluate(FLOOR, "width", n=s.n, L=s.L, d=s.d).value
        cells.append(replace(cell, theory=theory, floor=floor))
    return cells


def fitted_cells(cells: list[Cell]) -> list[Cell]:
    """The cells with m* found at the T of the runs, and a step budget that was not capped below the plan."""
    return [c for c in cells if c.m_star and c.status.startswith("found") and not c.time_limited]


SHARPER = ("oymak20", "bubeck20", "baum88")  # catalogue widths that evaluate at a cell's n, d, d_in
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")  # Okabe–Ito
COLUMN = 3.4  # inches: one column of a two-column paper


def _n_axis(cells: list[Cell]) -> list[Cell]:
    """The main cells that vary n alone: L, d and δ at their most common values among them."""
    main = main_cells(cells)
    if not main:
        return []

    def common(key):
        values = [getattr(c.settings, key) for c in main]
        return max(set(values), key=lambda v: (values.count(v), repr(v)))

    fixed = {key: common(key) for key in ("L", "d", "separation")}
    return [c for c in main if all(getattr(c.settings, k) == v for k, v in fixed.items())]


def _sharper_widths(cell: Cell) -> dict[str, float]:
    """log10 width of each sharper catalogue entry at the cell (the entries that evaluate there)."""
    from boundcalc.errors import InputError

    s, out = cell.settings, {}
    for key in SHARPER:
        try:
            out[key] = evaluate(key, "width", n=s.n, L=s.L, d=s.d, d_in=s.d_in, eps=s.eps).log10
        except InputError:
            continue
    return out


def width_figure(cells: list[Cell], outdir: Path) -> list[Path]:
    """(a) The width against n at column width: (top) m*(T) at each step budget with the data draws'
    range, censored cells as arrows at the widest width tried, the parameter floor and the sharper
    catalogue widths; (bottom) the looseness log10(Theorem 1's width / m*), which would flatten
    everything else on one axis."""
    import matplotlib.ticker

    plt = _pyplot()
    group = _n_axis(cells) or cells
    ns = sorted({c.settings.n for c in group})
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(COLUMN, 5.0), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    names = [name for name, _ in group[0].budgets()]
    offsets = np.linspace(-0.04, 0.04, len(names)) if len(names) > 1 else [0.0]
    for j, name in enumerate(names):
        colour = PALETTE[j % len(PALETTE)]
        found, censored, loose = [], [], []
        for n in ns:
            at_n = [c for c in group if c.settings.n == n]
            values = [c.censored_m_star(c.seeds, c.budgets()[min(j, len(c.budgets()) - 1)][1]) for c in at_n]
            exact = [v for v, kind in (p for p in values if p) if kind <= 0]
            if exact:
                found.append((n, np.median(exact), min(exact), max(exact)))
                theory = [c.theory_log10 for c in at_n if c.theory_log10 is not None]
                if theory:
                    loose.append((n, np.median(theory) - math.log10(np.median(exact))))
            if any(p and p[1] > 0 for p in values):
                censored.append((n, max(v for v, kind in (p for p in values if p) if kind > 0)))
        scale = 10 ** offsets[j]  # draws at one n side by side
        if found:
            xs, mid, low, high = (np.array(v, dtype=float) for v in zip(*found))
            top.errorbar(xs * scale, mid, yerr=[mid - low, high - mid], fmt="o-", color=colour, ms=3.5, lw=1.2,
                         capsize=2, label=f"$m^*$, $T$ = {name}")  # fmt: skip
            bottom.plot(*zip(*[(n * scale, v) for n, v in loose]), "o-", color=colour, ms=3.5, lw=1.2,
                        label=f"$T$ = {name}")  # fmt: skip
        if censored:
            xs, ys = (np.array(v, dtype=float) for v in zip(*censored))
            top.plot(xs * scale, ys, linestyle="none", marker=r"$\uparrow$", ms=9, color=colour,
                     label=f"no $m^*$ up to the widest, $T$ = {name}" if not found else None)  # fmt: skip
    first = {n: next(c for c in group if c.settings.n == n) for n in ns}
    top.plot(ns, [10 ** first[n].floor_log10 for n in ns], "--", color="0.3", lw=1, label=r"floor $\sqrt{nd/L}$")
    styles = iter((":", "-.", (0, (1, 3))))
    for key in SHARPER:
        points = [(n, _sharper_widths(first[n]).get(key)) for n in ns]
        points = [(n, 10**v) for n, v in points if v is not None]
        if points:
            top.plot(*zip(*points), linestyle=next(styles), color="0.45", lw=1, label=key)
    top.set(yscale="log", ylabel="width $m$")
    top.set_title(f"(a) width needed ({_short_protocol(group)})", fontsize=8)
    bottom.set(xscale="log", xlabel="samples $n$", ylabel=r"$\log_{10}(m_{\mathrm{Thm\,1}}/m^*)$")
    bottom.set_title("(b) looseness of Theorem 1 ($C$ = 1)", fontsize=8)
    for axis in (top, bottom):
        axis.grid(True, which="major", alpha=0.3)
    bottom.set_xticks(ns, [str(v) for v in ns])
    bottom.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    handles, labels = top.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=3, frameon=False, fontsize=6, bbox_to_anchor=(0.5, 0.0))
    figure.tight_layout(rect=(0, 0.1, 1, 1))
    return _save(figure, outdir, "width")


def _short_protocol(cells: list[Cell]) -> str:
    s = cells[0].settings
    parts = [f"L = {s.L}", f"d = {s.d}"]
    if s.separation is not None:
        parts.append(f"δ = {s.separation:g}")
    draws = {c.settings.seed for c in cells}
    if len(draws) > 1:
        parts.append(f"{len(draws)} data draws")
    return ", ".join(parts)


# (setting, name shown, Theorem 1's base): the theorem's exponents come from the registry
FIT_AXES = (("n", "n", "n"), ("L", "L", "L"), ("d", "d", "d"), ("separation", "δ", "delta"))
BOOTSTRAP_REPLICATES = 1000


def _fit_axes(cells: list[Cell]) -> list[tuple[str, str, str]]:
    """Only settings that every cell has and that vary can be fitted (a constant one is collinear with the
    intercept; δ is a setting only where the data prescribe it)."""
    values = [{getattr(c.settings, axis[0]) for c in cells} for axis in FIT_AXES]
    return [axis for axis, seen in zip(FIT_AXES, values) if len(seen) > 1 and None not in seen]


TOBIT_REPLICATES = 200  # each a maximum-likelihood fit


def main_cells(cells: list[Cell]) -> list[Cell]:
    """The cells of the joint fit: synthetic data at lr auto whose T was not capped (digits and the
    theorem's step rule are reported beside it, not pooled into it)."""
    return [c for c in cells if c.settings.data == "synthetic" and c.settings.lr == "auto" and not c.time_limited]


def _groups(cells: list[Cell]) -> list[list[Cell]]:
    """Cells that differ only in the data draw (seed), together: the bootstrap resamples draws in each."""
    grouped: dict[str, list[Cell]] = {}
    for c in cells:
        grouped.setdefault(c.settings.draws_key(), []).append(c)
    return list(grouped.values())


def resampled(cells: list[Cell], rng: np.random.Generator | None) -> list[tuple[Cell, list[int]]]:
    """Every cell with its seeds (rng None), or a bootstrap draw: in each group of data draws, draws
    resampled with replacement, and in each drawn cell its seeds resampled with replacement."""
    if rng is None:
        return [(c, c.seeds) for c in cells]
    out = []
    for group in _groups(cells):
        for k in rng.choice(len(group), size=len(group)):
            seeds = group[k].seeds
            out.append((group[k], list(rng.choice(seeds, size=len(seeds)))))
    return out


def exponent_fits(cells: list[Cell]) -> list[Fit]:
    """m*(T) at each step budget and the iterations at the widest width ∝ n^a L^b d^c δ^e over the main
    cells, by least squares on logs over the cells with m* found, and for m* also by a Tobit fit that
    keeps the censored cells (bounds, not gaps); 95% percentile intervals from a bootstrap over data
    draws and seeds (both resampled, m* and the iterations recomputed from the stored runs)."""
    used = main_cells(cells)
    axes = _fit_axes(used)
    fits: list[Fit] = []
    if not used:
        return fits
    position = {c.key: k for k, c in enumerate(used)}
    x = np.array([[getattr(c.settings, key) for key, *_ in axes] for c in used], dtype=float).reshape(
        len(used), len(axes)
    )
    names = [name for name, _ in used[0].budgets()]
    measures: list[tuple[str, str, Measure]] = [
        (f"width m* (T = {name})", "width", _width_at(j)) for j, name in enumerate(names)
    ]
    measures.append(("iterations", "iterations", _iterations_measure))
    for quantity, theorem_quantity, measure in measures:
        points = [(position[c.key], measure(c, chosen)) for c, chosen in resampled(used, None)]
        found = [(k, v) for k, (v, kind) in ((k, p) for k, p in points if p) if kind == 0]
        censored = sum(1 for _, p in points if p and p[1] != 0)
        if not axes or len(found) <= len(axes) + 1:
            fits.append(Fit(quantity, len(found), censored))
            continue

        def sample(rng, measure=measure, exact_only=True):
            drawn = [(position[c.key], measure(c, chosen)) for c, chosen in resampled(used, rng)]
            kept = [(k, p) for k, p in drawn if p and (p[1] == 0 or not exact_only)]
            if sum(1 for _, p in kept if p[1] == 0) <= len(axes) + 1:
                return None
            rows = [k for k, _ in kept]
            return x[rows], np.array([p[0] for _, p in kept]), np.array([p[1] for _, p in kept])

        point, _ = fit_power_law(x[[k for k, _ in found]], np.array([v for _, v in found], dtype=float))

        def exact_pairs(rng, sample=sample):
            drawn = sample(rng)
            return None if drawn is None else drawn[:2]

        bounds, fitted = bootstrap_power_law(exact_pairs, BOOTSTRAP_REPLICATES)
        tobit = tobit_bounds = None
        if theorem_quantity == "width":
            everything = sample(None, exact_only=False)
            if everything is not None:
                tobit, _ = fit_censored_power_law(*everything)
                tobit_bounds = _tobit_bootstrap(lambda rng, f=sample: f(rng, exact_only=False))
        exponents = []
        for k, axis in enumerate(axes):
            fixed = tobit is not None and bool(np.isfinite(tobit[k + 1]))  # else the censored cells only bound it
            exponents.append(
                Exponent(
                    axis=axis[1],
                    fitted=point[k + 1],
                    low=bounds[0, k + 1],
                    high=bounds[1, k + 1],
                    tobit=tobit[k + 1] if tobit is not None and fixed else None,
                    tobit_low=tobit_bounds[0, k + 1] if fixed and tobit_bounds is not None else None,
                    tobit_high=tobit_bounds[1, k + 1] if fixed and tobit_bounds is not None else None,
                    theorem=theorem_exponent(theorem_quantity, axis[2]),
                )  # fmt: skip
            )
        fits.append(Fit(quantity, len(found), censored, tuple(exponents), fitted))
    return fits


Measure = Callable[[Cell, list[int]], "tuple[float, int] | None"]  # (value, censoring) of a cell's resample


def _width_at(j: int) -> Measure:
    return lambda cell, seeds: _censored_at(cell, seeds, j)


def _iterations_measure(cell: Cell, seeds: list[int]) -> tuple[float, int] | None:
    value = iterations_of(cell.outcomes, seeds)
    return None if not value else (float(value), 0)


def _censored_at(cell: Cell, seeds: list[int], j: int) -> tuple[float, int] | None:
    cell_budgets = cell.budgets()
    return cell.censored_m_star(seeds, cell_budgets[min(j, len(cell_budgets) - 1)][1])


def _tobit_bootstrap(replicate) -> np.ndarray | None:
    rng = np.random.default_rng(1)
    draws = []
    for _ in range(TOBIT_REPLICATES):
        sample = replicate(rng)
        if sample is not None:
            draws.append(fit_censored_power_law(*sample)[0])
    return nan_percentiles(np.array(draws)) if draws else None


def _interval(low, high) -> str:
    return f"[{low:.2f}, {high:.2f}]" if low is not None and np.isfinite(low) else "—"


def exponents_table(cells: list[Cell], outdir: Path, fits: list[Fit] | None = None) -> list[Path]:
    """(b) The fitted exponents of m*(T) and of the iterations, least squares on the cells with m* found
    and Tobit with the censored cells in, with bootstrap intervals, beside the theorem's."""
    rows = []
    for fit in exponent_fits(cells) if fits is None else fits:
        if not fit.rows:
            rows.append([fit.quantity, "(too few cells to fit)", "", "", "", "", ""])
        quantity = fit.quantity.removeprefix("width ")  # the m* in it says it is the width
        for row in fit.rows:
            rows.append(
                [
                    quantity,
                    row.axis,
                    f"{row.fitted:.2f}" if np.isfinite(row.fitted) else "—",
                    _interval(row.low, row.high) if np.isfinite(row.fitted) else "—",
                    "—" if row.tobit is None else f"{row.tobit:.2f}",
                    _interval(row.tobit_low, row.tobit_high),
                    row.theorem,
                ]
            )
    used = main_cells(cells)
    limited = [c for c in cells if c.time_limited]
    left_out = (
        f" {len(limited)} cells whose planned T exceeded the cap are left out ({cell_list(limited)})."
        if limited
        else ""
    )
    table = Table(
        [["quantity", "variable", "exponent", "95% interval", "exponent", "95% interval", "Theorem 1"]],
        rows,
        align="llrrrrr",
        spans=[(2, 3, "m* found"), (4, 5, "censored in (Tobit)")],
        notes=[
            f"m*(T) and the median steps to ε at the widest width tried ∝ product of (variable)^exponent over the "
            f"{len(used)} cells on synthetic data at step auto. 'm* found': least squares on logs over the cells "
            "where m* was found; 'censored in': a Tobit fit on log m* in which a cell with no m* up to the widest "
            "width tried counts as above it and one whose smallest width sufficed as at most that. — where every "
            "cell with m* found has one value of the variable: least squares cannot fix its exponent, and the "
            "censored cells bound it without fixing it. Intervals: "
            f"percentiles of {BOOTSTRAP_REPLICATES} (Tobit: {TOBIT_REPLICATES}) bootstrap resamples of the data "
            "draws of each cell and of each draw's seeds."
            + left_out
            + f" Theorem 1's exponents as encoded in {THEOREM} (boundcalc explain {THEOREM} lists them), logs aside; "
            f"{settings_line(cells)}."
        ],
    )
    return _tables(table, outdir, "exponents", "Fitted growth of the empirical width and iterations")


def _time_of(cell: Cell, seeds: list[int]) -> float | None:
    """Median over these seeds of η·m·(steps to ε) at the widest width tried: the gradient-flow time,
    which is what two step rules can be compared on."""
    widest = max(cell.outcomes)
    runs = {r.seed: r for r in cell.runs if r.m == widest}
    times = [
        run.step_size * widest * run.reached_at
        for s in seeds
        if (run := runs.get(s)) is not None and run.reached_at > 0 and run.step_size is not None
    ]
    return float(np.median(times)) if times else None


def step_rule_fits(cells: list[Cell]) -> list[StepRuleFit]:
    """Like for like on iterations: for each step rule on the n axis (L, d, δ fixed), the steps to ε and
    η·m·steps at the widest width ∝ n^a, with bootstrap intervals over draws and seeds, beside
    Theorem 1's exponent of n in T (at its own step) and in η·m·T."""
    base = _n_axis(cells)
    if not base:
        return []
    fixed = {k: getattr(base[0].settings, k) for k in ("L", "d", "separation", "data")}
    on_axis = [c for c in cells if all(getattr(c.settings, k) == v for k, v in fixed.items()) and not c.time_limited]
    rules = sorted({c.settings.rule for c in on_axis})
    iterations_n = theorem_power("iterations", "n")
    step_n = theorem_power("step_size", "n")
    theorem = {
        "steps": iterations_n,
        "η·m·steps": None if iterations_n is None or step_n is None else iterations_n + step_n,
    }
    out = []
    for rule in rules:
        group = [c for c in on_axis if c.settings.rule == rule and c.outcomes]
        if len({c.settings.n for c in group}) < 2:
            continue
        x = np.array([[c.settings.n] for c in group], dtype=float)
        position = {c.key: k for k, c in enumerate(group)}
        for quantity, measure in (
            ("steps", lambda c, chosen: iterations_of(c.outcomes, chosen)),
            ("η·m·steps", _time_of),
        ):

            def sample(rng, measure=measure, group=group, position=position, x=x):
                drawn = [(position[c.key], measure(c, chosen)) for c, chosen in resampled(group, rng)]
                kept = [(k, v) for k, v in drawn if v]
                if len({x[k, 0] for k, _ in kept}) < 2:
                    return None
                return x[[k for k, _ in kept]], np.array([v for _, v in kept], dtype=float)

            point = sample(None)
            if point is None:
                continue
            coefficients, _ = fit_power_law(*point)
            bounds, _ = bootstrap_power_law(sample, BOOTSTRAP_REPLICATES)
            out.append(
                StepRuleFit(
                    rule=rule,
                    quantity=quantity,
                    fitted=coefficients[1],
                    low=bounds[0, 1],
                    high=bounds[1, 1],
                    theorem=theorem[quantity],
                    n=tuple(sorted({c.settings.n for c in group})),
                )  # fmt: skip
            )
    return out


def step_rule_table(cells: list[Cell], outdir: Path, fits: list[StepRuleFit]) -> list[Path]:
    """(h) The n exponent of the steps and of η·m·steps under each step rule, beside Theorem 1's."""
    if not fits:
        return []
    rows = [
        [
            f.rule,
            f.quantity,
            ", ".join(map(str, f.n)),
            f"{f.fitted:.2f}",
            _interval(f.low, f.high),
            "unknown" if f.theorem is None else f"{f.theorem:g}",
        ]  # fmt: skip
        for f in fits
    ]
    table = Table(
        [["step rule", "quantity", "n", "exponent of n", "95% interval", "Theorem 1"]],
        rows,
        align="llrrrr",
        notes=[
            "Steps to ε (median over seeds) at the widest width tried, and η·m·steps (the gradient-flow time, what "
            "two step rules can be compared on), ∝ n^exponent by least squares on logs; intervals from "
            f"{BOOTSTRAP_REPLICATES} bootstrap resamples of data draws and seeds. 'theory' is Theorem 1's step η "
            f"(∝ {body_text(REGISTRY[THEOREM].quantity('step_size'))}) times the factor shown; Theorem 1's exponents "
            "read from the registry: its iterations at "
            "its own step, and those plus its step's for η·m·T. "
            f"{settings_line(cells)}."
        ],
    )
    return _tables(table, outdir, "steps", "Iterations like for like: each step rule, and η·m·T")


def gradients_figure(cells: list[Cell], outdir: Path) -> list[Path]:
    """(c) ‖∇F‖² against F along the trajectories of the largest cell, with Theorem 3's two lines."""
    plt = _pyplot()
    biggest = max(cells, key=lambda c: (c.settings.n, c.settings.L))
    s = biggest.settings
    figure, axis = plt.subplots(figsize=(COLUMN, 3.5))
    widths = sorted({r.m for r in biggest.runs})
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(widths)))
    for colour, m in zip(colours, widths):
        for j, run in enumerate(r for r in biggest.runs if r.m == m):
            loss = np.asarray(run.loss, dtype=float)
            grad = np.asarray(run.grad_sq, dtype=float)
            keep = np.isfinite(loss) & np.isfinite(grad) & (loss > 0)
            axis.plot(loss[keep], grad[keep], ".-", color=colour, alpha=0.6, ms=3, label=f"m = {m}" if j == 0 else None)
    loss_range = np.array([1e-4, 1e2])
    if biggest.delta:  # Theorem 3's two ratios ‖∇F‖²/F as the registry encodes them (hidden constants 1)
        for name, colour, side in (("grad_lower", "C3", "lower"), ("grad_upper", "C1", "upper")):
            quantity = REGISTRY[GRADIENTS].quantity(name)
            formula = f"{body_text(quantity)}·F ({quantity.status or REGISTRY[GRADIENTS].status})"
            for m, style in ((widths[0], ":"), (widths[-1], "--")):
                point = {"n": s.n, "L": s.L, "d": s.d, "delta": biggest.delta, "m": m}
                ratio = 10 ** evaluate(GRADIENTS, name, point).log10
                label = f"Thm 3 {side} {formula}, m = {m}"
                axis.plot(loss_range, loss_range * ratio, style, color=colour, label=label)
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="training loss $F$",
        ylabel=r"$\|\nabla F\|_F^2$ ($W_1..W_L$)",
        title=f"Gradient against loss, n = {s.n}, L = {s.L}",
    )
    axis.grid(True, alpha=0.3)
    figure.legend(*axis.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=5, frameon=False)
    figure.tight_layout(rect=(0, 0.22, 1, 1))
    return _save(figure, outdir, "gradients")


def separation_figure(cells: list[Cell], outdir: Path) -> list[Path]:
    """(f) m* and the iterations at the widest width against δ, log-log, one line per (n, L, d) that
    varies δ, with Theorem 1's slopes (its exponents of δ in the width and the iterations, from the
    registry) drawn through the largest δ; a cell with no m* up to the widest width is an open marker
    at that width."""
    groups: dict[tuple, list[Cell]] = {}
    for c in main_cells(cells):
        if c.settings.separation is not None:
            s = c.settings
            groups.setdefault((s.n, s.L, s.d, s.seed), []).append(c)
    groups = {key[:3]: group for key, group in groups.items() if len({c.settings.separation for c in group}) > 1}
    if not groups:
        return []
    import matplotlib.ticker

    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(2 * COLUMN, 2.6))
    used = fitted_cells(cells)
    deltas = sorted({_separation(c) for group in groups.values() for c in group})
    for k, ((n, depth, d), group) in enumerate(sorted(groups.items())):
        group.sort(key=_separation)
        style = dict(color=f"C{k % 10}", marker="os^Dv"[k % 5], ms=4)
        found = [(c.settings.separation, c.m_star) for c in group if c in used]
        if found:
            axes[0].plot(*zip(*found), "-", label=f"n={n} L={depth} d={d}", **style)
        beyond = [(c.settings.separation, max(c.outcomes)) for c in group if not c.m_star and c.outcomes]
        if beyond:
            axes[0].plot(*zip(*beyond), linestyle="none", mfc="none", label=f"no m* up to the widest (n={n} L={depth})",
                         **style)  # fmt: skip
        steps = [(c.settings.separation, iterations_of(c.outcomes, c.seeds)) for c in group if c.outcomes]
        steps = [(delta, value) for delta, value in steps if value]
        if steps:
            axes[1].plot(*zip(*steps), "-", label=f"n={n} L={depth} d={d}", **style)
    slopes = (theorem_power("width", "delta"), theorem_power("iterations", "delta"))
    for axis, slope, what in (
        (axes[0], slopes[0], "width $m^*$"),
        (axes[1], slopes[1], "steps to ε at the widest width"),
    ):
        values = [float(v) for line in axis.get_lines() for v in line.get_ydata()]
        if values and slope is not None:
            top = [float(line.get_ydata()[-1]) for line in axis.get_lines() if line.get_xdata()[-1] == deltas[-1]]
            anchor = float(np.exp(np.mean(np.log(top or values))))
            grid = np.geomspace(deltas[0], deltas[-1])
            axis.plot(grid, anchor * (grid / deltas[-1]) ** slope, "k--", label=f"Theorem 1's slope δ^{slope:g}")
            axis.set_ylim(0.5 * min(values), 2 * max(values))
        axis.set(xscale="log", yscale="log", xlabel="separation δ", ylabel=what)
        axis.set_xticks(deltas, [f"{v:g}" for v in deltas])
        axis.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=6)
    figure.suptitle("Against δ alone", fontsize=8)
    return _save(figure, outdir, "separation")


def _separation(cell: Cell) -> float:
    separation = cell.settings.separation
    assert separation is not None  # only cells that prescribe δ are drawn against it
    return separation


def kernel_figure(cells: list[Cell], outdir: Path) -> list[Path]:
    """(g) Steps to ε measured against those the linearised network at the limit kernel predicts for
    the same step, every run that reached ε, coloured by m/m*; the diagonal is the lazy regime."""
    points = [
        (r.iterations_kernel, r.reached_at, r.m / c.m_star)
        for c in cells
        if c.m_star
        for r in c.runs
        if r.iterations_kernel and r.reached_at > 0
    ]
    if not points:
        return []
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(COLUMN, 2.9))
    predicted, measured, ratio = (np.array(v, dtype=float) for v in zip(*points))
    shown = axis.scatter(predicted, measured, c=np.log2(ratio), cmap="viridis", s=8, alpha=0.7)
    figure.colorbar(shown, ax=axis, label="log2(m / m*)")
    ends = [min(predicted.min(), measured.min()) / 1.5, max(predicted.max(), measured.max()) * 1.5]
    axis.plot(ends, ends, "k--", label="measured = kernel prediction")
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="steps predicted by the limit kernel",
        ylabel="steps measured to $F \\leq \\varepsilon$",
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


def movement_slope(cells: list[Cell]) -> MovementSlope | None:
    """The power law of relative movement in m over every run of every cell; None with under three widths."""
    points = [pair for _, pairs in _movement(cells) for pair in pairs]
    if len({m for m, _ in points}) <= 2:
        return None
    m_values, moved = np.array(points, dtype=float).T
    (intercept, slope), (_, half) = fit_power_law(m_values[:, None], moved)
    return MovementSlope(intercept, slope, half, m_values.min(), m_values.max())


def movement_figure(cells: list[Cell], outdir: Path, slope: MovementSlope | None) -> list[Path]:
    """(d) Relative distance moved at the end against m, per cell, with the fitted slope if any."""
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(COLUMN, 2.7))
    sizes = sorted({cell.settings.n for cell, _ in _movement(cells)})
    labelled: set[int] = set()
    for cell, pairs in _movement(cells):  # one colour per n: the cells of one n are alike here
        n = cell.settings.n
        if pairs:
            axis.plot(*zip(*pairs), "o", ms=2.5, alpha=0.5, color=PALETTE[sizes.index(n) % len(PALETTE)],
                      label=None if n in labelled else f"n = {n}")  # fmt: skip
            labelled.add(n)
    if slope is not None:
        grid = np.geomspace(slope.m_low, slope.m_high, 50)
        axis.plot(grid, np.exp(slope.intercept) * grid**slope.slope, "k-", label=f"fit: slope {slope.text}")
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="width $m$",
        ylabel=r"$\|W - W^{(0)}\|_F / \|W^{(0)}\|_F$ at the end",
        title="Distance moved from initialisation",
    )
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=6)
    return _save(figure, outdir, "movement")


def looseness_table(cells: list[Cell], outdir: Path, slope: MovementSlope | None) -> list[Path]:
    """(e) m*(T) at every step budget and log10(Theorem 1 width / m*) at the largest, per cell; '≥ m'
    where no width up to the widest tried sufficed, a dagger where success was not monotone in m."""
    names = [name for name, _ in cells[0].budgets()]
    varied = differing(cells)
    rows = []
    for c in sorted(cells, key=_cell_order):
        s = c.settings
        shown = []
        for _, within in c.budgets():
            value = c.censored_m_star(c.seeds, within)
            text = "—" if value is None else (f"> {int(value[0])}" if value[1] > 0 else str(int(value[0])))
            shown.append(text + (" (nm)" if value and c.non_monotone(within) else ""))
        shown += ["—"] * (len(names) - len(shown))
        m_star = c.m_star_within(c.seeds, c.budgets()[-1][1]) if c.outcomes else None
        loose = f"{c.theory_log10 - math.log10(m_star):.1f}" if m_star and c.theory_log10 is not None else "—"
        rows.append(
            [
                str(s.n),
                str(s.L),
                str(s.d),
                f"{c.delta:.3f}" if c.delta else "—",
                s.data,
                s.rule,
                str(s.seed),
                *shown,
                c.theory or "—",
                c.floor,
                loose,
                f"{s.steps}" + (" (capped)" if c.time_limited else ""),
                *(f"{v:g}" if isinstance(v := getattr(s, k), float) else str(v) for k in varied),
            ]  # fmt: skip
        )
    table = Table(
        [
            [
                "n",
                "L",
                "d",
                Formula(r"$\delta$", "δ"),
                "data",
                "step",
                "draw",
                *(Formula("$m^*$ (" + name.replace("×", r"$\times$") + ")", f"m* ({name})") for name in names),
                Formula("Theorem 1 $m$", "Theorem 1 m"),
                Formula("floor", "floor"),
                Formula(r"$\log_{10}(m/m^*)$", "log10(m/m*)"),
                "T run",
                *(k.replace("_", " ") for k in varied),
            ]  # fmt: skip
        ],
        rows,
        align="r" * (11 + len(names) + len(varied)),
        notes=[
            f"{settings_line(cells)}. m* at each T multiple is judged from the runs at the largest (the step each "
            "seed reached ε); > m: no width up to m sufficed; (nm): a narrower width than m* also succeeded (success not "
            f"monotone in m). Theorem 1 width with C = 1 and log power {theorem_log_power()} at the measured δ, "
            "looseness at the largest T; "
            "floor √(nd/L). "
            + (f"Relative movement falls with m with slope {slope.text} (log-log)." if slope is not None else "")
        ],
    )
    return _tables(
        table, outdir, "looseness", "m* at each step budget and the looseness of Theorem 1's width, per cell"
    )


def _cell_order(c: Cell) -> tuple:
    s = c.settings
    return (s.data, str(s.lr), s.L, s.d, s.separation or 0, s.n, s.seed)


def _movement(cells: list[Cell]) -> list[tuple[Cell, list[tuple[int, float]]]]:
    """Each cell (by L, then n) with the (m, final relative movement) of its runs that neither diverged nor lack it."""
    out = []
    for cell in sorted(cells, key=lambda c: (c.settings.L, c.settings.n)):
        pairs = [(r.m, r.movement[-1]) for r in cell.runs if r.diverged_at < 0 and r.movement and r.movement[-1]]
        out.append((cell, pairs))
    return out


def _pyplot():
    # Imported here, not at the top, so that the calculator never loads matplotlib.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from cycler import cycler

    plt.rcParams.update(
        {"font.size": 8, "svg.hashsalt": "boundcalc", "axes.prop_cycle": cycler(color=PALETTE), "legend.fontsize": 6}
    )
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
