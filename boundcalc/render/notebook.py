"""What a notebook shows of a result: an evaluation or a theorem as MathJax LaTeX (the results'
``_repr_latex_`` hooks call these)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boundcalc.render.escape import mathjax_text
from boundcalc.theory.notation import RELATION_LATEX, formula_latex

if TYPE_CHECKING:
    from boundcalc.numbers.evaluate import Evaluation
    from boundcalc.theory.bound import Theorem


def evaluation_display(evaluation: Evaluation) -> str:
    r"""An evaluation as Jupyter shows it: its formula in LaTeX, the value and the status label.

    >>> from boundcalc import evaluate
    >>> print(evaluation_display(evaluate("du19-2layer", "width", n=100, lambda0=0.1)))
    $$m \geq \frac{n^{6}}{\lambda_0^{4}\, p^{3}} \quad\Rightarrow\quad m \geq 1.000\times10^{19} \qquad \text{du19-2layer width; status: stated}$$
    """
    quantity = evaluation.quantity
    about = f"{evaluation.theorem.key} {quantity.name}; status: {evaluation.status}"
    if evaluation.warnings:
        count = len(evaluation.warnings)
        about += f"; {count} warning{'s' if count > 1 else ''} (see .warnings)"
    return (
        rf"$${evaluation.formula_latex} \quad\Rightarrow\quad {quantity.latex_symbol} {RELATION_LATEX[quantity.relation]}"
        rf" {evaluation.value.latex()} \qquad \text{{{mathjax_text(about)}}}$$"
    )


def theorem_display(theorem: Theorem) -> str:
    """A theorem as its formulas, as the paper writes them, with their status labels.

    >>> from boundcalc import REGISTRY
    >>> print(theorem_display(REGISTRY["du19-2layer"]))
    $$\\begin{array}{ll}\\text{du19-2layer: Du, Zhai, Póczos, Singh 2019, Theorem 4.1} ...
    """
    title = mathjax_text(f"{theorem.key}: {theorem.paper} {theorem.year or ''}".rstrip() + f", {theorem.theorem}")
    rows = [rf"\text{{{title}}} & \text{{{mathjax_text(theorem.status)}}}"]
    for quantity in theorem.quantities:
        label = mathjax_text(f"{quantity.name} ({quantity.status or theorem.status})")
        rows.append(rf"{formula_latex(quantity, paper=True)} & \text{{{label}}}")
    return r"$$\begin{array}{ll}" + r" \\ ".join(rows) + r"\end{array}$$"
