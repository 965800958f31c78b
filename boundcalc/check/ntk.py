"""λ_max of the empirical NTK Gram Θ = J Jᵀ without forming Θ or the Jacobian J.

Θv = J (Jᵀv): Jᵀv is the gradient of ⟨outputs, v⟩ (the model's hand-written backward, one array the
size of the trained weights), and J u is the forward tangent of the outputs along u (a forward
pass of n × m arrays). Lanczos on these products gives λ_max per seed in a few dozen of them, so
--lr auto works at any n: memory near the weights and the data, never (d·n)².
"""

from __future__ import annotations

import torch

from boundcalc.check.lanczos import largest_eigenvalues
from boundcalc.check.model import Gradients, Network, backward, forward

NTK_RTOL = 1e-10  # Lanczos' residual bound on λ_max, relative (float64 products)
NTK_MAX_STEPS = 300


def tangent_outputs(
    net: Network, x: torch.Tensor, activations: list[torch.Tensor], direction: Gradients, train_all: bool
) -> torch.Tensor:
    """J u: the derivative of the outputs (S, n, d) along the weight direction u (shaped like ∇F).

    With masks D_ℓ = 1[h_ℓ > 0]: ḣ_0 = D_0 ⊙ (U_A x) (0 when A is fixed), ḣ_ℓ = D_ℓ ⊙ (W_ℓ ḣ_{ℓ−1} +
    U_ℓ h_{ℓ−1}), output tangent B ḣ_L (+ U_B h_L when B trains).
    """
    if train_all and direction.A is not None:
        tangent = torch.matmul(x, direction.A.transpose(1, 2)) * (activations[0] > 0)
    else:
        tangent = None
    for layer in range(net.depth):
        pre = torch.bmm(activations[layer], direction.W[:, layer].transpose(1, 2))
        if tangent is not None:
            pre = pre + torch.bmm(tangent, net.W[:, layer].transpose(1, 2))
        tangent = pre * (activations[layer + 1] > 0)
    assert tangent is not None
    out = torch.bmm(tangent, net.B.transpose(1, 2))
    if train_all and direction.B is not None:
        out = out + torch.bmm(activations[-1], direction.B.transpose(1, 2))
    return out


def ntk_lambda_max(net: Network, x: torch.Tensor, train_all: bool = False, rtol: float = NTK_RTOL) -> torch.Tensor:
    """λ_max of each seed's NTK Gram (S,), float64, matrix-free; the same Θ as model.ntk_gram."""
    net64, x64 = net.to(torch.float64), x.to(torch.float64)
    activations, outputs = forward(net64, x64)
    seeds, n, d = outputs.shape

    def apply(vectors: torch.Tensor) -> torch.Tensor:
        cotangent = vectors.reshape(seeds, n, d)
        gradient = backward(net64, x64, activations, cotangent, train_all)  # Jᵀv
        return tangent_outputs(net64, x64, activations, gradient, train_all).reshape(seeds, n * d)  # J Jᵀv

    generator = torch.Generator(device=x.device).manual_seed(0)
    start = torch.randn(seeds, n * d, generator=generator, dtype=torch.float64, device=x.device)
    theta, _ = largest_eigenvalues(apply, start, rtol, NTK_MAX_STEPS)
    return theta
