"""A figure's data drawn with matplotlib, and saved as PNG, PDF or SVG with the same bytes on every run.

matplotlib is an optional extra (``pip install 'boundcalc[plot]'``), imported only here. Figures are
made without pyplot (no window, no global figure list); Jupyter shows the returned figure itself.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from boundcalc.errors import InputError
from boundcalc.figures.data import GRID_POINTS, Line, PlotData, plot_data
from boundcalc.figures.pgfplots import DASHES, PALETTE, to_pgfplots

# inches: one column of a two-column paper, and both columns
SIZES = {"column": (3.4, 2.55), "two-column": (7.0, 2.9)}
FORMATS = ("png", "pdf", "svg", "pgfplots")
_DASHES = {"solid": "-", "dashed": "--", "dashdotted": "-.", "dotted": ":"}
_GREYS = ("0.3", "0.55")
_REFERENCE_DASHES = ((0, (4, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)))
_ORDERS = {"Ω": r"$\Omega$", "Ω̃": r"$\tilde{\Omega}$", "Θ": r"$\Theta$", "O": "$O$", "Õ": r"$\tilde{O}$"}
# no software name, version or date in the file: a rerun writes the same bytes
_METADATA = {
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
    "svg": {"Date": None, "Creator": None},
}
_STYLE = {"svg.hashsalt": "boundcalc", "svg.fonttype": "path", "pdf.fonttype": 42, "font.size": 8}


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise InputError(
            "PNG, PDF and SVG figures need matplotlib, an optional extra: pip install 'boundcalc[plot]' "
            "(or write --format pgfplots, which needs nothing)"
        ) from None
    return matplotlib


def _text(text: str) -> str:
    """Text shown as is: a dollar sign never starts mathtext."""
    return str(text).replace("$", r"\$")


def _label(line: Line) -> str:
    order = _ORDERS.get(line.order, _text(line.order)) if line.order else "exact"
    return f"{_text(line.key)} ({_text(line.status)}, {order}{', order only' if line.order_only else ''})"


def figure_of(data: PlotData, size: str = "column") -> Any:
    """A ``PlotFigure`` drawing ``data``."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

    if size not in SIZES:
        raise InputError(f"size must be one of {', '.join(SIZES)}, got {size!r}")

    class PlotFigure(Figure):
        """A matplotlib Figure that keeps its data: ``.data`` (a PlotData) and ``.to_frame()``."""

        data: PlotData

        def to_frame(self) -> Any:
            return self.data.to_frame()

        def _repr_png_(self) -> bytes:
            return figure_bytes(self, "png")

    width, height = SIZES[size]
    columns = 1 if size == "column" else 2
    entries = len(data.lines) + bool(data.measured) + bool(data.crossings)
    with matplotlib.rc_context(_STYLE):
        # the legend sits under the axes, never over a line; the figure grows by its rows
        figure = PlotFigure(figsize=(width, height + 0.115 * math.ceil(entries / columns)), layout="constrained")
        figure.data = data
        axis = figure.add_subplot()
        bounds = [line for line in data.lines if not line.reference]
        references = [line for line in data.lines if line.reference]
        shown = [line.y for line in data.lines] + [[math.log10(c.m_star or c.widest) for c in data.measured]]
        on_log10 = data.yscale == "log" or data.looseness
        length = _arrow_length(shown if on_log10 else [np.power(10.0, v) for v in shown])
        for line in data.lines:
            if line.reference:
                r = references.index(line)
                style: dict[str, Any] = {
                    "color": _GREYS[r % 2],
                    "linestyle": _REFERENCE_DASHES[r % 3],
                    "linewidth": 1.0,
                }
            else:
                k = bounds.index(line)
                style = {
                    "color": tuple(c / 255 for c in PALETTE[k % len(PALETTE)]),
                    "linestyle": _DASHES[DASHES[k % len(DASHES)]],
                    "linewidth": 1.3,
                }
            y = line.y if on_log10 else np.power(10.0, line.y)
            if data.looseness:
                high, censored = line.bracket()
                up = np.where(censored | ~np.isfinite(high), 0.0, high - line.y)
                axis.errorbar(line.x, y, yerr=[np.zeros_like(up), up], marker="o", ms=3, capsize=2, label=_label(line),
                              **style)  # fmt: skip
                for x, value, below in zip(line.x, y, censored):
                    if below:
                        _arrow(axis, x, value, -length, style["color"])
            else:
                axis.plot(line.x, y, label=_label(line), **style)
        if data.measured:
            _draw_measured(axis, data, length)
        if data.crossings:
            xs = [c.x for c in data.crossings]
            ys = [c.y if data.yscale == "log" else 10.0**c.y for c in data.crossings]
            axis.plot(xs, ys, "o", mfc="none", mec="black", ms=6, linestyle="none", label="crossing")
        axis.set_xscale(data.xscale)
        axis.set_xlim(data.low, data.high)
        if data.xticks:  # a short log range: 20, 50, 100, … written out
            axis.xaxis.set_major_locator(FixedLocator(list(data.xticks)))
            axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.6g}"))
            axis.xaxis.set_minor_formatter(NullFormatter())
        if data.yscale == "log" and not data.looseness:
            axis.yaxis.set_major_locator(FixedLocator(list(data.yticks)))
            axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{int(round(v))}}}$"))
            axis.yaxis.set_minor_locator(NullLocator())
            axis.set_ylim(data.yticks[0], data.yticks[-1])
        axis.set_xlabel(_text(data.x_label()))
        axis.set_ylabel(_text(data.y_label()))
        axis.grid(True, which="major", alpha=0.3, linewidth=0.5)
        figure.legend(fontsize=6, loc="outside lower center", ncols=columns, frameon=False, handlelength=3)
    return figure


