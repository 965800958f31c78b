"""The study's records, typed: a run, a cell with its runs, and the fitted exponents.

The store hands back rows as dicts (``Store.cells``, ``Store.runs``); ``Run.from_row`` and
``Cell.from_row`` are the one place where they become records, and refuse a missing or mistyped field
with an InputError naming it. A ``Cell`` here is a cell as measured; ``sweep_spec.Cell`` is the cell
as planned. What the report and the findings both compute from cells lives here too, so neither
imports the other.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from boundcalc.errors import InputError
from boundcalc.study.sweep import smallest_stable_width

Outcomes = dict[int, dict[int, int]]  # width → seed → the step at which F ≤ ε was reached (−1: never)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _real(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: object) -> bool:
    return isinstance(value, str)


def _field(row: Mapping[str, Any], name: str, check: Callable[[object], bool], where: str, **default: Any) -> Any:
    """row[name] if it passes check; its default (``default=...``) where absent, else an InputError."""
    if name not in row:
        if "default" in default:
            return default["default"]
        raise InputError(f"{where} has no {name!r}")
    value = row[name]
    if not (check(value) or ("default" in default and value is None)):
        raise InputError(f"{where}[{name!r}] has the wrong type: {value!r:.60}")
    return value


@dataclass(frozen=True)
class Settings:
    """A cell's settings: the typed ones the study reads, and all of them as stored.

    Values are kept as stored (an int stays an int), so that what is printed from them is unchanged.

    Attributes:
        n: Samples.
        L: Hidden layers.
        d: Output dimension.
        d_in: Input dimension.
        seeds: Networks trained per width.
        data: ``synthetic`` or ``digits``.
        success_fraction: The share of the seeds that must reach ε at m*.
        steps: T, the largest step budget the runs had.
        eps: ε, the training loss to reach.
        separation: The prescribed δ (None where the data measure it).
        lr: The step rule: ``auto``, ``theory`` or a number (None where not stored).
        lr_scale: The constant of ``lr = theory``.
        seed: The data draw.
        stored: Every setting as stored (what cells that differ only in their draw share).
    """

    n: int
    L: int
    d: int
    d_in: int
    seeds: int
    data: str
    success_fraction: float
    steps: int
    eps: float
    separation: float | None = None
    lr: str | float | None = None
    lr_scale: float = 1.0
    seed: int = 0
    stored: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_row(cls, stored: Mapping[str, Any], where: str = "settings") -> Settings:
        """The settings of a stored cell; InputError naming a field that is missing or of the wrong type.

        Args:
            stored: The settings as the store holds them (a JSON object).
            where: What the error calls them.

        Returns:
            The typed settings, ``stored`` kept beside them.
        """
        got = {name: _field(stored, name, _whole, where) for name in ("n", "L", "d", "d_in", "seeds", "steps")}
        return cls(
            **got,
            data=_field(stored, "data", _text, where),
            success_fraction=_field(stored, "success_fraction", _real, where),
            eps=_field(stored, "eps", _real, where),
            separation=_field(stored, "separation", _real, where, default=None),
            lr=_field(stored, "lr", lambda v: _text(v) or _real(v), where, default=None),
            lr_scale=_field(stored, "lr_scale", _real, where, default=1.0),
            seed=_field(stored, "seed", _whole, where, default=0),
            stored=dict(stored),
        )

    @property
    def rule(self) -> str:
        """The step rule as the tables name it: 'auto', 'theory', '2048× theory' or the step."""
        if self.lr == "theory":
            return "theory" if self.lr_scale == 1 else f"{self.lr_scale:g}× theory"
        return str(self.lr)

    def draws_key(self) -> str:
        """What cells that differ only in the data draw share (every stored setting but the seed)."""
        return json.dumps({k: v for k, v in self.stored.items() if k != "seed"}, sort_keys=True)


@dataclass(frozen=True)
class StepPlan:
    """How a cell's step budget T was sized (``provenance['steps_plan']``).

    Attributes:
        time_limited: The planned T exceeded the cap (the cell stays out of the fits).
        iterations_kernel: The steps the limit kernel predicts for the cell's step (None: T was fixed).
        steps_per_kernel: T as a multiple of that prediction.
        multiples: Every multiple m*(T) is judged at (None: steps_per_kernel alone).
        step_cap: The largest T allowed.
    """

    time_limited: bool
    iterations_kernel: int | None = None
    steps_per_kernel: float | None = None
    multiples: tuple[float, ...] | None = None
    step_cap: int | None = None

    @classmethod
    def from_row(cls, stored: Mapping[str, Any], where: str = "steps_plan") -> StepPlan:
        """The plan as stored; InputError naming a field that is missing or of the wrong type.

        Args:
            stored: ``provenance['steps_plan']`` as the store holds it.
            where: What the error calls it.

        Returns:
            The typed plan.
        """
        multiples = _field(stored, "multiples", lambda v: isinstance(v, list) and all(map(_real, v)), where,
                           default=None)  # fmt: skip
        return cls(
            time_limited=_field(stored, "time_limited", lambda v: isinstance(v, bool), where),
            iterations_kernel=_field(stored, "iterations_kernel", _whole, where, default=None),
            steps_per_kernel=_field(stored, "steps_per_kernel", _real, where, default=None),
            multiples=None if multiples is None else tuple(multiples),
            step_cap=_field(stored, "step_cap", _whole, where, default=None),
        )

    @property
    def kernel_multiples(self) -> tuple[float, ...]:
        """The multiples of the kernel's prediction, as planned (steps_per_kernel where none are listed)."""
        if self.multiples:
            return self.multiples
        if self.steps_per_kernel is None:
            raise InputError("steps_plan has neither 'multiples' nor 'steps_per_kernel'")
        return (self.steps_per_kernel,)


