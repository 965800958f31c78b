"""From a CheckConfig to one result per width: data, theory values, training, looseness."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import torch

from boundcalc.check import data as data_module
from boundcalc.check.config import MAX_STEPS, SEED_STRIDE, CheckConfig
from boundcalc.check.machine import (
    NTK_LIMIT,
    available_bytes,
    bytes_needed,
    largest_width,
    matmul_rate,
    provenance,
    resolve_device,
)
from boundcalc.check.model import init_network, ntk_gram, step_flops
from boundcalc.check.ntk import ntk_lambda_max
from boundcalc.check.results import CheckReport, WidthResult
from boundcalc.check.training import train
from boundcalc.errors import InputError
from boundcalc.numbers.evaluate import evaluate
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import REGISTRY, Registry
from boundcalc.theory.symbols import LARGEST_SEPARATION


def _theory(theorem: Theorem, registry: Registry, quantity: str, **inputs):
    """log10 of a theorem's quantity, or None with the reason when it cannot be evaluated here."""
    try:
        return evaluate(theorem, quantity, inputs, registry=registry).log10, None
    except InputError as error:
        return None, str(error)


def network_seed(base: int, index: int) -> int:
    """The weights' seed of network ``index`` in a check whose seed is ``base``."""
    return base * SEED_STRIDE + index


def _step_sizes(config, theory_step_log10, lam_max, seeds, device, dtype) -> torch.Tensor:
    if config.lr == "auto":
        if lam_max is None:
            raise InputError("--lr auto: the NTK's largest eigenvalue was not measured")
        # λ_max = 0: every ReLU is dead at initialisation and nothing can train; step 0 says so
        with np.errstate(divide="ignore"):
            values = np.where(lam_max > 0, 1.0 / lam_max, 0.0)
    elif config.lr == "theory":
        if theory_step_log10 is None:
            raise InputError("--lr theory: the theorem's step size cannot be evaluated at these inputs")
        values = np.full(seeds, config.lr_scale * 10.0**theory_step_log10)
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


@dataclass(frozen=True)
class _Run:
    """What every width of one check shares."""

    config: CheckConfig
    theorem: Theorem
    registry: Registry
    inputs: Mapping[str, object]
    delta: float
    x: torch.Tensor
    y: torch.Tensor
    seeds: tuple[int, ...]
    steps: int
    record_every: int
    dtype: torch.dtype
    device: torch.device


def run_check(
    config: CheckConfig, theorem: Theorem | str | None = None, registry: Registry | None = None, progress=None
) -> CheckReport:
    """Train the paper's network at each width and measure what the theorems predict.

    Args:
        config: The settings.
        theorem: The theorem for the theory columns: a key or a Theorem (``als19-gd``, or
            ``als19-sgd`` with a batch, by default).
        registry: Where keys are looked up; the built-in catalogue by default.
        progress (object | None): A progress bar (tqdm-like, ``update(k)``), or None.

    Returns:
        The report: per width, the seeds' outcomes, the NTK's eigenvalues, and the theory beside them.

    Raises:
        InputError: Settings the data or the device cannot meet (too much memory, no CUDA).
    """
    registry = REGISTRY if registry is None else registry
    if theorem is None:
        theorem = "als19-sgd" if config.batch else "als19-gd"
    theorem = registry[theorem] if isinstance(theorem, str) else theorem
    device = resolve_device(config.device)
    dtype = torch.float32 if config.dtype == "float32" else torch.float64
    dataset = data_module.load(config)
    n, d = dataset.n, dataset.d
    if config.batch is not None and not 1 <= config.batch <= n:
        raise InputError(f"--batch must lie in 1..n = {n}, got {config.batch}")
    delta = dataset.separation
    notes: list[str] = []
    if delta == 0:
        notes.append("two inputs coincide (δ = 0): every δ-based bound is infinite")
    inputs = dict(n=n, L=config.depth, d=d, eps=config.eps, delta=min(delta, LARGEST_SEPARATION))
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
    shared = _Run(
        config,
        theorem,
        registry,
        inputs,
        delta,
        torch.tensor(dataset.x, dtype=dtype, device=device),
        torch.tensor(dataset.y, dtype=dtype, device=device),
        tuple(network_seed(config.seed, s) for s in (config.seed_indices or range(config.seeds))),
        steps,
        record_every,
        dtype,
        device,
    )
    for m in widths:
        try:
            result = _train_width(shared, m, progress)
        except KeyboardInterrupt:  # outside the training loop: keep the widths already done
            report.interrupted = True
            break
        report.results.append(result)
        if result.train.interrupted:
            report.interrupted = True
            break
    return report


def _train_width(run: _Run, m: int, progress) -> WidthResult:
    started = time.perf_counter()
    config = run.config
    n, d = run.x.shape[0], run.y.shape[1]
    net = init_network(run.seeds, m, config.depth, run.x.shape[1], d, run.dtype, run.device)
    lam_min = lam_max = None
    if d * n <= NTK_LIMIT:
        eigenvalues = torch.linalg.eigvalsh(ntk_gram(net, run.x, config.train_all)).cpu().numpy()
        lam_min, lam_max = eigenvalues[:, 0], eigenvalues[:, -1]
    elif config.lr == "auto":  # the Gram is not formed: its top by Lanczos on J Jᵀ products (no λ_min)
        lam_max = ntk_lambda_max(net, run.x, config.train_all).cpu().numpy()
    step_log10 = radius_log10 = None
    if run.delta > 0:
        step_log10, _ = _theory(run.theorem, run.registry, "step_size", **run.inputs, m=m)
        if m > 1:
            radius_log10, _ = _theory(run.registry["als19-grad"], run.registry, "radius", **run.inputs, m=m)
    step = _step_sizes(config, step_log10, lam_max, config.seeds, run.device, run.dtype)
    stable = None
    if config.lr_search:
        stable = _largest_stable_step(config, run.x, run.y, run.seeds, m, run.dtype, run.device, float(step.max()))
    if progress is not None:
        progress.reset(total=run.steps)
        progress.set_description(f"m={m}")
    result = train(
        net,
        run.x,
        run.y,
        step,
        run.steps,
        config.eps,
        run.record_every,
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