def _arrow(axis: Any, x: float, start: float, length: float, colour: Any = "black") -> None:
    """An arrow from (x, start) up (length > 0) or down: a bound on a value, not the value."""
    axis.annotate("", (x, start + length), (x, start), arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.0})


def _arrow_length(drawn: Any) -> float:
    """An eighteenth of the y values' span (at least a tenth of a decade): visible at any range."""
    values = np.concatenate([np.asarray(v, dtype=float).ravel() for v in drawn] or [np.zeros(1)])
    values = values[np.isfinite(values)]
    return max((values.max() - values.min()) / 18, 0.1) if values.size else 0.1


def _draw_measured(axis: Any, data: PlotData, length: float) -> None:
    """m* with a bar down to the widest failed width (an arrow down where none below it was tried);
    cells where no width sufficed: arrows up from the widest width tried."""
    found = [c for c in data.measured if not c.censored]
    log = data.yscale == "log"
    if found:
        top = np.array([math.log10(c.m_star or 1) for c in found])
        bottom = np.array([math.log10(c.below) if c.below else math.log10(c.m_star or 1) for c in found])
        y = top if log else np.power(10.0, top)
        down = top - bottom if log else y - np.power(10.0, bottom)
        axis.errorbar([c.x for c in found], y, yerr=[down, np.zeros_like(down)], fmt="o", color="black", ms=3,
                      capsize=2, elinewidth=0.8, label="measured $m^*$", zorder=5)  # fmt: skip
    if any(c.censored for c in data.measured):  # the arrows' legend entry
        axis.plot(
            [], [], marker=r"$\uparrow$", linestyle="none", color="black", label="no $m^*$ up to the widest tried"
        )
    for cell in data.measured:
        value = math.log10(cell.m_star or cell.widest)
        start = value if log else 10.0**value
        if cell.censored:
            _arrow(axis, cell.x, start, length)
        elif cell.below is None:
            _arrow(axis, cell.x, start, -length)


def figure_bytes(figure: Any, fmt: str) -> bytes:
    """The figure as png, pdf or svg, with no date or software version in the file."""
    import io

    matplotlib = _matplotlib()
    buffer = io.BytesIO()
    with matplotlib.rc_context(_STYLE):
        figure.savefig(buffer, format=fmt, dpi=200, metadata=_METADATA[fmt])
    return buffer.getvalue()


def plot(
    quantity: str = "width",
    over: str = "n=10:1e6",
    theorems: Any = "als19-gd",
    inputs: Any = None,
    *,
    size: str = "column",
    points: int = GRID_POINTS,
    scale: str | None = None,
    references: bool = False,
    store: Any = None,
    looseness: bool = False,
    crossovers: bool = False,
    orders: bool = False,
    registry: Any = None,
    **given: object,
) -> Any:
    """A matplotlib Figure of ``quantity`` of one or more theorems as one input varies (``over="n=10:1e6"``).

    The figure keeps its data: ``figure.data`` and ``figure.to_frame()`` (a pandas DataFrame); entries
    left out, and why, are in ``figure.data.notes``. Save it with ``figure.savefig`` (or
    ``boundcalc.figures.draw.figure_bytes``, which writes no date). Needs matplotlib; never imports torch.

    For example ``plot("width", "n=10:1e4", "als19-gd,du19-2layer", L=2, lambda0=0.1)`` (tested in
    tests/figures/test_plot.py, where matplotlib is installed).

    Args:
        quantity: The quantity drawn: ``width``, ``step_size``, ``iterations``, …
        over: The input that varies and its range, both ends included: ``NAME=LOW:HIGH``.
        theorems: Theorem keys, comma-separated (``"als19-gd,du19-2layer"``), or a list of keys and
            Theorems.
        inputs: The inputs held fixed, by name; ``None`` values are left out.
        size: ``"column"`` (one column of a two-column paper) or ``"two-column"``.
        points: Points on the grid, 2 to 5000.
        scale: The x axis, ``"log"`` or ``"linear"``; None: log where the range spans a decade.
        references: Add every floor and existence entry of the registry, drawn grey, for comparison.
        store: A study store whose measured m* are overlaid (width only; read, never written).
        looseness: Draw log10(bound / m*) at the store's cells instead (needs ``store``).
        crossovers: Mark where two entries cross.
        orders: Accepted for older callers; changes nothing.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **given: More fixed inputs by name, merged with ``inputs``.

    Returns:
        The figure, a matplotlib Figure with ``data`` and ``to_frame()``.

    Raises:
        InputError: matplotlib is not installed, ``over`` or an input is malformed or outside its
            domain, a fixed input is the one that varies, ``size`` or ``points`` is out of range,
            ``looseness`` lacks a ``store``, or nothing can be drawn (the notes say why).
        UnknownTheoremError: A theorem key is not in the registry.
    """
    data = plot_data(
        quantity,
        over,
        theorems,
        inputs,
        points=points,
        scale=scale,
        references=references,
        store=store,
        looseness=looseness,
        crossovers=crossovers,
        orders=orders,
        registry=registry,
        **given,
    )
    return figure_of(data, size)


def write(data: PlotData, path: str | Path, fmt: str, size: str = "column") -> None:
    """Write ``data`` to ``path`` as png, pdf, svg or pgfplots (a .tex, which needs no matplotlib)."""
    from boundcalc.parsing.files import writable_path, write_failure, write_text

    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "pgfplots":
        write_text(str(path), to_pgfplots(data, size), "--output")
        return
    content = figure_bytes(figure_of(data, size), fmt)
    target = writable_path(path, "--output")
    try:
        target.write_bytes(content)
    except OSError as error:
        raise write_failure(path, "--output", error) from None
