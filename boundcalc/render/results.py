"""Text, JSON and LaTeX renderings of evaluations and theorems; the CLI only prints these."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from boundcalc.numbers.exact import json_number, number_text
from boundcalc.render.columns import tabulate
from boundcalc.render.escape import latex_comment, latex_text
from boundcalc.render.escape import terminal_text as _t
from boundcalc.theory import notation as _formula
from boundcalc.theory.bound import Bound, Theorem
from boundcalc.theory.evidence import HOW_TO_CITE
from boundcalc.theory.evidence import STATUS_MEANINGS as _MEANINGS
from boundcalc.theory.notation import RELATION_LATEX
from boundcalc.theory.sources.bibliography import CITATIONS
from boundcalc.theory.symbols import INPUTS

if TYPE_CHECKING:
    from boundcalc.numbers.evaluate import Evaluation

STATUS_MEANINGS = "; ".join(f"{label} = {meaning}" for label, meaning in _MEANINGS.items())


def _overridden(evaluation: Evaluation, what: str) -> str:
    return "set by you" if what in evaluation.quantity.overridden else "default"


def _inputs_table(evaluation: Evaluation, digits: int) -> str:
    rows = [(item.name, item.text(digits), item.origin, INPUTS[item.name].meaning) for item in evaluation.inputs]
    return tabulate(rows, tablefmt="plain")


def _assumed(evaluation: Evaluation) -> list[str]:
    quantity = evaluation.quantity
    exponents = "  ".join(f"{name}={e}" for name, e in quantity.exponents.items())
    changed = [w.removeprefix("exponent ") for w in quantity.overridden if w.startswith("exponent ")]
    if quantity.expression is not None:
        lines = ["exponents   none to override (a formula from a bound file)"]
    else:
        lines = [f"exponents   {exponents}   ({'set by you: ' + ', '.join(changed) if changed else 'defaults'})"]
    lines.append(
        f"constant    C = {number_text(quantity.constant)}   "
        f"({_overridden(evaluation, 'constant')}; the hidden {quantity.order} constant is unknown)"
    )
    lines.append(f"log power   {quantity.log_power}   ({_overridden(evaluation, 'log power')}; power of ln m)")
    return lines


def _provenance(evaluation: Evaluation) -> list[str]:
    theorem = evaluation.theorem
    lines = [
        f"source      {_t(theorem.source)}",
        f"version     {_t(theorem.version)}",
        f"status      {evaluation.status} — {_t(evaluation.evidence)}",
    ]
    lines += [f"            {_t(line)}" for line in _factor_evidence(evaluation.quantity)]
    if evaluation.quantity.order_only:
        lines.append(f"order only  without {evaluation.quantity.order_only} (set to 1, as every hidden constant is)")
    if evaluation.quantity.note:
        lines.append(f"note        {_t(evaluation.quantity.note)}")
    lines += [f"warning: {_t(w)}" for w in evaluation.warnings]
    return lines


def evaluation_text(evaluation: Evaluation, digits: int = 4) -> str:
    theorem, quantity = evaluation.theorem, evaluation.quantity
    lines = [
        f"{_t(theorem.key)} {quantity.name} — {_t(theorem.paper)} {theorem.year}, {_t(theorem.theorem)}: "
        f"{_t(quantity.meaning)}",
        "",
        f"  {quantity.symbol} {quantity.relation} {evaluation.value.text(digits)}   (log10 = {evaluation.log10:.4f})",
    ]
    if evaluation.unsolved is not None:
        lines.append(
            f"  without the log factor: {_formula.body_text(quantity.with_overrides(log_power=0))}"
            f" = {evaluation.unsolved.text(digits)}; the width solves m ≥ C·P·ln^k m"
        )
    lines += ["", f"formula     {evaluation.formula}", f"paper       {_formula.formula_text(quantity, paper=True)}"]
    lines += ["", "inputs", _indent(_inputs_table(evaluation, digits)), ""]
    lines += _assumed(evaluation) + _provenance(evaluation)
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def evaluations_text(evaluations: Sequence[Evaluation], digits: int = 4) -> str:
    first = evaluations[0]
    theorem = first.theorem
    rows = [
        (
            e.quantity.name,
            f"{e.quantity.symbol} {e.quantity.relation}",
            e.value.text(digits),
            f"{e.log10:.3f}",
            _formula.body_text(e.quantity),
            e.status,
        )
        for e in evaluations
    ]
    used: dict[str, object] = {}
    for evaluation in evaluations:
        for item in evaluation.inputs:
            used.setdefault(item.name, (item.name, item.text(digits), item.origin, INPUTS[item.name].meaning))
    lines = [
        f"{_t(theorem.key)} — {_t(theorem.paper)} {theorem.year}, {_t(theorem.theorem)}: {_t(theorem.title)}",
        "",
        tabulate(rows, headers=["quantity", "", "value", "log10", "formula", "status"], tablefmt="simple"),
        "",
        "inputs",
        _indent(tabulate(list(used.values()), tablefmt="plain")),
        "",
    ]
    changed = [f"{e.quantity.name}: {', '.join(e.quantity.overridden)}" for e in evaluations if e.quantity.overridden]
    lines.append(
        "overrides   " + ("; ".join(changed) if changed else "none (every exponent, C = 1, log powers as encoded)")
    )
    lines += [
        f"source      {_t(theorem.source)}",
        f"version     {_t(theorem.version)}",
        f"status      {theorem.status} — {_t(theorem.status_note)}",
    ]
    lines += [f"warning: {_t(w)}" for w in dict.fromkeys(w for e in evaluations for w in e.warnings)]
    return "\n".join(lines)


def evaluation_dict(evaluation: Evaluation, digits: int = 4) -> dict:
    """The JSON object ``--format json`` prints: theorem, quantity, value, inputs, source, version, status."""
    result = {
        "theorem": evaluation.theorem.key,
        "quantity": evaluation.quantity.name,
        "symbol": evaluation.quantity.symbol,
        "relation": evaluation.quantity.relation,
        "inputs": {item.name: item.json_value() for item in evaluation.inputs},
        "input_origins": {item.name: item.origin for item in evaluation.inputs},
        "exponents": {name: json_number(e) for name, e in evaluation.quantity.exponents.items()},
        "constant": json_number(evaluation.quantity.constant),
        "log_power": json_number(evaluation.quantity.log_power),
        "log10": evaluation.value.log10,
        "value": evaluation.value.sci(digits),
        "formula": evaluation.formula,
        "formula_latex": evaluation.formula_latex,
        "order": evaluation.quantity.order,
        "source": evaluation.source,
        "status": evaluation.status,
        "status_note": evaluation.theorem.status_note,
        "evidence": evaluation.evidence,
        "version": evaluation.theorem.version,
        "order_only": evaluation.quantity.order_only,
        "note": evaluation.quantity.note,
        "overridden": list(evaluation.quantity.overridden),
        "warnings": list(evaluation.warnings),
    }
    if evaluation.unsolved is not None:
        result["log10_without_log_factor"] = evaluation.unsolved.log10
        result["value_without_log_factor"] = evaluation.unsolved.sci(digits)
    return result


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _latex_inputs(evaluation: Evaluation, digits: int) -> str:
    return ", ".join(f"{item.name} = {item.text(digits)} ({item.origin.split(':')[0]})" for item in evaluation.inputs)


def evaluation_latex(evaluation: Evaluation, digits: int = 4) -> str:
    """A display equation that compiles as it is (amsmath not needed)."""
    quantity = evaluation.quantity
    comment = [
        "% boundcalc: "
        + latex_comment(
            f"{evaluation.theorem.key} {quantity.name}; {evaluation.source}; "
            f"version: {evaluation.theorem.version}; status: {evaluation.status}"
        ),
        f"% inputs: {latex_comment(_latex_inputs(evaluation, digits))}",
        f"% constant C = {number_text(quantity.constant)}, log power {number_text(quantity.log_power)}",
    ]
    equation = rf"\[ {_formula.formula_latex(quantity)} \quad\Rightarrow\quad {quantity.latex_symbol} " + (
        RELATION_LATEX[quantity.relation] + rf" {evaluation.value.latex(digits)} \]"
    )
    return "\n".join(comment + [equation])


def evaluations_latex(evaluations: Sequence[Evaluation], digits: int = 4) -> str:
    theorem = evaluations[0].theorem
    lines = [
        "% boundcalc: "
        + latex_comment(f"{theorem.key}; {theorem.source}; version: {theorem.version}; status: {theorem.status}"),
        f"% inputs: {latex_comment(_latex_inputs(evaluations[0], digits))}",
        r"\begin{tabular}{lll}",
        r"\hline",
        r"quantity & formula & value \\",
        r"\hline",
    ]
    for e in evaluations:
        lines.append(
            rf"{latex_text(e.quantity.name.replace('_', ' '))} & ${_formula.formula_latex(e.quantity)}$ & ${e.value.latex(digits)}$ \\"
        )
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines)


def theorem_summary(theorem: Theorem) -> dict:
    return {
        "key": theorem.key,
        "paper": theorem.paper,
        "year": theorem.year,
        "theorem": theorem.theorem,
        "title": theorem.title,
        "status": theorem.status,
        "statuses": list(theorem.statuses),
        "version": theorem.version,
        "kind": theorem.kind,
        "setting": theorem.architecture or theorem.setting,
        "quantities": list(theorem.quantity_names),
    }


def theorem_dict(theorem: Theorem) -> dict:
    summary = theorem_summary(theorem)
    summary.update(
        source=theorem.source,
        status_note=theorem.status_note,
        evidence=_evidence_dict(theorem.evidence),
        citation=CITATIONS.get(theorem.key),
        caveats=theorem.caveats,
        setting=theorem.setting,
        data_assumption=theorem.data_assumption,
        kernel=theorem.kernel,
        assumptions=[a.text for a in theorem.assumptions],
        derived={name: f"{key or theorem.key} {q}" for name, (key, q) in theorem.derived.items()},
        quantities=[
            {
                "name": q.name,
                "meaning": q.meaning,
                "formula": _formula.formula_text(q, paper=True),
                "formula_latex": _formula.formula_latex(q, paper=True),
                "exponents": {name: str(e) for name, e in q.exponents.items()},
                "log_power": str(q.log_power),
                "status": q.status or theorem.status,
                "evidence": _evidence_dict(q.evidence or theorem.evidence),
                "factor_status": {f.base: f.status for f in q.factors if f.status},
                "factor_evidence": {f.base: _evidence_dict(f.evidence) for f in q.factors if f.evidence},
                "missing": [f"{what} ({option} {assignment})" for what, option, assignment in q.missing],
                "order_only": q.order_only,
                "note": q.note,
            }
            for q in theorem.quantities
        ],
    )
    return summary


def _evidence_dict(evidence) -> dict:
    return {
        "read_in": evidence.read_in,
        "text": evidence.text,
        "where": evidence.where,
        "quote": evidence.quote,
        "status": evidence.status,
    }


def _factor_evidence(quantity: Bound) -> list[str]:
    return [
        f"factor {f.base}: {f.status} — {f.evidence.describe()}" for f in quantity.factors if f.evidence is not None
    ]


def quantity_caveats(quantity: Bound) -> list[str]:
    """What a reader of one formula must know beside its own reading: factors read elsewhere, exponents
    no source gives, an order without its factors."""
    lines = _factor_evidence(quantity)
    lines += [
        f"unknown: {what}: no value until you give it ({option} {assignment})"
        for what, option, assignment in quantity.missing
    ]
    if quantity.order_only:
        lines.append(f"known only as an order, without {quantity.order_only}: evaluated with those set to 1")
    return lines


def how_to_cite() -> str:
    return f"How to cite: {HOW_TO_CITE}."


def theorem_text(theorem: Theorem) -> str:
    lines = [
        f"{_t(theorem.key)}: {_t(theorem.title)}",
        f"  {_t(theorem.paper)} {theorem.year or ''}, {_t(theorem.theorem)}",
        f"  source: {_t(theorem.source)}",
        f"  version: {_t(theorem.version)} (the text its exponents come from)",
        f"  cite: {CITATIONS[theorem.key]} (boundcalc cite {theorem.key})"
        if theorem.key in CITATIONS
        else "  cite: nothing to cite (no publication)",
        f"  status: {theorem.status} — {_t(theorem.status_note)}",
        f"  kind: {_t(theorem.kind)}",
        f"  setting: {_t(theorem.setting)}",
    ]
    if theorem.data_assumption:
        lines.append(f"  data: {_t(theorem.data_assumption)}")
    if theorem.kernel:
        lines.append(f"  kernel: {_t(theorem.kernel)}")
    lines += ["", "quantities (hidden constant C = 1 by default; every exponent can be overridden)"]
    for q in theorem.quantities:
        lines.append(f"  {q.name}: {_t(q.meaning)}")
        lines.append(f"    {_formula.formula_text(q, paper=True)}")
        lines.append(f"    LaTeX: {_formula.formula_latex(q, paper=True)}")
        exponents = ", ".join(f"{name}={e}" for name, e in q.exponents.items()) or "none outside the maximum"
        lines.append(f"    exponents (--exp {q.name}.NAME=VALUE): {exponents}; log power {q.log_power}")
        lines.append(f"    status: {q.status or theorem.status} — {_t((q.evidence or theorem.evidence).describe())}")
        lines += [f"    {_t(line)}" for line in quantity_caveats(q)]
        if q.note:
            lines.append(f"    note: {_t(q.note)}")
    lines += ["", "assumptions"] + [f"  - {_t(a.text)}" for a in theorem.assumptions]
    if theorem.derived:
        lines += ["", "inputs taken from other formulas when not given"]
        lines += [f"  {name} ← {key or theorem.key} {q}" for name, (key, q) in theorem.derived.items()]
    if theorem.caveats:
        lines += ["", f"caveats: {_t(theorem.caveats)}"]
    lines += ["", f"status labels: {STATUS_MEANINGS}.", how_to_cite()]
    return "\n".join(lines)