@dataclass(frozen=True)
class Run:
    """One trained network of a cell: its width, seed and what was measured.

    Attributes:
        cell: The key of its cell.
        m: Width.
        seed: Seed of the network.
        reached_at: The step at which F ≤ ε was reached (−1: never).
        diverged_at: The step at which training diverged (−1: never).
        loss: The training loss along the trajectory (None where not finite).
        grad_sq: ‖∇F‖² along the trajectory.
        movement: ‖W − W⁽⁰⁾‖_F / ‖W⁽⁰⁾‖_F along the trajectory.
        delta: The separation measured on the cell's data.
        iterations_kernel: The steps the limit kernel predicts for this run's step.
        step_size: The step η the run used.
    """

    cell: str
    m: int
    seed: int
    reached_at: int
    diverged_at: int
    loss: tuple[float | None, ...] = ()
    grad_sq: tuple[float | None, ...] = ()
    movement: tuple[float | None, ...] = ()
    delta: float | None = None
    iterations_kernel: int | None = None
    step_size: float | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Run:
        """A run as ``Store.runs`` gives it (``{"cell": key, **record}``); InputError naming a bad field.

        Args:
            row: The stored run.

        Returns:
            The typed run.
        """
        where = f"run (cell {row.get('cell')!r:.80}, m {row.get('m')!r:.20}, seed {row.get('seed')!r:.20})"
        trajectory = _field(row, "trajectory", lambda v: isinstance(v, dict), where)
        series = {
            name: tuple(
                _field(
                    trajectory,
                    name,
                    lambda v: isinstance(v, list) and all(x is None or _real(x) for x in v),
                    f"{where} trajectory",
                )  # fmt: skip
            )
            for name in ("loss", "grad_sq", "movement_fro_rel")
        }
        return cls(
            cell=_field(row, "cell", _text, where),
            m=_field(row, "m", _whole, where),
            seed=_field(row, "seed", _whole, where),
            reached_at=_field(row, "reached_at", _whole, where),
            diverged_at=_field(row, "diverged_at", _whole, where),
            loss=series["loss"],
            grad_sq=series["grad_sq"],
            movement=series["movement_fro_rel"],
            delta=_field(row, "delta", _real, where, default=None),
            iterations_kernel=_field(row, "iterations_kernel", _whole, where, default=None),
            step_size=_field(row, "step_size", _real, where, default=None),
        )


