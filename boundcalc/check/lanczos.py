"""The largest eigenvalue of a batch of symmetric positive semi-definite operators, by Lanczos.

Only products with the operator are needed, never the matrix: the spectral norms of weight matrices
(MᵀM applied as two products) and the top of the NTK Gram (J Jᵀ applied as a Jacobian–vector
product after a vector–Jacobian product) share this one iteration.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

CHECK_EVERY = 5  # Lanczos steps between two looks at the tridiagonal's spectrum


def largest_eigenvalues(
    apply: Callable[[torch.Tensor], torch.Tensor], start: torch.Tensor, rtol: float, max_steps: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """θ ≈ λ_max of each operator of a batch, in float64, and a mask of the operators that overflowed.

    ``apply`` maps vectors (batch, size) to the operator's products (batch, size); ``start`` is the
    first vector of each (any nonzero rows). Full reorthogonalisation, twice per step. The largest
    Ritz value θ of the tridiagonal T_k is within the residual β_k |s_k| of an eigenvalue (a bound,
    not an estimate); the iteration stops once that is ≤ rtol·θ for every operator, or once θ has
    stopped moving (by less than rtol/1000 over CHECK_EVERY steps), or after ``max_steps`` or as
    many steps as the size. A product that is not finite marks its operator overflowed, and it
    is carried on as zero.
    """
    batch, size = start.shape
    vector = start / start.norm(dim=1, keepdim=True).clamp_min(torch.finfo(start.dtype).tiny)
    basis = [vector]
    alphas: list[torch.Tensor] = []
    betas: list[torch.Tensor] = []
    theta = torch.zeros(batch, dtype=torch.float64, device=start.device)
    overflowed = torch.zeros(batch, dtype=torch.bool, device=start.device)
    steps = min(max_steps, size)
    for step in range(steps):
        w = apply(vector)
        bad = ~torch.isfinite(w).all(dim=1)
        if bool(bad.any()):
            overflowed = overflowed | bad
            w = torch.where(bad[:, None], torch.zeros((), dtype=w.dtype, device=w.device), w)
        alphas.append((w * vector).sum(dim=1).double())
        stacked = torch.stack(basis, dim=2)  # (batch, size, steps so far)
        for _ in range(2):  # Lanczos vectors lose orthogonality fast
            w = w - torch.bmm(stacked, torch.bmm(stacked.transpose(1, 2), w[..., None]))[..., 0]
        beta = w.norm(dim=1)
        betas.append(beta.double())
        if step % CHECK_EVERY == CHECK_EVERY - 1 or step == steps - 1:
            tridiagonal = torch.diag_embed(torch.stack(alphas, dim=1))
            if step:
                off = torch.stack(betas[:-1], dim=1)
                tridiagonal = tridiagonal + torch.diag_embed(off, 1) + torch.diag_embed(off, -1)
            values, vectors = torch.linalg.eigh(tridiagonal)
            previous, theta = theta, values[:, -1].clamp_min(0.0)
            scale = theta.clamp_min(1e-300)
            converged = betas[-1] * vectors[:, -1, -1].abs() <= rtol * scale
            stalled = (theta - previous).abs() <= rtol * 1e-3 * scale
            if bool(torch.all(converged | stalled)):
                break
        vector = w / beta.clamp_min(torch.finfo(w.dtype).tiny)[:, None]
        basis.append(vector)
    return theta, overflowed
