r"""A figure as a pgfplots ``tikzpicture`` for ``\input`` in a paper: it is typeset in the paper's fonts.

Needs ``\usepackage{pgfplots}`` (and ``\pgfplotsset{compat=1.17}`` or later) in the preamble; nothing
else. The y coordinates of a figure spanning decades are log10 of the values, labelled as powers of ten
(a bound of 10^400 is beyond TeX's and any float's range; its log10 is not). Every piece of text that
comes from a theorem key, a store or the user is escaped (``boundcalc.render.latex.latex_escape``):
none becomes a live command. Notes (what is left out, and why) are TeX comments at the top.
"""

from __future__ import annotations

import math

from boundcalc._version import __version__
from boundcalc.errors import InputError
from boundcalc.figures.data import PlotData
from boundcalc.render.latex import latex_escape

# one column or both columns of a two-column paper, at the paper's own widths (pgfplots sizes the
# axis with its labels only roughly: a margin keeps the picture inside)
SIZES = {"column": (r"0.92\columnwidth", r"0.7\columnwidth"), "two-column": (r"0.95\textwidth", r"0.38\textwidth")}
# the Okabe–Ito palette (safe for colour-blind readers), as RGB 0..255; references are grey
PALETTE = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233), (0, 0, 0))
DASHES = ("solid", "dashed", "dashdotted", "dotted")
REFERENCE_STYLES = ("black!70, densely dashed, thick", "black!45, densely dotted, thick", "black!70, dashdotted")
Y_DIGITS = 6  # decimals of a log10 coordinate


def _colour(rgb: tuple[int, int, int]) -> str:
    red, green, blue = rgb
    return f"{{rgb,255:red,{red}; green,{green}; blue,{blue}}}"


def _number(value: float) -> str:
    """An x coordinate: whole numbers as they are, others to ten significant digits."""
    value = float(value)
    if not math.isfinite(value):
        return "nan"
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"


def _y(data: PlotData, log10: float) -> str:
    if not math.isfinite(log10):
        return "nan"
    return f"{log10:.{Y_DIGITS}f}" if data.yscale == "log" else f"{10.0**log10:.10g}"


def _comment(text: str) -> str:
    return "% " + latex_escape(" ".join(str(text).split()))