def outcomes_of(runs: Sequence[Run]) -> Outcomes:
    """width → seed → the step at which F ≤ ε was reached (−1: never).

    >>> outcomes_of([Run("c", 8, 0, 120, -1), Run("c", 8, 1, -1, -1), Run("c", 16, 0, 90, -1)])
    {8: {0: 120, 1: -1}, 16: {0: 90}}
    """
    outcomes: Outcomes = {}
    for run in runs:
        outcomes.setdefault(run.m, {})[run.seed] = run.reached_at
    return outcomes


def _successes(outcomes: Outcomes, seeds: Sequence[int], fraction: float, within: int | None) -> dict[int, bool]:
    def ok(step: int) -> bool:
        return step >= 0 and (within is None or step <= within)

    return {m: bool(np.mean([ok(outcomes[m].get(seed, -1)) for seed in seeds]) >= fraction) for m in outcomes}


def m_star_of(outcomes: Outcomes, seeds: Sequence[int], fraction: float, within: int | None = None) -> int | None:
    """The smallest width tried from which every wider one tried has ≥ fraction of these seeds reach ε
    (within ``within`` steps where given: a smaller T judged from the runs at the largest).

    With the seeds the search used this is the search's m*; with a resample of them it is that
    resample's m* (None when the widest width tried fails).
    """
    return smallest_stable_width(_successes(outcomes, seeds, fraction, within))


def iterations_of(outcomes: Outcomes, seeds: Sequence[int]) -> float | None:
    """Median steps to ε over these seeds at the widest width tried, among those that reached it."""
    widest = outcomes[max(outcomes)]
    reached = [widest[seed] for seed in seeds if widest.get(seed, -1) >= 0]
    return float(np.median(reached)) if reached else None


