"""What a check measured, per width and per seed, and its JSON-ready rows."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field

import numpy as np

from boundcalc.check.config import CheckConfig
from boundcalc.check.training import TrainResult
from boundcalc.data.kernel import LinearisedDynamics, limit_ntk, output_kernel
from boundcalc.data.sets import Dataset
from boundcalc.theory.bound import Theorem

# Rows above which a check makes no kernel prediction: it needs the limit kernel's n × n eigendecomposition
# (three n × n float64 arrays, 400 MB and about a minute at 4,096 rows), far beyond the weights and data
# of a narrow network; the large study's cells (n ≤ 4,096) still get it.
KERNEL_PREDICTION_ROWS = 4096


def _column(trajectory, name: str, seed: int) -> list[float]:
    return [values[seed] for values in getattr(trajectory, name)]


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _median(values) -> float | None:
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else None


@dataclass
class WidthResult:
    m: int
    train: TrainResult
    step_size: np.ndarray
    ntk_lambda_min: np.ndarray | None
    ntk_lambda_max: np.ndarray | None
    stable_step: float | None
    seconds: float
    theory_step_log10: float | None
    theory_radius_log10: float | None


@dataclass
class CheckReport:
    """What a check measured at each width, beside what the theorem predicts, with its provenance.

    Attributes:
        config: The settings of the check.
        theorem: The theorem whose bounds stand beside the measurements.
        dataset: The data trained on.
        delta: The data's measured separation δ.
        theory_width_log10: log10 of the width the theorem asks for (None where it cannot say).
        theory_iterations_log10: log10 of the iterations it guarantees.
        theory_notes: What the theory columns rest on (defaults, unknown factors).
        results: One result per width trained.
        provenance: Versions, device and the revision of boundcalc that ran it.
        interrupted: Whether Ctrl-C stopped it before every width was trained.
        estimated_seconds: The time estimated before training.
    """

    config: CheckConfig
    theorem: Theorem
    dataset: Dataset
    delta: float
    theory_width_log10: float | None
    theory_iterations_log10: float | None
    theory_notes: list[str]
    results: list[WidthResult] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    interrupted: bool = False
    estimated_seconds: float | None = None  # before training: FLOPs of every step at the measured matmul rate

    def smallest_successful_width(self) -> int | None:
        """m*: the smallest width trained that succeeded.

        Returns:
            The smallest width at which at least ``success_fraction`` of the seeds reached ε, or None.
        """
        fraction = self.config.success_fraction
        good = [r.m for r in self.results if np.mean(r.train.reached_at >= 0) >= fraction]
        return min(good) if good else None

    def seed_rows(self) -> list[dict]:
        """One record per (width, seed): what a sweep stores."""
        indices = list(self.config.seed_indices or range(self.config.seeds))
        records = []
        for result in self.results:
            run, trajectory = result.train, result.train.trajectory
            predicted = self.kernel_predictions(result)
            for j, index in enumerate(indices):
                records.append(
                    {
                        "m": result.m,
                        "seed": index,
                        "reached_at": int(run.reached_at[j]),
                        "diverged_at": int(run.diverged_at[j]),
                        "steps_run": int(run.steps_run[j]),
                        "final_loss": _finite(run.final_loss[j]),
                        "step_size": float(result.step_size[j]),
                        "ntk_lambda_min": None if result.ntk_lambda_min is None else float(result.ntk_lambda_min[j]),
                        "ntk_lambda_max": None if result.ntk_lambda_max is None else float(result.ntk_lambda_max[j]),
                        "delta": self.delta,
                        "ntk_limit_lambda_min": self.limit_lambda_min,
                        "iterations_kernel": predicted[j],
                        "trajectory": {
                            "step": list(trajectory.step),
                            "loss": _column(trajectory, "loss", j),
                            "grad_sq": _column(trajectory, "grad_sq", j),
                            "movement_fro_rel": _column(trajectory, "movement_fro_rel", j),
                            "movement_spec_max": _column(trajectory, "movement_spec_max", j),
                        },
                        "seconds": result.seconds,
                    }
                )
        return records

    def rows(self) -> list[dict]:
        """One JSON-ready object per width."""
        smallest = self.smallest_successful_width()
        return [self._row(result, smallest) for result in self.results]

    @functools.cached_property
    def limit_kernel(self) -> tuple[np.ndarray, np.ndarray] | None:
        """K (the limit of Θ/m, per output) and Σ_L (the initial outputs' covariance × d), for these data."""
        if self.dataset.n > KERNEL_PREDICTION_ROWS:
            return None
        x = np.asarray(self.dataset.x, dtype=np.float64)
        return limit_ntk(x, self.config.depth, self.dataset.d, self.config.train_all), output_kernel(
            x, self.config.depth
        )

    @functools.cached_property
    def dynamics(self) -> LinearisedDynamics | None:
        """The linearised network at the limit kernel (K's eigendecomposition, taken once per report)."""
        if self.limit_kernel is None:
            return None
        block, outputs = self.limit_kernel
        return LinearisedDynamics.of(block, outputs / self.dataset.d, np.asarray(self.dataset.y, dtype=np.float64))

    @property
    def limit_lambda_min(self) -> float | None:
        return None if self.dynamics is None else float(self.dynamics.values[0])

    def kernel_predictions(self, result: WidthResult) -> list[int | None]:
        """Per seed, the iterations the linearised network at the limit kernel predicts for its step.

        Args:
            result: One width's result.

        Returns:
            One prediction per seed (None where the linearisation cannot say).
        """
        if self.dynamics is None:
            return [None] * len(result.step_size)
        return [self.dynamics.iterations(float(step) * result.m, self.config.eps) for step in result.step_size]

    def _kernel_columns(self, result: WidthResult) -> dict:
        """The kernel regime beside what was measured: λ_min of the limit of Θ/m, and the iterations the
        linearised network at that kernel predicts for each seed's step (median over seeds)."""
        finite = [p for p in self.kernel_predictions(result) if p is not None]
        return {
            "ntk_limit_lambda_min": self.limit_lambda_min,
            "iterations_kernel": _median(np.array(finite, dtype=float)) if finite else None,
        }

    def _row(self, result: WidthResult, smallest: int | None) -> dict:
        cfg, run = self.config, result.train
        n, d, m, depth = self.dataset.n, self.dataset.d, result.m, cfg.depth
        trajectory = run.trajectory
        success = run.reached_at >= 0
        grad0, loss0 = trajectory.first("grad_sq"), trajectory.first("loss")
        lower_scale = self.delta * m / (d * n**2)
        upper_scale = depth * n * m / d
        iterations = _median(run.reached_at[success]) if success.any() else None
        lam_min = result.ntk_lambda_min
        predicted = 1.0 - result.step_size * lam_min if lam_min is not None else None
        with np.errstate(divide="ignore", invalid="ignore"):
            observed = (run.final_loss / loss0) ** (1.0 / (2.0 * np.maximum(run.steps_run, 1)))
        kept = run.diverged_at < 0
        looseness = {
            "width": (self.theory_width_log10 - math.log10(smallest))
            if self.theory_width_log10 is not None and smallest
            else None,
            "step_size": (math.log10(result.stable_step) - result.theory_step_log10)
            if result.stable_step and result.theory_step_log10 is not None
            else None,
            "iterations": (self.theory_iterations_log10 - math.log10(iterations))
            if self.theory_iterations_log10 is not None and iterations
            else None,
        }
        return {
            "m": m,
            "seeds": int(len(run.reached_at)),
            "success_rate": float(np.mean(success)),
            "iterations_median": iterations,
            "final_loss_median": _median(run.final_loss[kept]),
            "diverged": int(np.sum(run.diverged_at >= 0)),
            "grad_ratio_lower": _median(grad0 / (loss0 * lower_scale)) if self.delta > 0 else None,
            "grad_ratio_upper": _median(grad0 / (loss0 * upper_scale)),
            "movement_fro": _median(trajectory.last("movement_fro")[kept]),
            "movement_fro_rel": _median(trajectory.last("movement_fro_rel")[kept]),
            "movement_spec_max": _median(trajectory.last("movement_spec_max")[kept]),
            "sign_change_fraction": _median(trajectory.last("sign_change")[kept]),
            "ntk_lambda_min": _median(lam_min) if lam_min is not None else None,
            "ntk_lambda_max": _median(result.ntk_lambda_max) if result.ntk_lambda_max is not None else None,
            **self._kernel_columns(result),
            "step_size": _median(result.step_size),
            "rate_observed": _median(observed[success]) if success.any() else _median(observed[kept]),
            "rate_predicted": _median(predicted) if predicted is not None else None,
            "stable_step": result.stable_step,
            "delta": self.delta,
            "theory": {
                "theorem": self.theorem.key,
                "log10_width": self.theory_width_log10,
                "log10_step_size": result.theory_step_log10,
                "log10_iterations": self.theory_iterations_log10,
                "log10_radius": result.theory_radius_log10,
                "notes": self.theory_notes,
            },
            "looseness_log10": looseness,
            "seconds": result.seconds,
            "estimated_seconds": self.estimated_seconds,
            "interrupted": run.interrupted,
            "trajectory": dataclasses.asdict(run.trajectory),
            "data": {
                "kind": self.dataset.kind,
                "description": self.dataset.description,
                "n": n,
                "d_in": self.dataset.d_in,
                "d": d,
            },
            "settings": cfg.settings(),
            "provenance": self.provenance,
        }
