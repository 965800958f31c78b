"""The study's findings in words, every number computed from the store (tables/study*/findings.md).

README.md and docs/study.md quote this file between markers (``<!-- findings:start -->`` …
``<!-- findings:end -->``); ``python -m boundcalc.study.findings FINDINGS FILE…`` copies it there,
and a test fails when a figure quoted there is not in it.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np

from boundcalc.study.records import Cell, Exponent, Fit, StepRuleFit, cell_list, settings_line
from boundcalc.study.theorem import theorem_log_power

START, END = "<!-- findings:start -->", "<!-- findings:end -->"


def _range(values, digits: int = 2) -> str:
    low, high = min(values), max(values)
    return f"{low:.{digits}f}" if round(low, digits) == round(high, digits) else f"{low:.{digits}f}–{high:.{digits}f}"


def _exponent(row: Exponent, tobit: bool = False) -> str:
    if tobit:
        if row.tobit is None:
            return "not identified (the cells with m* found share one value)"
        interval = (
            f" ({row.tobit_low:.2f} to {row.tobit_high:.2f})"
            if row.tobit_low is not None and np.isfinite(row.tobit_low)
            else ""
        )
        return f"{row.axis}^{row.tobit:.2f}{interval}"
    if not np.isfinite(row.fitted):
        return "not identified (the cells with m* found share one value)"
    interval = f" ({row.low:.2f} to {row.high:.2f})" if np.isfinite(row.low) else ""
    return f"{row.axis}^{row.fitted:.2f}{interval}"


def _t_dependence(rows: list[tuple[str, Exponent]]) -> str:
    """Whether the n exponent moves with T: the least-squares intervals at the smallest and largest T."""
    if len(rows) < 2:
        return ""
    (first, a), (last, b) = rows[0], rows[-1]
    if not (np.isfinite(a.low) and np.isfinite(b.low)):
        return ""
    if a.high < b.low or b.high < a.low:
        return f"The intervals at T = {first} and {last} do not overlap: the n exponent depends on T."
    return f"The intervals at T = {first} and {last} overlap: in this study the n exponent does not detectably depend on T."


def findings(cells: list[Cell], fits: list[Fit], rule_fits: list[StepRuleFit]) -> list[str]:
    """Bullet lines (Markdown) of what the store shows; each number is computed here."""
    lines = [f"Protocol: {settings_line(cells)}; 95% bootstrap intervals over data draws and seeds."]
    width_fits = [f for f in fits if f.quantity.startswith("width")]
    by_axis: dict[str, list[tuple[str, Exponent]]] = {}
    for fit in width_fits:
        for row in fit.rows:
            by_axis.setdefault(row.axis, []).append((fit.budget, row))
    if "n" in by_axis:
        parts = [f"{_exponent(row)} at T = {name}" for name, row in by_axis["n"]]
        tobit = [f"{_exponent(row, True)} at T = {name}" for name, row in by_axis["n"]]
        theorem = by_axis["n"][0][1].theorem
        lines.append(
            f"**n**: m* grows like {', '.join(parts)} (cells with m* found), and like {', '.join(tobit)} with the "
            f"censored cells in (Tobit) — against Theorem 1's n^{theorem}. {_t_dependence(by_axis['n'])}"
        )
    for axis in ("L", "d", "δ"):
        if axis in by_axis:
            name, row = by_axis[axis][-1]
            lines.append(
                f"**{axis}** (T = {name}): m* ∝ {_exponent(row)} where found, {_exponent(row, True)} with the "
                f"censored cells in, against Theorem 1's {axis}^{row.theorem}."
            )
    for fit in width_fits:
        if fit.censored:
            lines.append(
                f"At T = {fit.budget}, {fit.censored} of {fit.censored + fit.cells} fitted cells are censored (no m* up to the widest width tried, or the smallest sufficed)."
            )
    odd = [c for c in cells if any(c.non_monotone(within) for _, within in c.budgets()) and c.outcomes]
    lines.append(
        f"Success was not monotone in m (a width below m* also succeeded) in {len(odd)} of {len(cells)} cells"
        + (f": {cell_list(odd)}." if odd else ".")
    )
    iterations = next((f for f in fits if f.quantity == "iterations"), None)
    if iterations and iterations.rows:
        parts = [f"{_exponent(row)} (Theorem 1: {row.axis}^{row.theorem})" for row in iterations.rows]
        lines.append(f"**Iterations** at step auto, the steps to ε at the widest width: {', '.join(parts)}.")
    for f in rule_fits:
        theorem = "unknown" if f.theorem is None else f"{f.theorem:g}"
        lines.append(
            f"**Step rule {f.rule}** (n = {', '.join(map(str, f.n))}): {f.quantity} ∝ n^{f.fitted:.2f} "
            f"({f.low:.2f} to {f.high:.2f}); Theorem 1: n^{theorem}."
        )
    loose = [c.theory_log10 - math.log10(m) for c in cells if c.theory_log10 is not None and (m := c.m_star_largest())]
    found = [m for c in cells if (m := c.m_star_largest())]
    if loose:
        lines.append(
            f"**Looseness** at the largest T: m* of {min(found)} to {max(found)} neurons where found, Theorem 1 "
            f"(C = 1, log power {theorem_log_power()}) asks for {_range(loose, 1)} orders of magnitude more."
        )
    floors = [m / 10**c.floor_log10 for c in cells if (m := c.m_star_largest())]
    if floors:
        lines.append(f"**Floor**: where found, m* is {_range(floors, 1)} times the parameter floor √(nd/L).")
    ratios, widest, faster = [], [], 0
    for c in cells:
        top = max(c.outcomes) if c.outcomes else None
        for r in c.runs:
            if r.iterations_kernel and r.reached_at > 0:
                ratio = r.reached_at / r.iterations_kernel
                ratios.append(ratio)
                faster += ratio < 1
                if r.m == top:
                    widest.append(ratio)
    if ratios:
        lines.append(
            "**Kernel regime**: the steps to ε are "
            f"{np.percentile(ratios, 10):.2f}–{np.percentile(ratios, 90):.2f} times the limit kernel's prediction "
            f"for the same step (10th–90th percentile of {len(ratios)} runs), "
            f"{np.percentile(widest, 10):.2f}–{np.percentile(widest, 90):.2f} at each cell's widest width; "
            f"{faster} runs needed fewer steps than predicted."
        )
    digits = sorted((c for c in cells if c.settings.data == "digits"), key=lambda c: c.settings.n)
    if digits:
        shown = []
        for c in digits:
            values = [c.censored_m_star(c.seeds, within) for _, within in c.budgets()]
            text = "/".join("—" if v is None else (f">{int(v[0])}" if v[1] > 0 else str(int(v[0]))) for v in values)
            shown.append(f"n = {c.settings.n} (δ = {c.delta:.3f}): {text}")
        names = "/".join(name for name, _ in digits[0].budgets())
        lines.append(f"**Digits** (scikit-learn, one-hot labels, d = 10), m* at T = {names}: {'; '.join(shown)}.")
    return [f"- {line}" for line in lines]


def write_findings(lines: list[str], path: Path) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def block(text: str) -> str | None:
    """The findings quoted between the markers of a README or docs page (None: no markers)."""
    match = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.S)
    return None if match is None else match.group(1)


def quote(findings_path: Path, target: Path) -> None:
    """Replace the block between the markers in target with the findings file."""
    text = target.read_text()
    if block(text) is None:
        raise SystemExit(f"{target}: no {START} … {END} markers")
    body = findings_path.read_text()
    target.write_text(
        re.sub(re.escape(START) + r"\n.*?" + re.escape(END), lambda _: f"{START}\n{body}{END}", text, flags=re.S)
    )


if __name__ == "__main__":
    source, *targets = sys.argv[1:]
    for name in targets:
        quote(Path(source), Path(name))