@dataclass(frozen=True)
class Cell:
    """One cell of a sweep as measured: its settings, runs, m* and what the theory asks there.

    Attributes:
        key: The cell's key in the store.
        settings: Its settings.
        m_star: m* as the sweep found it at the largest T (None: no width tried sufficed).
        status: ``found``, ``found (non-monotone)``, ``searching``, …
        plan: How T was sized (None: a fixed T).
        runs: Its runs, in the store's order (by width, then seed).
        outcomes: width → seed → the step at which F ≤ ε was reached (−1: never), from the runs.
        delta: The separation measured on its data (None without runs).
        theory: Theorem 1's width at the measured δ (a Magnitude; None without δ).
        floor: The parameter-count floor (a Magnitude).
        provenance: Where and how it was run, as stored.
    """

    key: str
    settings: Settings
    m_star: int | None
    status: str
    plan: StepPlan | None = None
    runs: tuple[Run, ...] = ()
    outcomes: Outcomes = field(default_factory=dict)
    delta: float | None = None
    theory: Any = None
    floor: Any = None
    provenance: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_row(cls, row: Mapping[str, Any], runs: Sequence[Run], theory: Any = None, floor: Any = None) -> Cell:
        """A cell as ``Store.cells`` gives it, with its runs; InputError naming a missing or mistyped field.

        Args:
            row: The stored cell: ``cell``, ``settings``, ``provenance``, ``m_star`` and ``status``.
            runs: The cell's runs.
            theory: Theorem 1's width at the cell (None without δ).
            floor: The parameter-count floor at the cell.

        Returns:
            The typed cell; its δ is the one its last run measured.
        """
        key = _field(row, "cell", _text, "cell")
        where = f"cell {key!r:.80}"
        provenance = _field(row, "provenance", lambda v: isinstance(v, dict), where)
        plan = _field(provenance, "steps_plan", lambda v: isinstance(v, dict), f"{where} provenance", default=None)
        return cls(
            key=key,
            settings=Settings.from_row(
                _field(row, "settings", lambda v: isinstance(v, dict), where), f"{where} settings"
            ),  # fmt: skip
            m_star=_field(row, "m_star", _whole, where, default=None),
            status=_field(row, "status", _text, where),
            plan=None if plan is None else StepPlan.from_row(plan, f"{where} steps_plan"),
            runs=tuple(runs),
            outcomes=outcomes_of(runs),
            delta=runs[-1].delta if runs else None,
            theory=theory,
            floor=floor,
            provenance=provenance,
        )

    @property
    def time_limited(self) -> bool:
        """The planned T exceeded the cap: the cell stays out of the fits."""
        return self.plan is not None and self.plan.time_limited

    @property
    def theory_log10(self) -> float | None:
        """log10 of Theorem 1's width (None without δ)."""
        return self.theory.log10 if self.theory else None

    @property
    def floor_log10(self) -> float:
        """log10 of the parameter-count floor."""
        return float(self.floor.log10)

    @property
    def seeds(self) -> list[int]:
        """Every seed with a run, in order."""
        return sorted({seed for widths in self.outcomes.values() for seed in widths})

    @property
    def label(self) -> str:
        """'n=8 L=1 d=1 δ=0.05' (δ where prescribed)."""
        s = self.settings
        return f"n={s.n} L={s.L} d={s.d}" + (f" δ={s.separation:g}" if s.separation is not None else "")

    def budgets(self) -> list[tuple[str, int]]:
        """(name, T) of every step budget the cell's m* is judged at, smallest first: '3×' per multiple of
        the kernel's prediction, or the one fixed T."""
        plan, steps = self.plan, int(self.settings.steps)
        if plan is None or plan.iterations_kernel is None:
            return [(f"T = {steps}", steps)]
        kernel = plan.iterations_kernel
        return [(f"{k:g}×", min(steps, max(1, math.ceil(k * kernel)))) for k in sorted(plan.kernel_multiples)]

    def m_star_within(self, seeds: Sequence[int], within: int | None) -> int | None:
        """m* over these seeds within ``within`` steps (None: the widest width tried failed)."""
        return m_star_of(self.outcomes, seeds, self.settings.success_fraction, within)

    def censored_m_star(self, seeds: Sequence[int], within: int | None) -> tuple[float, int] | None:
        """(value, kind) for the censored fit: kind 0 m* found, +1 above the widest width tried (the
        value), −1 at most the smallest width tried; None without runs."""
        if not self.outcomes:
            return None
        found = self.m_star_within(seeds, within)
        if found is None:
            return float(max(self.outcomes)), 1
        if found == min(self.outcomes):
            return float(found), -1
        return float(found), 0

    def non_monotone(self, within: int | None) -> bool:
        """A width below m* (or any, where none was found) succeeded: success is not monotone in m."""
        successes = _successes(self.outcomes, self.seeds, self.settings.success_fraction, within)
        high = smallest_stable_width(successes)
        return any(ok for m, ok in successes.items() if high is None or m < high)

    def m_star_largest(self) -> int | None:
        """m* at the largest step budget over every seed; None without runs or where T was capped."""
        if not self.outcomes or self.time_limited:
            return None
        return self.m_star_within(self.seeds, self.budgets()[-1][1])


@dataclass(frozen=True)
class Exponent:
    """One variable's fitted exponent in a Fit, beside the theorem's.

    Attributes:
        axis: The variable as shown (``n``, ``L``, ``d``, ``δ``).
        fitted: Least squares over the cells with m* found (NaN where they cannot fix it).
        low: The bootstrap interval's lower end (NaN where none).
        high: Its upper end.
        tobit: The Tobit fit with the censored cells in (None where not identified or not fitted).
        tobit_low: Its bootstrap interval's lower end (None where none).
        tobit_high: Its upper end.
        theorem: The theorem's exponent as the registry encodes it, with its label ("1 (recalled)").
    """

    axis: str
    fitted: float
    low: float
    high: float
    tobit: float | None
    tobit_low: float | None
    tobit_high: float | None
    theorem: str


