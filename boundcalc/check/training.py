"""Gradient descent and SGD on S seeds at once, with the measurements the theorems speak of."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import torch

from boundcalc.check.lanczos import largest_eigenvalues
from boundcalc.check.model import Network, descend, forward, loss

SPECTRAL_RTOL = 1e-6  # relative accuracy of every spectral norm reported (float32 weights: about 1e-5)
SPECTRAL_MAX_STEPS = 300  # Lanczos steps at most (a residual bound stops it far earlier)
SYNC_EVERY = 32  # CUDA steps between host checks of whether any seed still runs
DISTANCE_CHUNK = 1 << 20  # elements of W − W⁽⁰⁾ formed at once to measure it (8 MiB in float64)


@dataclass
class Trajectory:
    """Measurements every ``record_every`` steps; each list entry holds one value per seed.

    Attributes:
        step: The steps measured.
        loss: The training loss F.
        grad_sq: The squared gradient norm ‖∇F‖².
        movement_fro: ‖W^(t) − W^(0)‖_F of the layers trained, taken together.
        movement_fro_rel: The same, relative to ‖W^(0)‖_F.
        movement_spec_max: The largest spectral norm of a layer's movement.
        sign_change: The share of ReLU activations whose sign changed since initialisation (mean over layers).
    """

    step: list[int] = field(default_factory=list)
    loss: list[list[float]] = field(default_factory=list)
    grad_sq: list[list[float]] = field(default_factory=list)
    movement_fro: list[list[float]] = field(default_factory=list)
    movement_fro_rel: list[list[float]] = field(default_factory=list)
    movement_spec_max: list[list[float]] = field(default_factory=list)
    sign_change: list[list[float]] = field(default_factory=list)

    def last(self, name: str) -> np.ndarray:
        """The last measurement of ``name``, per seed.

        Args:
            name: The measurement (``loss``, ``grad_sq``, …).

        Returns:
            One value per seed.
        """
        return np.asarray(getattr(self, name)[-1], dtype=float)

    def first(self, name: str) -> np.ndarray:
        """The first measurement of ``name``, per seed.

        Args:
            name: The measurement (``loss``, ``grad_sq``, …).

        Returns:
            One value per seed.
        """
        return np.asarray(getattr(self, name)[0], dtype=float)


@dataclass
class TrainResult:
    """What training did to each seed.

    Attributes:
        reached_at: Per seed, the step at which F ≤ ε was reached (-1 where never).
        diverged_at: Per seed, the step at which the loss blew up (-1 where never).
        steps_run: Per seed, the steps taken.
        final_loss: Per seed, the last training loss F.
        trajectory: The measurements every ``record_every`` steps.
        interrupted: Whether Ctrl-C stopped the training.
    """

    reached_at: np.ndarray  # step at which F ≤ ε first held, −1 if never
    diverged_at: np.ndarray  # step at which F blew up or stopped being finite, −1 if never
    steps_run: np.ndarray  # steps each seed took
    final_loss: np.ndarray
    trajectory: Trajectory
    interrupted: bool = False


def _weights(net: Network, train_all: bool) -> list[torch.Tensor]:
    return [net.W, net.A, net.B] if train_all else [net.W]


def train(
    net: Network,
    x: torch.Tensor,
    y: torch.Tensor,
    step_size: torch.Tensor,
    steps: int,
    eps: float,
    record_every: int,
    batch: int | None = None,
    train_all: bool = False,
    blowup: float = 1e6,
    seed: int = 0,
    progress=None,
) -> TrainResult:
    """Train every seed until F ≤ ε, divergence or ``steps`` steps; ``net`` is updated in place.

    With ``batch`` each step uses b rows drawn afresh per seed, and the gradient (n/b)·∇F_batch,
    an unbiased estimate of ∇F. Measurements always use the full-batch F and ∇F.
    A KeyboardInterrupt stops training and returns what was measured so far.

    Args:
        net: The network, trained in place.
        x: The inputs, (n, d_in).
        y: The labels, (n, d).
        step_size: The step per seed, (S,).
        steps: At most this many steps.
        eps: The target loss ε.
        record_every: Measure every this many steps.
        batch: Mini-batch size b (SGD); full batch when None.
        train_all: Train A and B too.
        blowup: A loss this many times the initial one counts as diverged.
        seed: The seed of the mini-batches.
        progress (object | None): A progress bar (tqdm-like), or None.

    Returns:
        What happened to each seed, and the trajectory.
    """
    seeds, n = net.seeds, x.shape[0]
    initial = [w.clone() for w in _weights(net, train_all)]
    # sum() of tensors is a tensor (the stubs allow its start value 0 for an empty iterable)
    initial_norm = torch.sqrt(cast(torch.Tensor, sum(_squared_norm(w) for w in initial)))
    reached = torch.full((seeds,), -1, dtype=torch.long, device=x.device)
    diverged = torch.full((seeds,), -1, dtype=torch.long, device=x.device)
    active = torch.ones(seeds, dtype=torch.bool, device=x.device)
    final = torch.zeros(seeds, dtype=x.dtype, device=x.device)
    steps_run = torch.zeros(seeds, dtype=torch.long, device=x.device)
    trajectory = Trajectory()
    generator = torch.Generator(device=x.device).manual_seed(seed)
    first_masks: list[torch.Tensor] = []
    first_loss: torch.Tensor | None = None
    interrupted = False
    sync_every = SYNC_EVERY if x.is_cuda else 1
    try:
        for t in range(steps + 1):
            activations, outputs = forward(net, x)
            residual = outputs - y
            value = loss(outputs, y)
            if t == 0:
                first_loss = value.clone()
                first_masks = [a > 0 for a in activations]
            assert first_loss is not None  # set at t = 0
            bad = active & (~torch.isfinite(value) | (value > blowup * first_loss))
            done = active & ~bad & (value <= eps)
            diverged = torch.where(bad, t, diverged)
            reached = torch.where(done, t, reached)
            final = torch.where(active, value, final)
            steps_run = torch.where(active, t, steps_run)
            active = active & ~bad & ~done
            # asking the device whether any seed still runs stalls its queue: on CUDA ask every
            # SYNC_EVERY steps (seeds that stopped in between take zero steps until then)
            stop = t == steps or ((t % sync_every == 0) and not bool(active.any()))
            record = t % record_every == 0 or stop
            step = None if stop else -(step_size * active)
            movement = _movement(net, initial, train_all, stop) if record else None  # before the step moves W
            if batch is None:  # a full-batch step measures ‖∇F‖² on its way, from the gradient before its update
                squared = descend(net, x, activations, residual, step, train_all, measure=record)
            else:  # the measurement is on the full batch; the step follows (n/b)·∇F of a fresh mini-batch
                squared = descend(net, x, activations, residual, None, train_all, measure=True) if record else None
                if step is not None:
                    rows = torch.rand(seeds, n, generator=generator, device=x.device).argsort(dim=1)[:, :batch]
                    chosen = torch.zeros(seeds, n, 1, dtype=x.dtype, device=x.device)
                    chosen.scatter_(1, rows[..., None], n / batch)
                    descend(net, x, activations, residual * chosen, step, train_all)
            if record:  # the state at step t, before its step
                assert squared is not None and movement is not None
                _record(trajectory, t, value, squared, movement, initial_norm, first_masks, activations, train_all)
            if stop:
                break
            if progress is not None:
                progress.update(1)
    except KeyboardInterrupt:
        interrupted = True
    return TrainResult(
        reached_at=reached.cpu().numpy(),
        diverged_at=diverged.cpu().numpy(),
        steps_run=steps_run.cpu().numpy(),
        final_loss=final.double().cpu().numpy(),
        trajectory=trajectory,
        interrupted=interrupted,
    )


def spectral_norms(
    matrices: torch.Tensor, rtol: float = SPECTRAL_RTOL, finite_flags: torch.Tensor | None = None
) -> torch.Tensor:
    """‖·‖₂ of each matrix of a batch (..., r, c) to relative accuracy ``rtol``, without an SVD of it.

    Lanczos on MᵀM with full reorthogonalisation, from a fixed seed: the largest Ritz value θ of
    the tridiagonal T_k is within the residual β_k |s_k| of an eigenvalue of MᵀM (a bound, not an
    estimate), and the iteration stops once that is ≤ rtol·θ, so σ = √θ is within rtol/2 — or, where
    the top of the spectrum is too crowded for that bound to shrink, once θ has stopped moving
    (by less than rtol/1000 over CHECK_EVERY steps; tested against the exact SVD). Cost:
    two matrix–vector products per step, against O(r c min(r, c)) for an SVD. The attainable
    accuracy is limited by the matrices' own dtype (about 1e-5 in float32). A matrix with a
    non-finite entry (a diverged seed) gets NaN; ``finite_flags`` (one per matrix) spares the scan
    for them where the caller knows.
    """
    shape, (rows, columns) = matrices.shape[:-2], matrices.shape[-2:]
    flat = matrices.reshape(-1, rows, columns)
    finite = _all_finite(flat) if finite_flags is None else finite_flags.reshape(-1)

    def apply(vectors: torch.Tensor, transpose: bool) -> torch.Tensor:
        # Mᵀv as vᵀM: a row vector against the stored rows reads M in order (bmm of a transposed
        # view is an order of magnitude slower); a non-finite matrix acts as zero, reported NaN below
        if transpose:
            result = torch.bmm(vectors[:, None, :], flat)[:, 0]
        else:
            result = torch.bmm(flat, vectors[..., None])[..., 0]
        return torch.where(finite[:, None], result, torch.zeros((), dtype=result.dtype, device=result.device))

    tolerance = max(rtol, 100 * torch.finfo(flat.dtype).eps)
    generator = torch.Generator(device=flat.device).manual_seed(0)
    start_vectors = torch.randn(len(flat), columns, generator=generator, dtype=flat.dtype, device=flat.device)
    theta, overflowed = largest_eigenvalues(
        lambda vector: apply(apply(vector, transpose=False), transpose=True),
        start_vectors,
        tolerance,
        SPECTRAL_MAX_STEPS,
    )
    finite = finite & ~overflowed  # entries near the float's limit: MᵀM overflows
    norms = torch.where(finite, theta.sqrt(), torch.full_like(theta, math.nan))
    return norms.reshape(shape)


def _all_finite(batch: torch.Tensor) -> torch.Tensor:
    """Per matrix of a batch, whether every entry is finite (a bool temporary of one matrix at a time)."""
    flags = [bool(torch.isfinite(matrix).all()) for matrix in batch]
    return torch.tensor(flags, dtype=torch.bool, device=batch.device)


def _squared_distance(weights: torch.Tensor, initial: torch.Tensor) -> torch.Tensor:
    """‖w − w⁽⁰⁾‖²_F per seed, the difference taken a piece at a time into one small buffer: no copy
    of the weights, and on a CPU 4× faster than torch.dist."""
    seeds = len(weights)
    flat, flat_initial = weights.reshape(seeds, -1), initial.reshape(seeds, -1)
    width = max(1, DISTANCE_CHUNK // seeds)
    buffer = torch.empty(seeds, min(width, flat.shape[1]), dtype=weights.dtype, device=weights.device)
    total = torch.zeros(seeds, dtype=weights.dtype, device=weights.device)
    for start in range(0, flat.shape[1], width):
        piece = buffer[:, : min(width, flat.shape[1] - start)]
        torch.sub(flat[:, start : start + width], flat_initial[:, start : start + width], out=piece)
        total += torch.linalg.vector_norm(piece, dim=1).square()
    return total


@dataclass
class _Movement:
    fro: torch.Tensor  # ‖θ − θ⁽⁰⁾‖_F per seed, over the trained weights
    spectral: torch.Tensor  # max over layers of ‖W_ℓ − W_ℓ⁽⁰⁾‖₂ per seed; NaN before the last record


def _movement(net: Network, initial: list[torch.Tensor], train_all: bool, last: bool) -> _Movement:
    """How far the trained weights are from ``initial``. At the last record the initial weights are
    read no more: W − W⁽⁰⁾ is written over them, and its norms are taken from it."""
    weights = _weights(net, train_all)
    if not last:
        squared = cast(torch.Tensor, sum(_squared_distance(w, w0) for w, w0 in zip(weights, initial)))
        return _Movement(squared.sqrt(), torch.full((net.seeds,), math.nan, dtype=torch.float64))
    for w, w0 in zip(weights, initial):
        torch.sub(w, w0, out=w0)
    layer_norms = torch.linalg.vector_norm(initial[0], dim=(-2, -1))  # (S, L)
    squared = layer_norms.square().sum(dim=1)
    for moved in initial[1:]:
        squared = squared + _squared_norm(moved)
    # a non-finite Frobenius norm marks a diverged layer: its spectral norm is NaN
    spectral = spectral_norms(initial[0], finite_flags=torch.isfinite(layer_norms)).amax(dim=1)
    return _Movement(squared.sqrt(), spectral)


def _squared_norm(weights: torch.Tensor) -> torch.Tensor:
    """‖w‖²_F per seed; vector_norm reduces in one pass (w.square() would be a copy of the weights)."""
    return torch.linalg.vector_norm(weights, dim=tuple(range(1, weights.dim()))).square()


def _per_seed(value: torch.Tensor) -> list[float]:
    return [float(v) if math.isfinite(float(v)) else math.nan for v in value.double().cpu()]


def _record(
    trajectory: Trajectory,
    t: int,
    value: torch.Tensor,
    grad_squared: torch.Tensor,
    movement: _Movement,
    initial_norm: torch.Tensor,
    first_masks: list[torch.Tensor],
    activations: list[torch.Tensor],
    train_all: bool,
) -> None:
    layers = range(len(activations)) if train_all else range(1, len(activations))
    changed = cast(
        torch.Tensor, sum((activations[i] > 0).ne(first_masks[i]).double().mean(dim=(1, 2)) for i in layers)
    ) / len(layers)
    trajectory.step.append(t)
    trajectory.loss.append(_per_seed(value))
    trajectory.grad_sq.append(_per_seed(grad_squared))
    trajectory.movement_fro.append(_per_seed(movement.fro))
    trajectory.movement_fro_rel.append(_per_seed(movement.fro / initial_norm))
    trajectory.movement_spec_max.append(_per_seed(movement.spectral))
    trajectory.sign_change.append(_per_seed(changed))
