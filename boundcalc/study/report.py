"""Tables and figures of a sweep, from its store alone (no training).

(a) width.png/pdf: the theorem's width, the empirical m* and the parameter-count floor against n,
    log-log, one panel per depth L; (b) exponents.*: m* ∝ n^α L^β fitted by least squares on logs,
    with 95% intervals, beside the theorem's (24, 12); (c) gradients.png/pdf: ‖∇F‖² against F along
    trajectories with Theorem 3's lines δm/(dn²)·F and Lnm/d·F (hidden constants 1); (d)
    movement.png/pdf: relative distance moved at the end against m, with the fitted slope;
    (e) looseness.*: log10(theorem width / m*) per cell.

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
from boundcalc.study.fits import fit_power_law
from boundcalc.study.store import Store

FIGURE_FORMATS = ("png", "pdf")


def write_report(store_path: str | Path, outdir: str | Path) -> list[Path]:
    """Write the five artefacts of the sweep stored at store_path into outdir; returns the paths written."""
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
        cells.append(
            {
                **cell,
                "delta": delta,
                "theory": theory,
                "floor": floor,
                "theory_log10": theory.log10 if theory else None,
                "floor_log10": floor.log10,
                "runs": [r for r in runs if r["cell"] == cell["cell"]],
            }
        )
    return cells


def width_figure(cells: list[dict], outdir: Path) -> list[Path]:
    """(a) Theorem 1's width, the empirical m* and the floor against n, one panel per depth L."""
    import matplotlib.ticker

    plt = _pyplot()
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


def exponents_table(cells: list[dict], outdir: Path) -> list[Path]:
    """(b) m* ∝ n^α L^β (× d^γ) fitted over the cells with m* found, beside the theorem's exponents."""
    found = [c for c in cells if c["m_star"] and c["status"] == "found"]
    # Only factors that vary can be fitted; a constant one is collinear with the intercept.
    columns, names = [], []
    for key, name, theorem in (("n", "α (n)", 24), ("L", "β (L)", 12), ("d", "γ (d)", 1)):
        if len({c["settings"][key] for c in found}) > 1:
            columns.append([c["settings"][key] for c in found])
            names.append((name, theorem))
    rows = []
    if columns and len(found) > len(columns) + 1:
        coefficients, half = fit_power_law(np.column_stack(columns), np.array([c["m_star"] for c in found]))
        for (name, theorem), value, width in zip(names, coefficients[1:], half[1:]):
            rows.append([name, f"{value:.2f}", f"[{value - width:.2f}, {value + width:.2f}]", str(theorem)])
    else:
        rows.append(["(too few cells with m* found to fit)", "", "", ""])
    table = Table(
        [["exponent", "fitted", "95% interval", "theorem"]],
        rows,
        align="lrrr",
        notes=[
            f"m* ∝ n^α L^β (× d^γ where d varies) by least squares on logs over {len(found)} cells with m* found; "
            f"{_settings_line(cells)}."
        ],
    )
    return _tables(table, outdir, "exponents", "Fitted growth of the empirical minimum width")


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
    for c in sorted(cells, key=lambda c: (c["settings"]["L"], c["settings"]["n"], c["settings"]["d"])):
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
                *(k.replace("_", " ") for k in differing),
            ]
        ],
        rows,
        align="r" * (8 + len(differing)),
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


def _differing(cells: list[dict]) -> list[str]:
    """Settings that are not the same in every cell (a store holding the cells of several specs)."""
    return [k for k in _SHARED if len({repr(c["settings"].get(k)) for c in cells}) > 1]


def _settings_line(cells: list[dict]) -> str:
    differing = _differing(cells)
    if differing:
        return (
            f"the cells differ in {', '.join(differing)} (a store of several specs): "
            "the looseness table gives each cell's own"
        )
    s = cells[0]["settings"]
    return (
        f"p = {s['success_fraction']:g} of {s['seeds']} seeds reach F ≤ {s['eps']:g} within T = {s['steps']} "
        f"steps, step {s['lr']}, {s['data']} data"
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
