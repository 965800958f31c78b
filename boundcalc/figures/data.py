"""What a figure shows, computed without matplotlib: one quantity of several entries over one input.

``plot_data`` evaluates each entry with ``boundcalc.numbers.arrays.evaluate_many`` on a
grid of the input (log- or evenly spaced; whole numbers for whole inputs), the other inputs fixed as
in ``compare``. An entry with no value (an input or exponent missing, only an order known) is left out
and a note says why; one whose assumptions fail at part of the range is drawn only where they hold.
With a study store the measured m* are added (``boundcalc.figures.measured``); with ``looseness``
each entry is drawn as log10(bound / m*) at the store's cells instead.

Every y value is held as its log10 (a bound of 10^400 is as easy to draw as one of 10^4).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from boundcalc.errors import IncompleteError, InputError, MissingInputError
from boundcalc.numbers.arrays import evaluate_many, import_pandas
from boundcalc.numbers.evaluate import evaluate
from boundcalc.numbers.exact import coerce_inputs, number_text
from boundcalc.parsing.number import parse_number
from boundcalc.render.latex import latex_escape
from boundcalc.theory.bound import Theorem
from boundcalc.theory.evidence import weakest
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import BASES, INPUTS

if TYPE_CHECKING:  # measured.py reads stores into Measured and imports nothing from here at run time
    from boundcalc.figures.measured import Measured

GRID_POINTS = 200
MAX_GRID_POINTS = 5000
REFERENCE_KINDS = ("floor", "existence")  # lower references: no analysis through the NTK, or no network, below

# how an axis names an input or a quantity: (words, Unicode symbol, LaTeX symbol)
_INPUT_WORDS = {
    "n": "samples",
    "L": "depth",
    "d": "output dimension",
    "delta": "separation",
    "eps": "target loss",
    "b": "batch size",
    "m": "width",
    "eta": "step size",
    "fail_prob": "failure probability",
    "lambda0": "kernel eigenvalue",
    "lambda_deep": "kernel eigenvalue",
    "lambda_star": "Gram eigenvalue",
    "d_in": "input dimension",
}
_QUANTITY_LABELS = {
    "width": ("width", "m", "m"),
    "step_size": ("step size", "η", r"\eta"),
    "iterations": ("iterations", "T", "T"),
}


@dataclass(frozen=True)
class Line:
    """One entry drawn: ``y`` is log10 of its quantity at ``x`` (NaN where it has no value), or, in a
    looseness figure, log10(bound / m*) at the store's cells with ``y_high`` the same at the widest
    width that failed and ``censored`` marking cells with no m* (there ``y`` is an upper bound)."""

    key: str
    status: str
    order: str  # the Landau symbol the source writes (Ω, Ω̃, Θ)
    kind: str
    formula: str
    reference: bool  # a floor or existence row, drawn as a lower reference
    order_only: bool
    x: np.ndarray
    y: np.ndarray
    y_high: np.ndarray | None = None
    censored: np.ndarray | None = None

    def bracket(self) -> tuple[np.ndarray, np.ndarray]:
        """``y_high`` and ``censored``, NaN and False where the line has none (a bound, not a looseness)."""
        high = np.full(self.y.shape, np.nan) if self.y_high is None else self.y_high
        censored = np.zeros(self.y.shape, dtype=bool) if self.censored is None else self.censored
        return high, censored

    @property
    def label(self) -> str:
        """Key, status and order symbol, as the legend shows them."""
        order = self.order or "exact"  # a count with no hidden constant
        return f"{self.key} ({self.status}, {order}{', order only' if self.order_only else ''})"


@dataclass(frozen=True)
class Crossing:
    """Where two drawn entries cross, as ``boundcalc.numbers.crossover.crossover`` finds it."""

    a: str
    b: str
    x: float
    y: float  # log10 of the quantity there


@dataclass(frozen=True)
class PlotData:
    """Everything a figure shows, and the notes on what it leaves out; ``to_frame`` gives it as a table."""

    quantity: str
    over: str
    low: float
    high: float
    xscale: str  # "log" or "linear"
    yscale: str  # "log": y is log10 drawn on powers of ten; "linear": the values themselves
    inputs: dict[str, str]  # the other inputs, as given
    lines: tuple[Line, ...]
    measured: tuple[Measured, ...] = ()
    crossings: tuple[Crossing, ...] = ()
    notes: tuple[str, ...] = ()
    looseness: bool = False
    store: str | None = None
    yticks: tuple[int, ...] = field(default=())

    @property
    def xticks(self) -> tuple[float, ...]:
        """On a log axis under three decades, 1-2-5 ticks written as numbers (pgfplots and matplotlib would
        write 10^1.5 or nothing between powers of ten); otherwise none, the plotting library chooses."""
        if self.xscale != "log" or self.high / self.low >= 1000:
            return ()
        for mantissas in ((1, 2, 5), tuple(range(1, 10))):
            ticks = tuple(
                m * 10.0**k
                for k in range(math.floor(math.log10(self.low)), math.ceil(math.log10(self.high)) + 1)
                for m in mantissas
                if self.low * (1 - 1e-12) <= m * 10.0**k <= self.high * (1 + 1e-12)
            )
            if len(ticks) >= 3:
                return ticks
        return ticks

    def x_label(self, latex: bool = False) -> str:
        return axis_label(self.over, latex)

    def y_label(self, latex: bool = False) -> str:
        if self.looseness:
            return r"$\log_{10}(m / m^*)$" if latex else "log10(bound / measured m*)"
        words, symbol, tex = _QUANTITY_LABELS.get(self.quantity, (self.quantity.replace("_", " "), "", ""))
        if latex:
            return f"{words} ${tex}$" if tex else latex_escape(words)
        return f"{words} {symbol}".strip()

    def rows(self) -> list[dict[str, Any]]:
        """One dict per point drawn: ``series``, ``role`` (bound, reference, measured, crossing), ``status``,
        ``x``, ``log10`` (or the looseness), ``log10_high`` (an interval's other end) and ``censored``."""
        rows: list[dict[str, Any]] = []
        for line in self.lines:
            role = "reference" if line.reference else "bound"
            for x, y, high, censored in zip(line.x, line.y, *line.bracket()):
                rows.append(_row(line.key, role, line.status, x, y, float(high), bool(censored)))
        for cell in self.measured:
            value = math.log10(cell.m_star or cell.widest)
            high = math.log10(cell.below) if cell.below else math.nan
            rows.append(_row("measured m*", "measured", "measured", cell.x, value, high, cell.censored))
        for crossing in self.crossings:
            rows.append(_row(f"{crossing.a} × {crossing.b}", "crossing", "", crossing.x, crossing.y, math.nan, False))
        return rows

    def to_frame(self) -> Any:
        """``rows`` as a pandas DataFrame (``value`` is 10^log10, ``inf`` beyond float64); ``attrs``
        hold the quantity, the input varied, the fixed inputs and the notes. Needs pandas."""
        pandas = import_pandas()
        frame = pandas.DataFrame(
            self.rows(), columns=["series", "role", "status", "x", "log10", "log10_high", "censored"]
        )
        with np.errstate(over="ignore"):
            frame["value"] = np.power(10.0, frame["log10"].to_numpy(dtype=float))
        frame.attrs.update(
            quantity=self.quantity,
            over=self.over,
            inputs=dict(self.inputs),
            notes=list(self.notes),
            looseness=self.looseness,
            store=self.store,
        )
        return frame


def _row(series: str, role: str, status: str, x: float, y: float, high: float, censored: bool) -> dict[str, Any]:
    return {
        "series": series,
        "role": role,
        "status": status,
        "x": float(x),
        "log10": float(y),
        "log10_high": high,
        "censored": censored,
    }


def axis_label(name: str, latex: bool = False) -> str:
    """``samples n``; in LaTeX ``samples $n$``."""
    base = BASES.get(name)
    words = _INPUT_WORDS.get(name, "")
    if base is None:
        return latex_escape(name) if latex else name
    return f"{words} ${base.latex}$".strip() if latex else f"{words} {base.unicode}".strip()


def parse_over(text: str) -> tuple[str, Fraction, Fraction]:
    """``n=10:1e6`` → ("n", 10, 1000000): the input that varies and its range, both ends included."""
    name, equals, span = str(text).partition("=")
    name = name.strip()
    if not equals or ":" not in span:
        raise InputError(f"--over takes NAME=LOW:HIGH, e.g. n=10:1e6; got {text!r}")
    if name not in INPUTS:
        raise InputError(f"--over: unknown input {name!r}; known: {', '.join(INPUTS)}")
    low_text, _, high_text = span.partition(":")
    low, high = (
        parse_number(low_text.strip(), f"--over {name} low"),
        parse_number(high_text.strip(), f"--over {name} high"),
    )
    return name, low, high


def _grid(over: str, low: Fraction, high: Fraction, points: int, scale: str | None) -> tuple[np.ndarray, str]:
    shown = f"{number_text(low)}:{number_text(high)}"
    if not low < high:
        raise InputError(f"--over {over}: the low end must be below the high end, got {shown}")
    coerce_inputs({over: low})  # each end inside the input's domain (n ≥ 1, δ ≤ √2, p < 1)
    coerce_inputs({over: high})
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= MAX_GRID_POINTS:
        raise InputError(f"points must be a whole number in 2..{MAX_GRID_POINTS}, got {points!r}")
    try:
        low_f, high_f = float(low), float(high)
    except OverflowError:
        raise InputError(f"--over {over}: the range must lie within 1e-300..1e300, got {shown}") from None
    if not math.isfinite(high_f) or high_f > 1e300 or low_f < 1e-300:
        raise InputError(f"--over {over}: the range must lie within 1e-300..1e300, got {shown}")
    if scale is None:
        scale = "log" if high_f / low_f >= 10 else "linear"
    if scale not in ("log", "linear"):
        raise InputError(f"scale must be log or linear, got {scale!r}")
    spaced = np.geomspace(low_f, high_f, points) if scale == "log" else np.linspace(low_f, high_f, points)
    if INPUTS[over].kind == "integer":
        if low.denominator != 1 or high.denominator != 1:
            raise InputError(f"--over {over}: {over} is a whole number; give whole ends, got {shown}")
        if high > 2**53:  # beyond, floats skip whole numbers: the grid would not be the points named
            raise InputError(f"--over {over}: a whole input is drawn up to 2^53 ≈ 9.0e15, got {shown}")
        whole = np.unique(np.clip(np.round(spaced), int(low), int(high)).astype(np.int64))
        return whole, scale
    spaced[0], spaced[-1] = low_f, high_f
    return spaced, scale


def _fixed_arrays(fixed: Mapping[str, Fraction]) -> dict[str, Any]:
    arrays: dict[str, Any] = {}
    for name, value in fixed.items():
        if INPUTS[name].kind == "integer" and value < 2**62:
            arrays[name] = int(value)
            continue
        number = float(value) if abs(value) < 1e300 else math.inf
        if not 1e-300 < abs(number) < 1e300:
            raise InputError(f"{name} must lie within 1e-300..1e300 to be drawn, got {number_text(value)}")
        arrays[name] = number
    return arrays


def _curve(
    theorem: Theorem, quantity: str, over: str, xs: np.ndarray, fixed: dict[str, Any], registry: Registry, orders: bool
) -> tuple[np.ndarray, str | None]:
    """log10 of the quantity at each x; NaN and the first reason where the theorem's assumptions fail."""
    try:
        return evaluate_many(theorem, quantity, registry=registry, orders=orders, **fixed, **{over: xs}), None
    except (MissingInputError, IncompleteError):
        raise
    except InputError as error:
        reason = str(error)
    values = np.full(xs.shape, np.nan)
    for k in range(xs.size):  # some points break an assumption: keep the others
        try:
            values[k] = evaluate_many(
                theorem, quantity, registry=registry, orders=orders, **fixed, **{over: xs[k : k + 1]}
            )[0]
        except (MissingInputError, IncompleteError):
            raise
        except InputError:
            continue
    return values, reason


def _why_not(theorem: Theorem, quantity: str, error: InputError) -> str:
    """Why an entry is left out, as ``compare`` says it."""
    if isinstance(error, MissingInputError):
        return f"{theorem.key} {quantity} needs {error.name}" + (f" ({error.meaning})" if error.meaning else "")
    if isinstance(error, IncompleteError):
        return f"{theorem.key} {quantity} needs {error.needs(keyed=True)}"
    return f"{theorem.key} {quantity}: {error}"


def _entry(
    theorem: Theorem,
    quantity: str,
    over: str,
    xs: np.ndarray,
    fixed: Mapping[str, Fraction],
    registry: Registry,
    orders: bool,
    reference: bool,
    notes: list[str],
) -> Line | None:
    if quantity not in theorem.quantity_names:
        notes.append(f"{theorem.key} has no {quantity}")
        return None
    try:
        ys, partial = _curve(theorem, quantity, over, xs, _fixed_arrays(fixed), registry, orders)
    except InputError as error:
        notes.append(_why_not(theorem, quantity, error))
        return None
    drawn = np.flatnonzero(np.isfinite(ys))
    if drawn.size == 0:
        notes.append(f"{theorem.key} {quantity} has no value in this range: {partial}")
        return None
    if partial:
        notes.append(f"{theorem.key} {quantity} is drawn only where its assumptions hold ({partial})")
    ends = {int(drawn[0]), int(drawn[-1])}
    evaluations = [
        evaluate(theorem, quantity, {**fixed, over: Fraction(repr(xs[k].item()))}, registry=registry, orders=orders)
        for k in sorted(ends)
    ]
    for warning in dict.fromkeys(w for e in evaluations for w in e.warnings):
        notes.append(f"warning: {warning}")
    bound = theorem.quantity(quantity)
    if bound.order_only:
        notes.append(f"{theorem.key} {quantity} is known only as an order: drawn without {bound.order_only}")
    return Line(
        key=theorem.key,
        status=weakest(*(e.status for e in evaluations)),
        order=bound.order,
        kind=theorem.kind,
        formula=evaluations[0].formula,
        reference=reference,
        order_only=bool(bound.order_only),
        x=xs,
        y=ys,
    )


def _theorems(theorems: str | Sequence[str | Theorem], registry: Registry) -> list[Theorem]:
    keys = [k.strip() for k in theorems.split(",")] if isinstance(theorems, str) else list(theorems)
    chosen = [registry[k] if isinstance(k, str) else k for k in keys if not isinstance(k, str) or k]
    if not chosen:
        raise InputError("give at least one theorem key (see `boundcalc list`)")
    return list({t.key: t for t in chosen}.values())


def plot_data(
    quantity: str = "width",
    over: str = "n=10:1e6",
    theorems: str | Sequence[str | Theorem] = "als19-gd",
    inputs: Mapping[str, object] | None = None,
    *,
    points: int = GRID_POINTS,
    scale: str | None = None,
    references: bool = False,
    store: str | Path | None = None,
    looseness: bool = False,
    crossovers: bool = False,
    orders: bool = False,
    registry: Registry | None = None,
    **given: object,
) -> PlotData:
    """The data of a figure: ``quantity`` of each of ``theorems`` as ``over`` (``"n=10:1e6"``) varies.

    What ``plot`` draws, computed without matplotlib, so that a pgfplots figure needs nothing more.

    Args:
        quantity: The quantity drawn: ``width``, ``step_size``, ``iterations``, …
        over: The input that varies and its range, both ends included: ``NAME=LOW:HIGH``.
        theorems: Theorem keys, comma-separated, or a list of keys and Theorems.
        inputs: The inputs held fixed, by name, as ``evaluate`` takes them; ``None`` values are left out.
        points: Points on the grid, 2 to 5000.
        scale: The x axis, ``"log"`` or ``"linear"``; None: log where the range spans a decade.
        references: Add every floor and existence entry of the registry.
        store: A study store whose measured m* are overlaid (width only).
        looseness: Draw log10(bound / m*) at the store's cells instead (needs ``store``).
        crossovers: Mark where two entries cross.
        orders: Accepted for older callers; changes nothing.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        **given: More fixed inputs by name, merged with ``inputs``.

    Returns:
        The PlotData: a line per entry drawn, the measured cells, crossings, and notes on what was
            left out and why.

    Raises:
        InputError: ``over`` or an input is malformed or outside its domain, a fixed input is the
            one that varies, ``points`` is out of range, ``looseness`` lacks a ``store``, or nothing
            can be drawn.
        UnknownTheoremError: A theorem key is not in the registry.

    Examples:
        >>> data = plot_data("width", "n=10:1000", "als19-gd,du19-2layer,zou19", L=2, lambda0=0.1, points=3)
        >>> [line.label for line in data.lines], data.lines[0].x.tolist()
        (['als19-gd (restated, Ω)', 'du19-2layer (stated, Ω)'], [10, 100, 1000])
        >>> data.notes[0]
        'zou19 width needs the δ exponent (--exp zou19.width.delta=…)'
    """
    registry = REGISTRY if registry is None else registry
    name, low, high = parse_over(over)
    fixed = coerce_inputs({k: v for k, v in {**(inputs or {}), **given}.items() if v is not None})
    if name in fixed:
        raise InputError(f"{name} is what varies (--over): do not also give it")
    xs, xscale = _grid(name, low, high, points, scale)
    chosen = _theorems(theorems, registry)
    notes: list[str] = []
    lines = [_entry(t, quantity, name, xs, fixed, registry, orders, t.kind in REFERENCE_KINDS, notes) for t in chosen]
    if references:
        extra = [t for t in registry.values() if t.kind in REFERENCE_KINDS and t.key not in {c.key for c in chosen}]
        lines += [_entry(t, quantity, name, xs, fixed, registry, orders, True, notes) for t in extra]
    drawn = [line for line in lines if line is not None]
    measured: list[Measured] = []
    if looseness and store is None:
        raise InputError("--looseness needs --store: it is log10(bound / m*) at the store's measured m*")
    if store is not None:
        from boundcalc.figures.measured import measured_widths

        if quantity != "width":
            raise InputError(f"a store measures the width m*, not the {quantity}: plot width with --store")
        measured, store_notes = measured_widths(store, name, fixed, low, high)
        notes += store_notes
    marks: list[Crossing] = []
    if crossovers and not looseness:
        marks = _crossings(drawn, quantity, name, float(low), float(high), fixed, registry, orders, notes)
    if looseness:
        by_key = {t.key: t for t in [*registry.values(), *chosen]}
        drawn = [_loose(line, by_key[line.key], quantity, name, measured, fixed, registry, orders) for line in drawn]
    if not drawn:
        raise InputError("nothing to draw: " + "; ".join(notes))
    return PlotData(
        quantity=quantity,
        over=name,
        low=float(low),
        high=float(high),
        xscale=xscale,
        yscale="linear" if looseness else _yscale(drawn, measured),
        inputs={k: str(v) for k, v in {**(inputs or {}), **given}.items() if v is not None},
        lines=tuple(drawn),
        measured=tuple(() if looseness else measured),
        crossings=tuple(marks),
        notes=tuple(notes),
        looseness=looseness,
        store=None if store is None else str(store),
        yticks=_yticks(drawn, measured, looseness),
    )


def _finite(drawn: Sequence[Line], measured: Sequence[Measured], looseness: bool) -> np.ndarray:
    values = [line.y[np.isfinite(line.y)] for line in drawn]
    values += [line.y_high[np.isfinite(line.y_high)] for line in drawn if line.y_high is not None]
    if not looseness:
        values.append(np.array([math.log10(c.m_star or c.widest) for c in measured]))
    return np.concatenate(values) if values else np.array([])


def _yscale(drawn: Sequence[Line], measured: Sequence[Measured]) -> str:
    """Powers of ten where the values span a decade or more (or lie beyond floats), else the values."""
    values = _finite(drawn, measured, False)
    return "log" if values.max() - values.min() >= 1 or values.max() > 300 or values.min() < -300 else "linear"


def _yticks(drawn: Sequence[Line], measured: Sequence[Measured], looseness: bool) -> tuple[int, ...]:
    """Whole ticks at a round step, about seven at most, from one at or below the least value to one at or
    above the largest: a figure on powers of ten spans exactly its first to its last tick."""
    values = _finite(drawn, measured, looseness)
    bottom, top = math.floor(values.min()), math.ceil(values.max())
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500) if (top - bottom) / s <= 6), 1000)
    while (top - bottom) / step > 6:
        step *= 10
    start, end = math.floor(bottom / step) * step, math.ceil(top / step) * step
    return tuple(range(start, max(end, start + step) + 1, step))


