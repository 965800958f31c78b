"""From a CheckConfig to one result per width: data, theory values, training, looseness."""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from boundcalc._version import __version__
from boundcalc.check.model import init_network, ntk_gram, step_flops
from boundcalc.check.train import TrainResult, train
from boundcalc.errors import InputError
from boundcalc.numbers.evaluate import evaluate
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry

from . import data as data_module

NTK_LIMIT = 4000  # d·n above which the NTK Gram (and so --lr auto) is not formed
MAX_STEPS = 10**8


@dataclass(frozen=True)
class CheckConfig:
    """Everything that determines a check; recorded with every result."""

    n: int = 50
    depth: int = 3
    widths: tuple[int | str, ...] = (64, 128, 256)
    d_in: int = 10
    d: int = 1
    seeds: int = 4
    seed: int = 0
    steps: int | str = 1000
    eps: float = 1e-3
    lr: float | str = "auto"
    data: str = "synthetic"
    labels: str | None = None
    min_separation: float | None = None
    batch: int | None = None
    train_all: bool = False
    dtype: str = "float32"
    device: str = "auto"
    record_every: int | None = None
    lr_search: bool = False
    success_fraction: float = 0.9
    blowup: float = 1e6
    seed_indices: tuple[int, ...] | None = None  # train only these of the seeds (a sweep resuming)

    def settings(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(self).items()}


def _column(trajectory, name: str, seed: int) -> list[float]:
    return [values[seed] for values in getattr(trajectory, name)]


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _median(values) -> float | None:
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else None


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda: no CUDA device is available here (use cpu or auto)")
    if name not in ("cpu", "cuda"):
        raise InputError(f"--device must be auto, cpu or cuda, got {name!r}")
    return torch.device(name)


def load_data(config: CheckConfig) -> data_module.Dataset:
    if config.data == "synthetic":
        if config.labels is not None:
            raise InputError("--labels needs --data FILE (synthetic labels are random unit vectors)")
        return data_module.synthetic(config.n, config.d_in, config.d, config.seed, config.min_separation)
    if config.data == "digits":
        return data_module.digits(config.n, config.seed)
    return data_module.from_file(config.data, config.d, config.seed, config.labels)


def bytes_needed(m: int, n: int, depth: int, d_in: int, d: int, seeds: int, element: int) -> int:
    """Peak memory of one check, roughly: weights four times over, activations and their masks,
    the NTK Gram in float64 and the spectral-norm workspace."""
    weights = seeds * (depth * m * m + m * d_in + d * m) * element * 4
    activations = seeds * n * m * (depth + 1) * (3 * element + 2)
    gram = seeds * (d * n) ** 2 * 8 * 3 if d * n <= NTK_LIMIT else 0
    spectral = seeds * depth * m * m * 8 * 2
    return weights + activations + gram + spectral


def available_bytes(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.mem_get_info(device)[0])
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))


def largest_width(budget: int, **shape) -> int:
    low, high = 1, 2
    while bytes_needed(high, **shape) <= budget:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if bytes_needed(middle, **shape) <= budget else (low, middle)
    return low


def _theory(theorem: Theorem, registry: Registry, quantity: str, **inputs):
    """log10 of a theorem's quantity, or None with the reason when it cannot be evaluated here."""
    try:
        return evaluate(theorem, quantity, inputs, registry=registry).log10, None
    except InputError as error:
        return None, str(error)


@functools.cache  # one `git` call per process, not one per width of a sweep
def _git_revision() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=Path(__file__).parent
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def provenance(device: torch.device) -> dict:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.machine() or "unknown"
    return {
        "boundcalc": __version__,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "device": f"{device.type} ({name})",
        "git_revision": _git_revision(),
    }


def network_seed(base: int, index: int) -> int:
    """The weights' seed of network ``index`` in a check whose seed is ``base``."""
    return base * 1_000_003 + index


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
    config: CheckConfig
    theorem: Theorem
    dataset: data_module.Dataset
    delta: float
    theory_width_log10: float | None
    theory_iterations_log10: float | None
    theory_notes: list[str]
    results: list[WidthResult] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    interrupted: bool = False
    estimated_seconds: float | None = None  # before training: FLOPs of every step at the measured matmul rate

    def smallest_successful_width(self) -> int | None:
        fraction = self.config.success_fraction
        good = [r.m for r in self.results if np.mean(r.train.reached_at >= 0) >= fraction]
        return min(good) if good else None

    def seed_rows(self) -> list[dict]:
        """One record per (width, seed): what a sweep stores."""
        indices = list(self.config.seed_indices or range(self.config.seeds))
        records = []
        for result in self.results:
            run, trajectory = result.train, result.train.trajectory
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


