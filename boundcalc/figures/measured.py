"""The measured m* of a study store, for drawing beside the bounds; read-only, without torch.

The store is opened with ``boundcalc.study.store.Store.reader`` (nothing written beside it, a
foreign file refused). A cell is drawn where its settings match the figure's other inputs (L and d,
and the prescribed separation where the store has one); the rest are left out with a note. Each
drawn cell carries the bracket the width search left: m* succeeded and the widest width tried below
it failed, so the least sufficient width lies between; a cell where no width sufficed is censored
at the widest width tried.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from boundcalc.errors import InputError
from boundcalc.study.store import Store

# the input a figure varies or fixes → the store's setting holding it
SETTINGS = {"n": "n", "L": "L", "d": "d", "delta": "separation"}
_DEFAULTS = {"d": Fraction(1)}


@dataclass(frozen=True)
class Measured:
    """A cell of a study store: m* at ``x``, ``below`` the widest width tried under it (which failed; None
    where the smallest width tried succeeded), ``widest`` the widest tried; ``m_star`` None: none sufficed."""

    cell: str
    x: float
    m_star: int | None
    below: int | None
    widest: int

    @property
    def censored(self) -> bool:
        return self.m_star is None


def measured_widths(
    store_path: str | Path, over: str, fixed: Mapping[str, Fraction], low: Fraction, high: Fraction
) -> tuple[list[Measured], list[str]]:
    """The cells of the store to draw against ``over`` (sorted by it), and notes on those left out."""
    if over not in SETTINGS:
        raise InputError(f"a store's cells vary {', '.join(SETTINGS)}; it cannot be drawn against {over}")
    store = Store.reader(store_path)
    try:
        cells, runs = store.cells(), store.runs()
    finally:
        store.close()
    if not cells:
        raise InputError(f"store {str(store_path)!r} holds no cells")
    tried: dict[str, set[int]] = {}
    separations: dict[str, float] = {}
    for run in runs:
        tried.setdefault(run["cell"], set()).add(run["m"])
        if run.get("delta"):
            separations.setdefault(run["cell"], run["delta"])
    notes: list[str] = []
    kept = cells
    for name, setting in SETTINGS.items():
        if name == over:
            continue
        seen = {c["settings"].get(setting) for c in kept}
        wanted = fixed.get(name, _DEFAULTS.get(name))
        if wanted is None:
            if len(seen) > 1:
                shown = ", ".join(str(v) for v in sorted(seen, key=str))
                raise InputError(f"the store's cells differ in {name} ({shown}): give {name} to choose which to draw")
            continue
        if seen == {None}:
            continue  # not a setting of this store (δ measured on the data, not prescribed)
        matching = [
            c for c in kept if c["settings"].get(setting) is not None and Fraction(c["settings"][setting]) == wanted
        ]
        if len(matching) < len(kept):
            others = sorted({str(c["settings"].get(setting)) for c in kept if c not in matching})
            left = len(kept) - len(matching)
            notes.append(
                f"{left} cell{'s' if left > 1 else ''} of the store at {name} = {', '.join(others)} "
                f"{'are' if left > 1 else 'is'} left out (the figure is at {name} = {float(wanted):g})"
            )
        kept = matching
    for setting in ("data", "lr", "lr_scale"):  # one protocol per figure: the commonest, the others noted
        values = [str(c["settings"].get(setting)) for c in kept]
        if len(set(values)) > 1:
            common = max(set(values), key=values.count)
            apart = sum(v != common for v in values)
            notes.append(f"{apart} cell(s) at another {setting} than {common} left out (one protocol per figure)")
            kept = [c for c, v in zip(kept, values) if v == common]
    if not kept:
        raise InputError(f"store {str(store_path)!r} has no cell at the figure's inputs; {' '.join(notes)}")
    drawn: list[Measured] = []
    for cell in kept:
        x = cell["settings"].get(SETTINGS[over])
        widths = sorted(tried.get(cell["cell"], ()))
        if x is None or not widths:
            notes.append(f"cell {cell['cell']} has no {over} setting or no runs: left out")
            continue
        if not low <= Fraction(x) <= high:
            continue
        m_star = cell["m_star"]
        if m_star is None and not str(cell["status"]).startswith("no width"):
            notes.append(f"cell {cell['cell']} ({over} = {x}) is unfinished ({cell['status']}): left out")
            continue
        below = max((m for m in widths if m_star is not None and m < m_star), default=None)
        drawn.append(Measured(cell["cell"], float(x), m_star, below, widths[-1]))
    drawn.sort(key=lambda c: c.x)
    if drawn:
        notes.append(_about(Path(store_path).name, kept[0]["settings"], drawn, separations))
    return drawn, notes


def _about(name: str, settings: dict, drawn: list[Measured], separations: dict[str, float]) -> str:
    """What the dots are: the rule m* follows, the bars and arrows, and δ as measured on the data."""
    censored = sum(c.censored for c in drawn)
    open_below = sum(c.below is None and not c.censored for c in drawn)
    text = (
        f"measured m* from {name}: the smallest width at which at least {settings.get('success_fraction', '?')} "
        f"of {settings.get('seeds', '?')} seeds reach F ≤ {settings.get('eps', '?')} ({settings.get('data', '?')} "
        "data); bars reach down to the widest width tried that failed"
    )
    if censored:
        text += f"; {censored} with no width tried sufficient: arrows up from the widest tried"
    if open_below:
        text += f"; {open_below} where the smallest width tried sufficed: arrows down"
    deltas = sorted(f"{separations[c.cell]:.3g}" for c in drawn if c.cell in separations)
    if deltas:
        text += f"; δ measured on their data {deltas[0]}" + (f" to {deltas[-1]}" if deltas[0] != deltas[-1] else "")
    return text