def _crossings(
    drawn: Sequence[Line],
    quantity: str,
    over: str,
    low: float,
    high: float,
    fixed: Mapping[str, Fraction],
    registry: Registry,
    orders: bool,
    notes: list[str],
) -> list[Crossing]:
    from boundcalc.numbers.crossover import crossover

    bounds = [line for line in drawn if not line.reference]
    marks = []
    for i, first in enumerate(bounds):
        for second in bounds[i + 1 :]:
            try:
                found = crossover(first.key, second.key, over, quantity, fixed, registry=registry, orders=orders)
            except InputError as error:
                notes.append(f"no crossing of {first.key} and {second.key} sought: {error}")
                continue
            for crossing in found.crossings:
                x = (float(crossing.below) + float(crossing.above)) / 2
                if low <= x <= high:
                    y = float(np.interp(math.log10(x), np.log10(first.x), first.y))  # straight on log-log
                    marks.append(Crossing(first.key, second.key, x, y))
    return marks


def _loose(
    line: Line,
    theorem: Theorem,
    quantity: str,
    over: str,
    measured: Sequence[Measured],
    fixed: Mapping[str, Fraction],
    registry: Registry,
    orders: bool,
) -> Line:
    """The entry at the store's cells as log10(bound / m*): y at m* (an upper bound where none was
    found, at the widest width), y_high at the widest width that failed."""
    xs = np.array([c.x for c in measured])
    xs = xs.astype(np.int64) if INPUTS[over].kind == "integer" else xs
    bound, _ = _curve(theorem, quantity, over, xs, _fixed_arrays(fixed), registry, orders)
    y = bound - np.log10([c.m_star or c.widest for c in measured])
    high = bound - np.log10([c.below or math.nan for c in measured])
    censored = np.array([c.censored for c in measured])
    return Line(**{**line.__dict__, "x": xs, "y": y, "y_high": high, "censored": censored})
