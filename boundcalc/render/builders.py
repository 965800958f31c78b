"""Tables for papers built from the theory: one quantity over a grid, formulas with citations, comparisons.

Everything here is deterministic: the same arguments give the same table.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from boundcalc.errors import IncompleteError, InputError
from boundcalc.numbers.compare import COMPARED as COMPARED_QUANTITIES
from boundcalc.numbers.compare import compare
from boundcalc.numbers.evaluate import Evaluation, evaluate
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.parsing.number import parse_number
from boundcalc.render.cells import Entry, Formula, note_pieces
from boundcalc.render.escape import latex_text
from boundcalc.render.table import Table
from boundcalc.theory import notation as _formula
from boundcalc.theory.bound import Bound, Theorem
from boundcalc.theory.evidence import STATUS_MEANINGS, weakest
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.sources.bibliography import CITATIONS
from boundcalc.theory.symbols import INPUTS

_QUANTITY_TITLES = {"width": "Width", "step_size": "Step size", "iterations": "Iterations"}
STATUS_NOTE = "Status: " + "; ".join(f"{label} = {meaning}" for label, meaning in STATUS_MEANINGS.items()) + "."


def _input_latex(name: str) -> str:
    """An input's symbol in LaTeX, from the table of inputs (theory.symbols.INPUTS)."""
    return INPUTS[name].latex if name in INPUTS else latex_text(name)


def _cited(theorem: Theorem, cite: bool, text: str | None = None, command: str = "citet") -> Entry:
    """The theorem's key (or ``text``), followed in LaTeX by a citation of its paper where it has one."""
    shown = theorem.key if text is None else text
    if not cite or theorem.key not in CITATIONS:
        return shown
    return Formula(rf"{latex_text(shown)} \{command}{{{CITATIONS[theorem.key]}}}", shown)


def _source_note(theorem: Theorem, cite: bool, tail: str) -> str | tuple[Entry, ...]:
    """``key: source (version); tail`` with a citation of the paper in LaTeX where asked."""
    line = f"{theorem.key}: {theorem.source}; version: {theorem.version}"
    if cite and theorem.key in CITATIONS:
        return (line, Formula(rf" \cite{{{CITATIONS[theorem.key]}}}", ""), tail)
    return line + tail


def _values(text: str | None, name: str) -> list[str]:
    if text is None:
        return []
    items = [item.strip() for item in str(text).split(",") if item.strip()]
    if not items:
        raise InputError(f"--{name}: give one or more values separated by commas")
    for item in items:
        parse_number(item, name)  # refuse bad values before any work
    return items


