"""Tables and figures of a sweep, from its store alone (no training).

(a) width.png/pdf: the theorem's width, the empirical m* and the parameter-count floor against n,
    log-log, one panel per depth L; (b) exponents.*: m* ∝ n^α L^β fitted by least squares on logs,
    with 95% intervals, beside the theorem's (24, 12); (c) gradients.png/pdf: ‖∇F‖² against F along
    trajectories with Theorem 3's lines δm/(dn²)·F and Lnm/d·F (hidden constants 1); (d)
    movement.png/pdf: relative distance moved at the end against m, with the fitted slope;
    (e) looseness.*: log10(theorem width / m*) per cell.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from boundcalc._version import __version__
from boundcalc.numbers.evaluate import evaluate
from boundcalc.render.formats import render
from boundcalc.render.table import Formula, Table
from boundcalc.study.store import Store

FIGURE_FORMATS = ("png", "pdf")


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares coefficients of y on the columns of x (with an intercept) and their 95% half-widths."""
    from scipy import stats

    design = np.column_stack([np.ones(len(y)), x])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    dof = len(y) - design.shape[1]
    if dof <= 0:
        return coefficients, np.full(len(coefficients), np.nan)
    residual = y - design @ coefficients
    variance = residual @ residual / dof
    covariance = variance * np.linalg.pinv(design.T @ design)
    return coefficients, stats.t.ppf(0.975, dof) * np.sqrt(np.diag(covariance))


def _cells(store: Store) -> list[dict]:
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


def _save(figure, outdir: Path, name: str) -> list[Path]:
    paths = []
    for fmt in FIGURE_FORMATS:
        path = outdir / f"{name}.{fmt}"
        metadata = {"Software": None} if fmt == "png" else {"CreationDate": None, "Producer": None, "Creator": None}
        figure.savefig(path, dpi=110, bbox_inches="tight", metadata=metadata)
        paths.append(path)
    return paths


def _settings_line(cells: list[dict]) -> str:
    s = cells[0]["settings"]
    return (
        f"p = {s['success_fraction']:g} of {s['seeds']} seeds reach F ≤ {s['eps']:g} within T = {s['steps']} "
        f"steps, step {s['lr']}, {s['data']} data"
    )


def write_report(store_path: str | Path, outdir: str | Path) -> list[Path]:
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "svg.hashsalt": "boundcalc"})
    store = Store(store_path)
    try:
        cells = _cells(store)
    finally:
        store.close()
    if not cells:
        from boundcalc.errors import InputError

        raise InputError(f"store {str(store_path)!r} holds no cells")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    subtitle = _settings_line(cells)

    # (a) widths against n, per L
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
    figure.suptitle(f"Width needed: theorem vs training ({subtitle})", fontsize=8)
    written += _save(figure, outdir, "width")
    plt.close(figure)

    # (b) fitted exponents
    found = [c for c in cells if c["m_star"] and c["status"] == "found"]
    columns, names = [], []
    if len({c["settings"]["n"] for c in found}) > 1:
        columns.append(np.log([c["settings"]["n"] for c in found]))
        names.append(("α (n)", 24))
    if len({c["settings"]["L"] for c in found}) > 1:
        columns.append(np.log([c["settings"]["L"] for c in found]))
        names.append(("β (L)", 12))
    if len({c["settings"]["d"] for c in found}) > 1:
        columns.append(np.log([c["settings"]["d"] for c in found]))
        names.append(("γ (d)", 1))
    rows = []
    if columns and len(found) > len(columns) + 1:
        coefficients, half = _fit(np.column_stack(columns), np.log([c["m_star"] for c in found]))
        for (name, theorem), value, width in zip(names, coefficients[1:], half[1:]):
            rows.append([name, f"{value:.2f}", f"[{value - width:.2f}, {value + width:.2f}]", str(theorem)])
    else:
        rows.append(["(too few cells with m* found to fit)", "", "", ""])
    exponents = Table(
        [["exponent", "fitted", "95% interval", "theorem"]],
        rows,
        align="lrrr",
        notes=[
            f"m* ∝ n^α L^β (× d^γ where d varies) by least squares on logs over {len(found)} cells with m* found; {subtitle}."
        ],
    )
    written += _tables(exponents, outdir, "exponents", "Fitted growth of the empirical minimum width")

    # (c) ‖∇F‖² against F along trajectories, largest cell
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
    written += _save(figure, outdir, "gradients")
    plt.close(figure)

    # (d) relative movement against m
    figure, axis = plt.subplots(figsize=(5, 3.8))
    points = []
    for k, cell in enumerate(sorted(cells, key=lambda c: (c["settings"]["L"], c["settings"]["n"]))):
        pairs = [
            (r["m"], r["trajectory"]["movement_fro_rel"][-1])
            for r in cell["runs"]
            if r["diverged_at"] < 0 and r["trajectory"]["movement_fro_rel"] and r["trajectory"]["movement_fro_rel"][-1]
        ]
        if pairs:
            axis.plot(
                *zip(*pairs),
                "o",
                ms=3,
                alpha=0.6,
                color=f"C{k % 10}",
                label=f"n = {cell['settings']['n']}, L = {cell['settings']['L']}",
            )
            points += pairs
    slope_text = ""
    if len({m for m, _ in points}) > 2:
        m_values, moved = np.array(points, dtype=float).T
        (intercept, slope), (_, half) = _fit(np.log(m_values)[:, None], np.log(moved))
        grid = np.geomspace(m_values.min(), m_values.max(), 50)
        axis.plot(grid, np.exp(intercept) * grid**slope, "k-", label=f"fit: slope {slope:.2f} ± {half:.2f}")
        slope_text = f"{slope:.2f} ± {half:.2f}"
    axis.set(
        xscale="log",
        yscale="log",
        xlabel="width m",
        ylabel="‖W − W⁽⁰⁾‖_F / ‖W⁽⁰⁾‖_F at the end",
        title="Relative distance moved from initialisation",
    )
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=6)
    written += _save(figure, outdir, "movement")
    plt.close(figure)

    # (e) looseness per cell
    rows = []
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
            ]
        )
    looseness = Table(
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
            ]
        ],
        rows,
        align="rrrrrrrr",
        notes=[
            f"{subtitle}. Theorem 1 width with C = 1 and log power 5 at the measured δ; floor √(nd/L). "
            + (f"Relative movement falls with m with slope {slope_text} (log-log)." if slope_text else "")
        ],
    )
    written += _tables(looseness, outdir, "looseness", "Looseness of Theorem 1's width, per cell")
    return written


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