def _step_sizes(config, theory_step_log10, lam_max, seeds, device, dtype) -> torch.Tensor:
    if config.lr == "auto":
        if lam_max is None:
            raise InputError(f"--lr auto needs the NTK Gram, not formed for d·n > {NTK_LIMIT}; give --lr X")
        # λ_max = 0: every ReLU is dead at initialisation and nothing can train; step 0 says so
        with np.errstate(divide="ignore"):
            values = np.where(lam_max > 0, 1.0 / lam_max, 0.0)
    elif config.lr == "theory":
        if theory_step_log10 is None:
            raise InputError("--lr theory: the theorem's step size cannot be evaluated at these inputs")
        values = np.full(seeds, 10.0**theory_step_log10)
    else:
        values = np.full(seeds, float(config.lr))
    return torch.tensor(values, dtype=dtype, device=device)


def _largest_stable_step(config, x, y, seeds_list, m, dtype, device, start: float) -> float | None:
    """Double the step from ``start`` while a short run stays stable on every seed and lowers F."""
    probe = 100

    def stable(step: float) -> bool:
        net = init_network(seeds_list, m, config.depth, x.shape[1], y.shape[1], dtype, device)
        steps = torch.full((len(seeds_list),), step, dtype=dtype, device=device)
        result = train(net, x, y, steps, probe, 0.0, probe, config.batch, config.train_all, config.blowup, config.seed)
        return bool(np.all(result.diverged_at < 0) and np.all(result.final_loss < result.trajectory.first("loss")))

    step = start
    for _ in range(40):  # go down until stable
        if stable(step):
            break
        step /= 2
    else:
        return None
    for _ in range(40):
        if not stable(step * 2):
            return step
        step *= 2
    return step