def _notes(evaluations: Sequence[Evaluation], with_formula: bool, cite: bool = False) -> list[str | tuple[Entry, ...]]:
    """Source, version, status, constant and log power per theorem, the inputs left to defaults, warnings."""
    notes: list[str | tuple[Entry, ...]] = []
    by_theorem: dict[str, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_theorem.setdefault(evaluation.theorem.key, []).append(evaluation)
    for group in by_theorem.values():
        theorem = group[0].theorem
        status = f"; status {weakest(*(e.status for e in group))}"
        quantities = {e.quantity.name: e.quantity for e in group}
        if with_formula:
            q = next(iter(quantities.values()))
            formula = Formula(f"${_formula.formula_latex(q)}$", _formula.formula_text(q))
            assumed = f" with C = {q.constant}, log power {q.log_power}"
            assumed += " (set by you)." if q.overridden else " (defaults)."
            notes.append((*note_pieces(_source_note(theorem, cite, status + "; ")), formula, assumed))
            continue
        changed = [f"{q.name}: {', '.join(q.overridden)}" for q in quantities.values() if q.overridden]
        tail = "; overridden " + "; ".join(changed) if changed else "; hidden constants C = 1, log powers as encoded"
        notes.append(note_pieces(_source_note(theorem, cite, status + tail + ".")))
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
    orders: bool = False,
    cite: bool = False,
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
    withheld: dict[str, str] = {}

    def cell(theorem: Theorem, point: Mapping[str, str]) -> Entry:
        try:
            evaluation = evaluate(theorem, quantity, {**fixed, **point}, registry=registry, orders=orders)
        except IncompleteError as error:
            withheld.setdefault(theorem.key, str(error))
            return "needs exponent"
        evaluations.append(evaluation)
        return evaluation.value

    symbol = theorems[0].quantity(quantity).latex_symbol
    headers: list[list[Entry]]
    rows: list[list[Entry]]
    row_name: str | None
    if long:
        headers = [
            [
                *(Formula(f"${_input_latex(v)}$", v) for v in varying),
                "theorem",
                Formula(f"${symbol}$", theorems[0].quantity(quantity).symbol),
            ]
        ]
        rows = [
            [*combo, _cited(theorem, cite), cell(theorem, dict(zip(varying, combo)))]
            for combo in itertools.product(*(lists[v] for v in varying))
            for theorem in theorems
        ]
        table = Table(headers, rows, align="l" * (len(varying) + 1) + "r")
    elif len(varying) == 2:
        row_name, column_name = varying
        theorem = theorems[0]
        headers = [
            [
                Formula(f"${_input_latex(row_name)}$", row_name),
                *(Formula(f"${_input_latex(column_name)} = {c}$", f"{column_name} = {c}") for c in lists[column_name]),
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
        headers = [
            [
                Formula(f"${_input_latex(row_name)}$", row_name) if row_name else "",
                *(_cited(t, cite) for t in theorems),
            ]
        ]
        formulas = [
            Formula(f"${_formula.body_latex(t.quantity(quantity))}$", _formula.body_text(t.quantity(quantity)))
            for t in theorems
        ]
        headers.append(["", *formulas])
        rows = [[r, *(cell(t, {row_name: r} if row_name else {}) for t in theorems)] for r in row_values]
        table = Table(headers, rows, align="l" + "r" * len(theorems))
    fixed_text = ", ".join(f"{k} = {v}" for k, v in fixed.items())
    table.notes = ([f"Fixed: {fixed_text}."] if fixed_text else []) + _notes(evaluations, True, cite)
    table.notes += [f"No value: {reason}." for reason in withheld.values()]
    table.citations = _citations(theorems, cite)
    return table


def _result_cell(theorem: Theorem, cite: bool) -> Entry:
    """``Paper (year), Theorem 1``; in LaTeX with ``cite``, ``Theorem 1 of \\citet{…}`` (the other
    formats keep the paper's name: they have no bibliography)."""
    year = f" ({theorem.year})" if theorem.year else ""
    named = f"{theorem.paper}{year}, {theorem.theorem}"
    if cite and theorem.key in CITATIONS:
        return Formula(rf"{latex_text(theorem.theorem)} of \citet{{{CITATIONS[theorem.key]}}}", named)
    return named


def _paper_formula(quantity: Bound, breakable: bool = False) -> Formula:
    latex = _formula.formula_latex(quantity, paper=True, breakable=breakable)
    return Formula(f"${latex}$", _formula.formula_text(quantity, paper=True))


# The groups of the published comparison tables (theory/published_tables.toml): regression on shallow
# and on deep networks, classification with a margin (Li et al.'s table), and apart from all three the
# results that guarantee no training at all.
_TRAINED = ("guarantee", "condition")


def _classifies(theorem: Theorem) -> bool:
    return theorem.survey.loss in ("logistic", "cross-entropy")


SURVEY_GROUPS: tuple[tuple[str, Callable[[Theorem], bool]], ...] = (
    ("Two-layer networks", lambda t: t.kind in _TRAINED and not _classifies(t) and t.survey.network != "deep"),
    ("Deep networks", lambda t: t.kind in _TRAINED and not _classifies(t) and t.survey.network == "deep"),
    ("Classification with a margin", lambda t: t.kind in _TRAINED and _classifies(t)),
    ("Floors and existence results (no training guarantee)", lambda t: t.kind in ("floor", "existence")),
)
SURVEY_KINDS = (*_TRAINED, "floor", "existence")  # a lemma is a step of a proof, not a result


def _survey_row(theorem: Theorem, cite: bool) -> list[Entry]:
    sizes = [theorem.quantity(name) for name in ("width", "parameters") if name in theorem.quantity_names]
    steps = theorem.quantity("iterations") if "iterations" in theorem.quantity_names else None
    size: Entry = "--"
    if sizes:
        formulas = [_paper_formula(q, breakable=True) for q in sizes]
        size = Formula("; ".join(f.latex for f in formulas), "; ".join(f.text for f in formulas))
    iterations: Entry = "--" if steps is None else _paper_formula(steps, breakable=True)
    survey = theorem.survey
    setting = ", ".join(part for part in (survey.activation, survey.loss, survey.algorithm) if part) or "--"
    shown = [*sizes, *([steps] if steps else [])]
    status = weakest(*(q.status or theorem.status for q in shown)) if shown else theorem.status
    return [_result_cell(theorem, cite), setting, size, iterations, status]


def survey_table(theorems: Sequence[Theorem], cite: bool = False) -> Table:
    """A related-work table: each result's setting, the size it needs (width, else parameters),
    its iterations and its status, grouped as the published comparison tables group them.

    With ``cite`` the rows cite their papers and the bibliography carries each source and the version
    its exponents come from; without, a note per result names them."""
    unfit = [t.key for t in theorems if t.kind not in SURVEY_KINDS]
    if unfit:
        raise InputError(f"a survey lists results, not lemmas: leave out {', '.join(unfit)}")
    headers: list[list[Entry]] = [["Result", "Setting", "Width or parameters", "Iterations", "Status"]]
    rows: list[list[Entry]] = []
    groups: list[tuple[int, str]] = []
    listed: list[Theorem] = []
    for title, belongs in SURVEY_GROUPS:
        members = sorted((t for t in theorems if belongs(t)), key=lambda t: (t.year, t.key))
        if members:
            groups.append((len(rows), title))
        listed += members
        rows += [_survey_row(theorem, cite) for theorem in members]
    notes: list[str | tuple[Entry, ...]] = [
        "Setting: activation, loss, algorithm. Width m, or parameters P where the result counts those; -- where the source does not say. "
        "Hidden constants and logarithms as each source gives them (Ω̃, Õ leave logarithms out; ? an unknown power)."
    ]
    cited = [t for t in listed if cite and t.key in CITATIONS]
    if cited:
        notes.append(
            "Each source, and the version its exponents come from, is in the bibliography; boundcalc keys, "
            "row by row: " + ", ".join(t.key for t in cited) + "."
        )
    notes += [_source_note(t, cite, ".") for t in listed if t not in cited]
    notes.append(STATUS_NOTE)
    return Table(
        headers,
        rows,
        notes,
        align=r"p{0.17\linewidth}p{0.12\linewidth}p{0.26\linewidth}p{0.15\linewidth}l",
        citations=_citations(listed, cite),
        groups=groups,
    )


def _citations(theorems: Sequence[Theorem], cite: bool) -> list[str]:
    return list(dict.fromkeys(CITATIONS[t.key] for t in theorems if t.key in CITATIONS)) if cite else []


def formula_table(
    theorems: Sequence[Theorem],
    quantities: Sequence[str] = ("width", "step_size", "iterations"),
    cite: bool = False,
) -> Table:
    """Each theorem's formulas in the paper's notation, one row per formula with its own status, the
    result named (and cited) on its first row: a related-work table that fits a column of a paper."""
    headers: list[list[Entry]] = [["Result", "Formula", "Status"]]
    rows: list[list[Entry]] = []
    for theorem in theorems:
        named = _result_cell(theorem, cite)
        for name in quantities:
            if name not in theorem.quantity_names:
                continue
            q = theorem.quantity(name)
            rows.append([named, _paper_formula(q), q.status or theorem.status])
            named = ""
        if named:  # a result with none of the quantities asked for still gets its row
            rows.append([named, "--", theorem.status])
    symbols: dict[str, str] = {}
    for theorem in theorems:
        for name in quantities:
            if name in theorem.quantity_names:
                q = theorem.quantity(name)
                symbols.setdefault(q.symbol, f"{q.symbol} = {_QUANTITY_TITLES.get(name, name).lower()}")
    notes: list[str | tuple[Entry, ...]] = ["; ".join(symbols.values()) + "."] if symbols else []
    notes += [_source_note(t, cite, ".") for t in theorems]
    notes.append(STATUS_NOTE + " Each formula carries its own label; see each entry's evidence.")
    return Table(headers, rows, notes, align=r"p{0.28\linewidth}ll", citations=_citations(theorems, cite))


def _compared_cell(entry) -> Entry:
    if entry is None:
        return "--"
    if "log10" in entry:
        return Magnitude(entry["log10"], entry.get("integer"))
    if "infinite" in entry:
        return f"∞ ({entry['infinite']})"
    if "needs" in entry:
        needs = entry["needs"]
        return f"needs {INPUTS[needs].unicode if needs in INPUTS else needs}"
    if "incomplete" in entry:
        return "needs exponent"
    return "n/a"


def _order_cell(record: dict) -> str:
    """The order symbol of the row's size (its width, else its parameter count): "exact" where none."""
    for name in ("width", "parameters"):
        entry = record.get(name)
        if entry and "order_symbol" in entry:
            return entry["order_symbol"] or "exact"
    return ""


def _withheld_notes(records: Sequence[dict]) -> list[str]:
    """Why a row has no number: the exponent to supply, or the order a result is known as."""
    notes = []
    for record in records:
        for name in COMPARED_QUANTITIES:
            entry = record.get(name)
            if not entry:
                continue
            if "incomplete" in entry:
                notes.append(f"{record['theorem']} {name} needs {entry['incomplete']}")
            elif "error" in entry:
                notes.append(f"{record['theorem']} {name}: {entry['error']}")
    return [f"No value: {'; '.join(notes)}."] if notes else []


def _left_out_notes(records: Sequence[dict]) -> list[str]:
    """What each value leaves out because its source does: set to 1, as every hidden constant is."""
    notes = [
        f"{record['theorem']} {name} without {entry['leaves_out']}"
        for record in records
        for name in COMPARED_QUANTITIES
        if (entry := record.get(name)) and entry.get("leaves_out")
    ]
    return [f"Set to 1 where the source gives only an order: {'; '.join(notes)}."] if notes else []


def compare_table(
    theorems: Sequence[Theorem],
    inputs: Mapping[str, str | None],
    registry: Registry = REGISTRY,
    data=None,
    orders: bool = False,
    cite: bool = False,
) -> Table:
    """Width (value and log10), parameters, step size and iterations of several results at one point or on data."""
    result = compare(theorems, inputs, registry, data, orders)
    by_key = {t.key: t for t in theorems}
    headers: list[list[Entry]] = [
        [
            "Result",
            "Kind",
            "Order",
            Formula("Width $m$", "width m"),
            Formula(r"$\log_{10} m$", "log10 m"),
            Formula("Parameters $P$", "parameters P"),
            Formula(r"Step size $\eta$", "step size η"),
            Formula("Iterations $T$", "iterations T"),
            "Status",
        ]
    ]
    rows: list[list[Entry]] = []
    for record in result.records:
        width = record["width"]
        log10_width = f"{width['log10']:.1f}" if width and "log10" in width else ""
        rows.append(
            [
                _cited(by_key[record["theorem"]], cite),
                record["kind"],
                _order_cell(record),
                _compared_cell(width),
                log10_width,
                _compared_cell(record["parameters"]),
                _compared_cell(record["step_size"]),
                _compared_cell(record["iterations"]),
                record["status"],
            ]
        )
    fixed = ", ".join(f"{k} = {v}" for k, v in result.point.items())
    notes: list = [f"Inputs: {fixed}." if fixed else "Inputs: defaults only."]
    if data is not None:
        lambda0 = "not measured" if data.lambda0 is None else f"{data.lambda0:.4g}"
        notes.append(
            f"Data {data.path}: n = {data.n}, d_in = {data.d_in}, δ = {data.delta:.4g} (Allen-Zhu–Li–Song "
            f"normalisation), λ0 = λ_min(H∞) = {lambda0} (unit rows), used only by H∞ results."
        )
        notes += list(data.notes)
    notes.append(
        "Kinds: guarantee = GD/SGD provably converges at this width; condition = a property at "
        "initialisation; floor = no GD analysis through the NTK can do with less; existence = a network "
        "this small exists (not found by GD). λ0 means a different kernel in different rows."
    )
    notes += _withheld_notes(result.records)
    notes += _left_out_notes(result.records)
    notes += _notes(result.evaluations, False, cite)
    notes.append(STATUS_NOTE)
    return Table(headers, rows, notes, align="lllrrrrrl", citations=_citations(theorems, cite))
