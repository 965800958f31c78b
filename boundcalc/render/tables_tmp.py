"""Tables for papers: grids of one quantity, formula tables and comparisons, in LaTeX (booktabs),
Markdown, plain text and CSV. Everything here is deterministic: the same arguments give the same bytes.

A table is data first (:class:`Table`: headers, rows, notes; each cell text, a number or a
formula) and is rendered to a format last, so every format shows the same content.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tabulate import tabulate

from boundcalc._version import __version__
from boundcalc.errors import InputError
from boundcalc.numbers.evaluate import Evaluation, evaluate
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.parsing.number import parse_number
from boundcalc.render import notation as _formula
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry

FORMATS = ("latex", "markdown", "plain", "csv")
_SYMBOL_LATEX = {"n": "n", "L": "L", "delta": r"\delta", "d": "d", "eps": r"\varepsilon", "b": "b", "m": "m"}
_QUANTITY_TITLES = {"width": "Width", "step_size": "Step size", "iterations": "Iterations"}


@dataclass(frozen=True)
class Formula:
    """A formula cell: LaTeX for papers, Unicode for the other formats."""

    latex: str
    text: str


Entry = str | Magnitude | Formula


@dataclass
class Table:
    headers: list[list[Entry]]  # header rows, top first; "" for an empty cell
    rows: list[list[Entry]]
    notes: list[str | tuple[Entry, ...]] = field(default_factory=list)  # a note: text, or pieces
    align: str = ""  # LaTeX column types, e.g. "lrrr"
    spans: list[tuple[int, int, Entry]] = field(default_factory=list)  # (first, last) column: a top header


# ---------------------------------------------------------------- escaping

_UNICODE_LATEX = {
    "δ": r"$\delta$",
    "ε": r"$\varepsilon$",
    "η": r"$\eta$",
    "ω": r"$\omega$",
    "λ": r"$\lambda$",
    "γ": r"$\gamma$",
    "ρ": r"$\rho$",
    "φ": r"$\varphi$",
    "σ": r"$\sigma$",
    "κ": r"$\kappa$",
    "Ω": r"$\Omega$",
    "Θ": r"$\Theta$",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "×": r"$\times$",
    "−": "-",
    "·": r"$\cdot$",
    "‖": r"$\|$",
    "→": r"$\to$",
    "←": r"$\leftarrow$",
    "√": r"$\surd$",
    "∈": r"$\in$",
    "∞": r"$\infty$",
    "≈": r"$\approx$",
    "²": r"$^2$",
    "³": r"$^3$",
    "⁻": r"$^-$",
    "¹": r"$^1$",
    "⁰": r"$^0$",
    "∘": r"$\circ$",
    "Σ": r"$\Sigma$",
    "½": r"$\frac12$",
    "–": "--",
    "—": "---",
    "̃": "",
    "⁽": "(",
    "⁾": ")",
    "ᵗ": "t",
}
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    """User or catalogue text made safe for LaTeX: specials escaped, common symbols in math mode."""
    return "".join(_LATEX_SPECIALS.get(c) or _UNICODE_LATEX.get(c) or c for c in str(text))


# ---------------------------------------------------------------- builders


def _values(text: str | None, name: str) -> list[str]:
    if text is None:
        return []
    items = [item.strip() for item in str(text).split(",") if item.strip()]
    if not items:
        raise InputError(f"--{name}: give one or more values separated by commas")
    for item in items:
        parse_number(item, name)  # refuse bad values before any work
    return items


def _notes(evaluations: Sequence[Evaluation], with_formula: bool) -> list[str]:
    """Source, status, constant and log power per theorem, the inputs left to defaults, warnings."""
    notes = []
    by_theorem: dict[str, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_theorem.setdefault(evaluation.theorem.key, []).append(evaluation)
    for key, group in by_theorem.items():
        first = group[0]
        status = sorted({e.status for e in group}, key=lambda s: ("stated", "restated", "recalled").index(s))[-1]
        line = f"{key}: {first.theorem.source}; status {status}"
        quantities = {e.quantity.name: e.quantity for e in group}
        if with_formula:
            q = next(iter(quantities.values()))
            formula = Formula(f"${_formula.formula_latex(q)}$", _formula.formula_text(q))
            assumed = f" with C = {q.constant}, log power {q.log_power}"
            assumed += " (set by you)." if q.overridden else " (defaults)."
            notes.append((f"{line}; ", formula, assumed))
            continue
        else:
            changed = [f"{q.name}: {', '.join(q.overridden)}" for q in quantities.values() if q.overridden]
            line += (
                "; overridden " + "; ".join(changed) if changed else "; hidden constants C = 1, log powers as encoded"
            )
        notes.append(line + ".")
    defaults: dict[str, str] = {}
    for evaluation in evaluations:
        for item in evaluation.inputs:
            if item.origin != "given":
                shown = item.origin.removeprefix("default: ")
                defaults.setdefault(
                    item.name,
                    f"{item.name} = {shown}"
                    if item.origin.startswith("default")
                    else f"{item.name} from {item.origin}",
                )
    if defaults:
        notes.append("Not given: " + "; ".join(defaults.values()) + ".")
    notes += [f"Warning: {w}." for w in dict.fromkeys(w for e in evaluations for w in e.warnings)]
    return notes


def grid_table(
    theorems: Sequence[Theorem],
    quantity: str,
    inputs: Mapping[str, str | None],
    registry: Registry = REGISTRY,
    long: bool = False,
) -> Table:
    """One quantity over a grid: two varying inputs give rows × columns, one gives a column per theorem."""
    lists = {name: _values(text, name) for name, text in inputs.items() if text is not None}
    varying = [name for name, values in lists.items() if len(values) > 1]
    fixed = {name: values[0] for name, values in lists.items() if len(values) == 1}
    if not long and (len(varying) > 2 or (len(varying) == 2 and len(theorems) > 1)):
        long = True
    for theorem in theorems:
        theorem.quantity(quantity)  # every theorem must have it
    evaluations: list[Evaluation] = []

    def cell(theorem: Theorem, point: Mapping[str, str]) -> Magnitude:
        evaluation = evaluate(theorem, quantity, {**fixed, **point}, registry=registry)
        evaluations.append(evaluation)
        return evaluation.value

    symbol = theorems[0].quantity(quantity).latex_symbol
    if long:
        headers = [
            [
                *(Formula(f"${_SYMBOL_LATEX.get(v, v)}$", v) for v in varying),
                "theorem",
                Formula(f"${symbol}$", theorems[0].quantity(quantity).symbol),
            ]
        ]
        rows = [
            [*combo, theorem.key, cell(theorem, dict(zip(varying, combo)))]
            for combo in itertools.product(*(lists[v] for v in varying))
            for theorem in theorems
        ]
        table = Table(headers, rows, align="l" * (len(varying) + 1) + "r")
    elif len(varying) == 2:
        row_name, column_name = varying
        theorem = theorems[0]
        headers = [
            [
                Formula(f"${_SYMBOL_LATEX[row_name]}$", row_name),
                *(Formula(f"${_SYMBOL_LATEX[column_name]} = {c}$", f"{column_name} = {c}") for c in lists[column_name]),
            ]
        ]
        rows = [
            [r, *(cell(theorem, {row_name: r, column_name: c}) for c in lists[column_name])] for r in lists[row_name]
        ]
        table = Table(headers, rows, align="l" + "r" * len(lists[column_name]))
        quantity_ = theorem.quantity(quantity)
        table.spans.append(
            (
                1,
                len(lists[column_name]),
                Formula(f"${_formula.formula_latex(quantity_)}$", _formula.formula_text(quantity_)),
            )
        )
    else:
        row_name = varying[0] if varying else None
        row_values = lists[row_name] if row_name else [""]
        headers = [[Formula(f"${_SYMBOL_LATEX[row_name]}$", row_name) if row_name else "", *(t.key for t in theorems)]]
        formulas = [
            Formula(f"${_formula.body_latex(t.quantity(quantity))}$", _formula.body_text(t.quantity(quantity)))
            for t in theorems
        ]
        headers.append(["", *formulas])
        rows = [[r, *(cell(t, {row_name: r} if row_name else {}) for t in theorems)] for r in row_values]
        table = Table(headers, rows, align="l" + "r" * len(theorems))
    fixed_text = ", ".join(f"{k} = {v}" for k, v in fixed.items())
    table.notes = ([f"Fixed: {fixed_text}."] if fixed_text else []) + _notes(evaluations, with_formula=True)
    return table


def formula_table(
    theorems: Sequence[Theorem], quantities: Sequence[str] = ("width", "step_size", "iterations")
) -> Table:
    """Each theorem's formulas in the paper's notation, with its citation and status: a related-work table."""
    headers = [["Result", *(_QUANTITY_TITLES.get(q, q) for q in quantities), "Status"]]
    rows = []
    for theorem in theorems:
        cells: list[Entry] = [f"{theorem.paper} ({theorem.year}), {theorem.theorem}"]
        for name in quantities:
            if name in theorem.quantity_names:
                q = theorem.quantity(name)
                cells.append(
                    Formula(f"${_formula.formula_latex(q, paper=True)}$", _formula.formula_text(q, paper=True))
                )
            else:
                cells.append("--")
        cells.append(theorem.status)
        rows.append(cells)
    notes = [f"{t.key}: {t.source}." for t in theorems]
    notes.append(
        "Status: stated = read in the authors' text; restated = read in a paper that restates it; "
        "recalled = widely quoted, not read in a primary text."
    )
    return Table(headers, rows, notes, align="l" + "c" * len(quantities) + "l")


COMPARED = ("width", "step_size", "iterations")
_SHORT = {"lambda0": "λ0", "fail_prob": "p", "margin": "γ", "kappa": "κ", "d_in": "d_in", "delta": "δ"}


@dataclass
class Comparison:
    """Width, step size and iterations of each result at one point; a value or the reason there is none."""

    point: dict[str, str]
    records: list[dict]
    evaluations: list[Evaluation]
    data: object | None = None


def _theorem_point(theorem: Theorem, point: Mapping[str, str], data) -> tuple[dict[str, str], dict[str, str]]:
    """The inputs a result gets, and the inputs it lacks because the data make them infinite."""
    point = dict(point)
    infinite: dict[str, str] = {}
    if data is not None:
        point.setdefault("n", str(data.n))
        point.setdefault("d_in", str(data.d_in))
        if "delta" not in point:
            if data.delta > 0:
                point["delta"] = repr(min(data.delta, 2.0))
            else:
                infinite["delta"] = "δ = 0"
        if "lambda0" not in point and theorem.kernel.startswith("H∞"):
            if data.lambda0 > 1e-12:
                point["lambda0"] = repr(data.lambda0)
            else:
                infinite["lambda0"] = "λ0 ≤ 0"
    return point, infinite


def compare(
    theorems: Sequence[Theorem], inputs: Mapping[str, str | None], registry: Registry = REGISTRY, data=None
) -> Comparison:
    point = {name: value for name, value in inputs.items() if value is not None}
    for name, value in point.items():
        parse_number(value, name)
    records, evaluations = [], []
    for theorem in theorems:
        if not set(COMPARED) & set(theorem.quantity_names):
            continue
        own, infinite = _theorem_point(theorem, point, data)
        record = {
            "theorem": theorem.key,
            "kind": theorem.kind,
            "status": theorem.status,
            "setting": theorem.architecture,
            "data_assumption": theorem.data_assumption,
            "kernel": theorem.kernel,
            "source": theorem.source,
        }
        for name in COMPARED:
            if name not in theorem.quantity_names:
                record[name] = None
                continue
            try:
                evaluation = evaluate(theorem, name, own, registry=registry)
            except InputError as error:
                needed = re.search(r"needs (\w+)", str(error))
                missing = needed.group(1) if needed else None
                reason = infinite.get(missing) if missing else None
                if reason:
                    record[name] = {"infinite": reason}
                elif missing:
                    record[name] = {"needs": missing}
                else:
                    record[name] = {"error": str(error)}
                continue
            evaluations.append(evaluation)
            record[name] = {
                "log10": evaluation.log10,
                "value": evaluation.value.sci(4),
                "status": evaluation.status,
                "integer": evaluation.value.integer,
            }
            record["status"] = evaluation.status if name == "width" else record["status"]
        records.append(record)
    return Comparison(point, records, evaluations, data)


def _compared_cell(entry) -> Entry:
    if entry is None:
        return "--"
    if "log10" in entry:
        return Magnitude(entry["log10"], entry.get("integer"))
    if "infinite" in entry:
        return f"∞ ({entry['infinite']})"
    if "needs" in entry:
        return f"needs {_SHORT.get(entry['needs'], entry['needs'])}"
    return "n/a"


def compare_table(
    theorems: Sequence[Theorem], inputs: Mapping[str, str | None], registry: Registry = REGISTRY, data=None
) -> Table:
    """Width (value and log10), step size and iterations of several results at one point or on data."""
    result = compare(theorems, inputs, registry, data)
    headers = [
        [
            "Result",
            "Kind",
            Formula("Width $m$", "width m"),
            Formula(r"$\log_{10} m$", "log10 m"),
            Formula(r"Step size $\eta$", "step size η"),
            Formula("Iterations $T$", "iterations T"),
            "Status",
        ]
    ]
    rows = []
    for record in result.records:
        width = record["width"]
        log10_width = f"{width['log10']:.1f}" if width and "log10" in width else ""
        rows.append(
            [
                record["theorem"],
                record["kind"],
                _compared_cell(width),
                log10_width,
                _compared_cell(record["step_size"]),
                _compared_cell(record["iterations"]),
                record["status"],
            ]
        )
    fixed = ", ".join(f"{k} = {v}" for k, v in result.point.items())
    notes: list = [f"Inputs: {fixed}." if fixed else "Inputs: defaults only."]
    if data is not None:
        notes.append(
            f"Data {data.path}: n = {data.n}, d_in = {data.d_in}, δ = {data.delta:.4g} (Allen-Zhu–Li–Song "
            f"normalisation), λ0 = λ_min(H∞) = {data.lambda0:.4g} (unit rows), used only by H∞ results."
        )
        notes += list(data.notes)
    notes.append(
        "Kinds: guarantee = GD/SGD provably converges at this width; condition = a property at "
        "initialisation; floor = no GD analysis through the NTK can do with less; existence = a network "
        "this small exists (not found by GD). λ0 means a different kernel in different rows."
    )
    notes += _notes(result.evaluations, with_formula=False)
    return Table(headers, rows, notes, align="llrrrrl")


# ---------------------------------------------------------------- renderers


def _latex_entry(entry: Entry, digits: int) -> str:
    if isinstance(entry, Magnitude):
        return f"${entry.latex(digits)}$"
    if isinstance(entry, Formula):
        return entry.latex
    return latex_escape(entry)


def _text_entry(entry: Entry, digits: int) -> str:
    if isinstance(entry, Magnitude):
        return entry.text(digits)
    if isinstance(entry, Formula):
        return entry.text
    return entry


def _pieces(note: str | tuple[Entry, ...]) -> tuple[Entry, ...]:
    return (note,) if isinstance(note, str) else note


def render_latex(
    table: Table, digits: int, caption: str | None, label: str | None, standalone: bool, command: str
) -> str:
    columns = len(table.rows[0]) if table.rows else len(table.headers[0])
    lines = [f"% generated by boundcalc {__version__}: {command}", r"\begin{table}[htbp]", r"\centering"]
    if caption:
        lines.append(rf"\caption{{{latex_escape(caption)}}}")
    if label:
        lines.append(rf"\label{{{re.sub(r'[^A-Za-z0-9:._-]', '-', label)}}}")
    lines += [rf"\begin{{tabular}}{{{table.align or 'l' * columns}}}", r"\toprule"]
    for first, last, entry in table.spans:
        lines.append(" & " * first + rf"\multicolumn{{{last - first + 1}}}{{c}}{{{_latex_entry(entry, digits)}}} \\")
        lines.append(rf"\cmidrule(lr){{{first + 1}-{last + 1}}}")
    for header in table.headers:
        lines.append(" & ".join(_latex_entry(e, digits) for e in header) + r" \\")
    lines.append(r"\midrule")
    for row in table.rows:
        lines.append(" & ".join(_latex_entry(e, digits) for e in row) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    if table.notes:
        lines.append(r"\par\smallskip")
        notes = ["".join(_latex_entry(piece, digits) for piece in _pieces(note)) for note in table.notes]
        lines.append(r"{\footnotesize " + r"\par ".join(notes) + r"\par}")
    lines.append(r"\end{table}")
    body = "\n".join(lines)
    if not standalone:
        return body + "\n"
    preamble = [
        r"\documentclass{article}",
        r"\usepackage{booktabs}",
        r"\usepackage[margin=2cm,landscape]{geometry}",
        r"\begin{document}",
    ]
    return "\n".join(preamble + [body, r"\end{document}"]) + "\n"


def _joined_headers(table: Table, digits: int, separator: str) -> list[str]:
    columns = zip(*[[_text_entry(e, digits) for e in header] for header in table.headers])
    return [separator.join(part for part in parts if part) for parts in columns]


def render_text(table: Table, fmt: str, digits: int, caption: str | None) -> str:
    headers = _joined_headers(table, digits, "<br>" if fmt == "markdown" else " ")
    rows = [[_text_entry(e, digits) for e in row] for row in table.rows]
    colalign = ["left" if c == "l" else "center" if c == "c" else "right" for c in table.align] or None
    body = tabulate(
        rows,
        headers=headers,
        tablefmt="github" if fmt == "markdown" else "simple",
        disable_numparse=True,
        colalign=colalign,
    )
    lines = [f"**{caption}**" if fmt == "markdown" else caption, ""] if caption else []
    lines += [f"{_text_entry(entry, digits)} (columns {first + 1}–{last + 1})" for first, last, entry in table.spans]
    lines += ["", body] if table.spans else [body]
    if table.notes:
        lines.append("")
        notes = ["".join(_text_entry(piece, digits) for piece in _pieces(note)) for note in table.notes]
        lines += [f"<sub>{n}</sub>  " if fmt == "markdown" else n for n in notes]
    return "\n".join(lines) + "\n"


def render_csv(table: Table, digits: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_joined_headers(table, digits, " "))
    for row in table.rows:
        writer.writerow([e.sci(digits) if isinstance(e, Magnitude) else _text_entry(e, digits) for e in row])
    return out.getvalue()


def render(
    table: Table,
    fmt: str,
    digits: int = 2,
    caption: str | None = None,
    label: str | None = None,
    standalone: bool = False,
    command: str = "boundcalc table",
) -> str:
    if fmt == "latex":
        return render_latex(table, digits, caption, label, standalone, command)
    if fmt == "csv":
        return render_csv(table, digits)
    if fmt in ("markdown", "plain"):
        return render_text(table, fmt, digits, caption)
    raise InputError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")