@dataclass(frozen=True)
class Fit:
    """A quantity's power law over the main cells: m*(T) at one step budget, or the iterations.

    Attributes:
        quantity: ``width m* (T = 3×)`` or ``iterations``.
        cells: The cells with the quantity measured (not censored).
        censored: The cells where it is only bounded.
        rows: One Exponent per variable fitted (none where too few cells).
        replicates: The bootstrap replicates that could be fitted (None where no fit was made).
    """

    quantity: str
    cells: int
    censored: int
    rows: tuple[Exponent, ...] = ()
    replicates: int | None = None

    @property
    def budget(self) -> str:
        """The step budget's name in a width fit's quantity ('3×' of 'width m* (T = 3×)')."""
        return self.quantity.split("T = ")[-1].rstrip(")")


@dataclass(frozen=True)
class StepRuleFit:
    """The n exponent of the steps (or of η·m·steps) at the widest width under one step rule.

    Attributes:
        rule: The step rule.
        quantity: ``steps`` or ``η·m·steps``.
        fitted: The least-squares exponent of n.
        low: The bootstrap interval's lower end.
        high: Its upper end.
        theorem: Theorem 1's exponent of n in the same quantity (None where unknown).
        n: The sample sizes fitted.
    """

    rule: str
    quantity: str
    fitted: float
    low: float
    high: float
    theorem: float | None
    n: tuple[int, ...]


def cell_list(cells: Sequence[Cell]) -> str:
    """'n=8 L=1 d=1 δ=0.05, …' for at most six cells."""
    ordered = sorted(cells, key=lambda c: (c.settings.n, c.settings.L, c.settings.separation or 0))
    names = [c.label for c in ordered]
    return ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")


PROTOCOL_SETTINGS = ("success_fraction", "seeds", "eps")  # what a store of several specs may vary


def differing(cells: Sequence[Cell]) -> list[str]:
    """Protocol settings that are not the same in every cell (a store holding the cells of several specs)."""
    return [k for k in PROTOCOL_SETTINGS if len({repr(getattr(c.settings, k)) for c in cells}) > 1]


def _step_rule(cells: Sequence[Cell]) -> str | None:
    """'T = 3×, 6×, 16× the limit kernel's predicted steps (at most 40000)' when every cell sized T by one
    such rule, else None."""
    rules = {(tuple(c.plan.kernel_multiples), c.plan.step_cap) if c.plan else None for c in cells}
    rule = rules.pop() if len(rules) == 1 else None
    if rule is None:
        return None
    multiples, cap = rule
    return (
        f"T = {', '.join(f'{k:g}×' for k in multiples)} the steps the limit kernel predicts for the cell's own step "
        f"(runs at the largest, at most {cap})"
    )


def settings_line(cells: Sequence[Cell]) -> str:
    """The protocol every cell shares, and what varies between cells."""
    s = cells[0].settings
    varied = differing(cells)
    if varied:
        return (
            f"the cells differ in {', '.join(varied)} (a store of several protocols): "
            "the looseness table gives each cell's own"
        )
    budget = _step_rule(cells) or (f"T = {s.steps}" if len({c.settings.steps for c in cells}) == 1 else "T per cell")
    rules = sorted({c.settings.rule for c in cells})
    data = sorted({str(c.settings.data) for c in cells})
    return (
        f"p = {s.success_fraction:g} of {s.seeds} seeds reach F ≤ {s.eps:g} within T steps, {budget}, "
        f"step {' or '.join(rules)}, {' and '.join(data)} data"
    )