def to_pgfplots(data: PlotData, size: str = "column") -> str:
    """The figure as LaTeX: a ``tikzpicture`` holding one ``axis``."""
    if size not in SIZES:
        raise InputError(f"size must be one of {', '.join(SIZES)}, got {size!r}")
    width, height = SIZES[size]
    fixed = ", ".join(f"{k} = {v}" for k, v in data.inputs.items())
    lines = [
        _comment(f"boundcalc {__version__}: {data.quantity} against {data.over}" + (f" at {fixed}" if fixed else "")),
        "% hidden constants C = 1, log powers as encoded; each entry's status label is in its legend entry",
        r"% needs \usepackage{pgfplots} and \pgfplotsset{compat=1.17} (or later) in the preamble",
        *(_comment(note) for note in data.notes),
        r"\begin{tikzpicture}",
        r"\begin{axis}[",
        f"  width={width}, height={height}, scale only axis=false,",
        f"  xlabel={{{data.x_label(latex=True)}}}, ylabel={{{data.y_label(latex=True)}}},",
        r"  legend cell align=left, legend style={font=\scriptsize, draw=none, at={(0.5,-0.22)}, anchor=north,",
        f"    legend columns={1 if size == 'column' else 2}}},",
        r"  tick label style={font=\footnotesize}, label style={font=\small},",
        "  unbounded coords=jump, grid=major, grid style={very thin, gray!30}, clip=false,",
    ]
    if data.xscale == "log":
        lines.append("  xmode=log, log basis x=10,")
    if data.xticks:
        ticks = ",".join(f"{t:.6g}" for t in data.xticks)
        lines.append(f"  xtick={{{ticks}}}, xticklabels={{{ticks}}},")
    if data.yscale == "log":
        ticks = ",".join(str(t) for t in data.yticks)
        labels = ",".join(f"$10^{{{t}}}$" for t in data.yticks)
        lines.append(f"  ytick={{{ticks}}}, yticklabels={{{labels}}}, ymin={data.yticks[0]}, ymax={data.yticks[-1]},")
    lines.append(f"  xmin={_number(data.low)}, xmax={_number(data.high)},")
    lines.append("]")
    bounds = [line for line in data.lines if not line.reference]
    references = [line for line in data.lines if line.reference]
    for line in data.lines:
        if line.reference:
            style = REFERENCE_STYLES[references.index(line) % len(REFERENCE_STYLES)]
        else:
            index = bounds.index(line)
            style = f"color={_colour(PALETTE[index % len(PALETTE)])}, {DASHES[index % len(DASHES)]}, thick"
        if data.looseness:
            style += ", mark=*, mark size=1.2pt, error bars/.cd, y dir=plus, y explicit"
            points = []
            for x, y, high, censored in zip(line.x, line.y, *line.bracket()):
                extent = 0.0 if censored or not math.isfinite(high) else high - y
                points.append(f"({_number(x)},{_y(data, y)}) +- (0,{extent:.{Y_DIGITS}f})")
        else:
            points = [f"({_number(x)},{_y(data, y)})" for x, y in zip(line.x, line.y)]
        lines.append(rf"\addplot[{style}] coordinates {{")
        lines += ["  " + " ".join(points[i : i + 4]) for i in range(0, len(points), 4)]
        lines.append("};")
        lines.append(rf"\addlegendentry{{{latex_escape(line.label)}}}")
        if data.looseness:
            for x, y, censored in zip(line.x, line.y, line.bracket()[1]):
                if censored:
                    lines.append(rf"\draw[->, thin] (axis cs:{_number(x)},{_y(data, y)}) -- ++(0pt,-8pt);")
    if data.measured:
        lines += _measured(data)
    for crossing in data.crossings:
        lines.append(
            rf"\addplot[only marks, mark=o, mark size=2pt, forget plot] coordinates {{({_number(crossing.x)},"
            rf"{_y(data, crossing.y)})}};"
        )
    if data.crossings:
        lines.append(r"\addlegendimage{only marks, mark=o, mark size=2pt}")
        lines.append(r"\addlegendentry{crossing}")
    lines += [r"\end{axis}", r"\end{tikzpicture}", ""]
    return "\n".join(lines)


def _measured(data: PlotData) -> list[str]:
    """m* as black dots with a bar down to the widest failed width; no width sufficed: an arrow up; none
    tried below m*: an arrow down."""
    points = []
    for cell in data.measured:
        if cell.m_star is None:
            continue
        top, bottom = math.log10(cell.m_star), math.log10(cell.below or cell.m_star)
        if data.yscale == "log":
            points.append(f"({_number(cell.x)},{_y(data, top)}) -= (0,{top - bottom:.{Y_DIGITS}f})")
        else:
            points.append(f"({_number(cell.x)},{cell.m_star}) -= (0,{cell.m_star - (cell.below or cell.m_star)})")
    lines: list[str] = []
    if points:
        lines += [
            r"\addplot[black, only marks, mark=*, mark size=1.5pt, error bars/.cd, y dir=minus, y explicit]"
            " coordinates {",
            "  " + " ".join(points),
            "};",
            r"\addlegendentry{measured $m^*$}",
        ]
    if any(cell.censored for cell in data.measured):
        lines += [r"\addlegendimage{black, thick, ->}", r"\addlegendentry{no $m^*$ up to the widest tried}"]
    for cell in data.measured:  # a bound, not a value: no width sufficed (up), or none below was tried (down)
        if cell.censored or cell.below is None:
            at = _y(data, math.log10(cell.m_star or cell.widest))
            lines.append(
                rf"\draw[->, thick] (axis cs:{_number(cell.x)},{at}) -- ++(0pt,{10 if cell.censored else -10}pt);"
            )
    return lines