def run_check(
    config: CheckConfig, theorem: Theorem | str | None = None, registry: Registry | None = None, progress=None
) -> CheckReport:
    """Train the paper's network at each width and measure what the theorems predict."""
    registry = REGISTRY if registry is None else registry
    if theorem is None:
        theorem = "als19-sgd" if config.batch else "als19-gd"
    theorem = registry[theorem] if isinstance(theorem, str) else theorem
    device = resolve_device(config.device)
    dtype = {"float32": torch.float32, "float64": torch.float64}.get(config.dtype)
    if dtype is None:
        raise InputError(f"--dtype must be float32 or float64, got {config.dtype!r}")
    if config.seeds < 1 or config.depth < 1 or config.n < 1:
        raise InputError("--seeds, --L and --n must be positive")
    dataset = load_data(config)
    n, d = dataset.n, dataset.d
    if config.batch is not None and not 1 <= config.batch <= n:
        raise InputError(f"--batch must lie in 1..n = {n}, got {config.batch}")
    delta = dataset.separation
    notes: list[str] = []
    if delta == 0:
        notes.append("two inputs coincide (δ = 0): every δ-based bound is infinite")
    inputs = dict(n=n, L=config.depth, d=d, eps=config.eps, delta=min(delta, 2.0))
    if config.batch:
        inputs["b"] = config.batch
    width_log10 = iterations_log10 = None
    if delta > 0:
        width_log10, why = _theory(theorem, registry, "width", **inputs)
        notes += [why] if why else []
        iterations_log10, why = _theory(theorem, registry, "iterations", **inputs)
        notes += [why] if why else []
    widths = _resolve_widths(config, width_log10, dataset, device, dtype)
    steps = _resolve_steps(config, iterations_log10)
    record_every = config.record_every or max(1, steps // 20)
    seeds = len(config.seed_indices or range(config.seeds))
    flops = sum(steps * step_flops(seeds, dataset.n, m, config.depth, dataset.d_in, dataset.d) for m in widths)
    report = CheckReport(
        config,
        theorem,
        dataset,
        delta,
        width_log10,
        iterations_log10,
        notes,
        provenance=provenance(device),
        estimated_seconds=flops / matmul_rate(device, dtype),
    )
    x = torch.tensor(dataset.x, dtype=dtype, device=device)
    y = torch.tensor(dataset.y, dtype=dtype, device=device)
    seeds_list = [network_seed(config.seed, s) for s in (config.seed_indices or range(config.seeds))]
    for m in widths:
        try:
            result = _train_width(
                config,
                theorem,
                registry,
                inputs,
                delta,
                x,
                y,
                seeds_list,
                m,
                steps,
                record_every,
                dtype,
                device,
                progress,
            )
        except KeyboardInterrupt:  # outside the training loop: keep the widths already done
            report.interrupted = True
            break
        report.results.append(result)
        if result.train.interrupted:
            report.interrupted = True
            break
    return report


def _train_width(
    config, theorem, registry, inputs, delta, x, y, seeds_list, m, steps, record_every, dtype, device, progress
) -> WidthResult:
    started = time.perf_counter()
    n, d = x.shape[0], y.shape[1]
    net = init_network(seeds_list, m, config.depth, x.shape[1], d, dtype, device)
    lam_min = lam_max = None
    if d * n <= NTK_LIMIT:
        eigenvalues = torch.linalg.eigvalsh(ntk_gram(net, x, config.train_all)).cpu().numpy()
        lam_min, lam_max = eigenvalues[:, 0], eigenvalues[:, -1]
    step_log10 = radius_log10 = None
    if delta > 0:
        step_log10, _ = _theory(theorem, registry, "step_size", **inputs, m=m)
        if m > 1:
            radius_log10, _ = _theory(registry["als19-grad"], registry, "radius", **inputs, m=m)
    step = _step_sizes(config, step_log10, lam_max, config.seeds, device, dtype)
    stable = None
    if config.lr_search:
        stable = _largest_stable_step(config, x, y, seeds_list, m, dtype, device, float(step.max()))
    if progress is not None:
        progress.reset(total=steps)
        progress.set_description(f"m={m}")
    result = train(
        net,
        x,
        y,
        step,
        steps,
        config.eps,
        record_every,
        config.batch,
        config.train_all,
        config.blowup,
        config.seed,
        progress,
    )
    return WidthResult(
        m,
        result,
        step.double().cpu().numpy(),
        lam_min,
        lam_max,
        stable,
        time.perf_counter() - started,
        step_log10,
        radius_log10,
    )


def matmul_rate(device: torch.device, dtype: torch.dtype) -> float:
    """FLOP/s of a modest batched matmul on this device: the yardstick of the time estimate."""
    a = torch.randn(4, 64, 256, device=device, dtype=dtype)
    b = torch.randn(4, 256, 256, device=device, dtype=dtype)
    torch.bmm(a, b)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    started = time.perf_counter()
    for _ in range(10):
        torch.bmm(a, b)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return 10 * 2 * 4 * 64 * 256 * 256 / max(time.perf_counter() - started, 1e-9)


def _resolve_widths(config, width_log10, dataset, device, dtype) -> list[int]:
    element = torch.finfo(dtype).bits // 8
    shape = dict(n=dataset.n, depth=config.depth, d_in=dataset.d_in, d=dataset.d, seeds=config.seeds, element=element)
    budget = int(0.8 * available_bytes(device))
    widths = []
    for width in config.widths:
        if width == "bound":
            if width_log10 is None:
                raise InputError("--m bound: the theorem's width cannot be evaluated for these data")
            if width_log10 > 15:
                raise InputError(
                    f"--m bound asks for m = {10 ** (width_log10 % 1):.3f}e{int(width_log10)} ({config.n} samples); "
                    f"this machine holds at most m = {largest_width(budget, **shape)} "
                    f"for n={dataset.n}, L={config.depth}, {config.seeds} seeds, {config.dtype}"
                )
            width = math.ceil(10**width_log10 - 1e-9)
        width = int(width)
        if width < 1:
            raise InputError(f"--m: widths must be positive, got {width}")
        if bytes_needed(width, **shape) > budget:
            raise InputError(
                f"m = {width} needs about {bytes_needed(width, **shape) / 2**30:.1f} GiB; this machine holds at most "
                f"m = {largest_width(budget, **shape)} for n={dataset.n}, L={config.depth}, {config.seeds} seeds, "
                f"{config.dtype}"
            )
        widths.append(width)
    return widths


def _resolve_steps(config, iterations_log10) -> int:
    steps = config.steps
    if steps == "theory":
        if iterations_log10 is None:
            raise InputError("--steps theory: the theorem's iteration count cannot be evaluated here")
        if iterations_log10 > math.log10(MAX_STEPS):
            raise InputError(
                f"--steps theory asks for T = 10^{iterations_log10:.1f} steps; at most {MAX_STEPS:.0e} can run "
                "(give --steps N)"
            )
        steps = math.ceil(10**iterations_log10)
    steps = int(steps)
    if not 0 <= steps <= MAX_STEPS:
        raise InputError(f"--steps must lie in 0..{MAX_STEPS}, got {steps}")
    return steps
