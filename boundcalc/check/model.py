"""The paper's network, S independent copies at once (a leading seed dimension, batched matmuls).

h_0 = φ(A x), h_ℓ = φ(W_ℓ h_{ℓ−1}) for ℓ = 1..L, output B h_L, φ = ReLU;
A, W_ℓ ~ N(0, 2/m), B ~ N(0, 1/d); loss F = Σ_i ½‖B h_{i,L} − y_i‖².
Shapes: x (n, d_in); A (S, m, d_in); W (S, L, m, m); B (S, d, m); activations (S, n, m).
Gradients are written out by hand (checked against autograd in the tests): the same per-layer
forward and backward vectors give the NTK Gram without ever forming the Jacobian.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch


@dataclass
class Network:
    """The paper's network for S seeds at once: x → A → (ReLU ∘ W_ℓ)_ℓ → B.

    Attributes:
        A: The input layer, one per seed: (S, m, d_in).
        W: The hidden layers W_1..W_L, (S, L, m, m).
        B: The output layer, (S, d, m).
    """

    A: torch.Tensor
    W: torch.Tensor
    B: torch.Tensor

    @property
    def seeds(self) -> int:
        return self.W.shape[0]

    @property
    def depth(self) -> int:
        return self.W.shape[1]

    @property
    def width(self) -> int:
        return self.W.shape[2]

    def to(self, dtype: torch.dtype) -> Network:
        """The same weights in another dtype.

        Args:
            dtype: The dtype wanted.

        Returns:
            A new network.
        """
        return Network(self.A.to(dtype), self.W.to(dtype), self.B.to(dtype))

    def clone(self) -> Network:
        """A copy that training does not change.

        Returns:
            A new network whose tensors are copies.
        """
        return Network(self.A.clone(), self.W.clone(), self.B.clone())


def init_network(
    seeds: Sequence[int], m: int, depth: int, d_in: int, d: int, dtype: torch.dtype, device: torch.device
) -> Network:
    """Each seed's weights come from its own generator, drawn in float64 on the CPU: a seed gives the
    same network whatever S, the dtype or the device. Each seed's draw is written into the network's
    own tensors at once, so the only temporary is one seed's weights in float64.

    Args:
        seeds: One seed per network.
        m: Width.
        depth: Hidden layers L.
        d_in: Input dimension.
        d: Output dimension.
        dtype: The dtype of the weights.
        device: Where they live.

    Returns:
        The network, the paper's initialisation (A, W_ℓ ~ N(0, 2/m), B ~ N(0, 1/d)).
    """
    network = Network(
        torch.empty(len(seeds), m, d_in, dtype=dtype, device=device),
        torch.empty(len(seeds), depth, m, m, dtype=dtype, device=device),
        torch.empty(len(seeds), d, m, dtype=dtype, device=device),
    )
    for index, seed in enumerate(seeds):
        generator = torch.Generator().manual_seed(int(seed))
        network.A[index] = torch.randn(m, d_in, generator=generator, dtype=torch.float64) * math.sqrt(2.0 / m)
        drawn = torch.randn(depth, m, m, generator=generator, dtype=torch.float64)
        network.W[index] = drawn.mul_(math.sqrt(2.0 / m))
        del drawn
        network.B[index] = torch.randn(d, m, generator=generator, dtype=torch.float64) * math.sqrt(1.0 / d)
    return network


def forward(net: Network, x: torch.Tensor) -> tuple[list[torch.Tensor], torch.Tensor]:
    """Activations h_0..h_L (each (S, n, m)) and outputs (S, n, d).

    Args:
        net: The network.
        x: The inputs, (n, d_in).

    Returns:
        The activations and the outputs.
    """
    h = torch.relu(torch.matmul(x, net.A.transpose(1, 2)))
    activations = [h]
    for layer in range(net.depth):
        h = torch.relu(torch.bmm(h, net.W[:, layer].transpose(1, 2)))
        activations.append(h)
    return activations, torch.bmm(h, net.B.transpose(1, 2))


def loss(outputs: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """F per seed, shape (S,).

    Args:
        outputs: The outputs, (S, n, d).
        y: The labels, (n, d).

    Returns:
        F = ½ Σ_i ‖outputs_i − y_i‖² for each seed.
    """
    return 0.5 * (outputs - y).square().sum(dim=(1, 2))


@dataclass
class Gradients:
    W: torch.Tensor
    A: torch.Tensor | None = None
    B: torch.Tensor | None = None


def backward(
    net: Network, x: torch.Tensor, activations: list[torch.Tensor], residual: torch.Tensor, train_all: bool = False
) -> Gradients:
    """∇F for F = ½ Σ ‖residual‖² with the activations of ``forward``: dF/dW_ℓ = G_ℓᵀ H_{ℓ−1}, whole
    (training steps use ``descend``, which never forms it).

    Args:
        net: The network.
        x: The inputs, (n, d_in).
        activations: The activations ``forward`` returned.
        residual: outputs − y, (S, n, d).
        train_all: Include the gradients of A and B.

    Returns:
        The gradient of each layer trained.
    """
    grad_h = torch.bmm(residual, net.B)
    grad_w = torch.empty_like(net.W)
    for layer in reversed(range(net.depth)):
        grad_pre = grad_h * (activations[layer + 1] > 0)
        grad_w[:, layer] = torch.bmm(grad_pre.transpose(1, 2), activations[layer])
        if layer == 0 and not train_all:
            return Gradients(grad_w)  # A is fixed: no need to go below W_1
        grad_h = torch.bmm(grad_pre, net.W[:, layer])
    grad_pre = grad_h * (activations[0] > 0)
    grad_a = torch.matmul(grad_pre.transpose(1, 2), x)
    grad_b = torch.bmm(residual.transpose(1, 2), activations[-1])
    return Gradients(grad_w, grad_a, grad_b)


def descend(
    net: Network,
    x: torch.Tensor,
    activations: list[torch.Tensor],
    residual: torch.Tensor,
    step: torch.Tensor | None,
    train_all: bool = False,
    measure: bool = False,
) -> torch.Tensor | None:
    """One gradient step W ← W + step·∇F (``step`` per seed, already negative; None: no step), layer by
    layer without forming ∇F: each layer's update is written straight into its weights once the
    gradient below it has been taken, so no array as large as the weights is ever allocated. With
    ``measure``, returns ‖∇F‖²_F per seed (the gradient at the weights before the step), from
    ‖GᵀH‖²_F = Σ (GGᵀ) ∘ (HHᵀ) with n × n factors, or from GᵀH itself where that layer-sized array
    is the smaller (more points than a layer has weights).
    """
    squared = torch.zeros(net.seeds, dtype=residual.dtype, device=residual.device) if measure else None

    def apply(weights: torch.Tensor, grad_out: torch.Tensor, inputs: torch.Tensor) -> None:
        nonlocal squared
        product = None  # the layer's gradient grad_outᵀ inputs, formed only where it is the smaller array
        if squared is not None:
            rows = grad_out.shape[-2]
            if rows * rows <= grad_out.shape[-1] * inputs.shape[-1]:  # n × n factors, smaller than the layer
                inner = inputs @ inputs.transpose(-1, -2) if inputs.dim() == 3 else (inputs @ inputs.T)[None]
                squared = squared + (torch.bmm(grad_out, grad_out.transpose(1, 2)) * inner).sum(dim=(1, 2))
            else:  # many points, a narrow layer: the gradient itself is the size of the weights
                product = torch.matmul(grad_out.transpose(1, 2), inputs)
                squared = squared + product.square().sum(dim=(1, 2))
        if step is not None:  # W += step · grad_outᵀ inputs, with the per-seed step folded in
            if product is not None:
                weights.add_(product * step.view(-1, 1, 1))
            elif inputs.dim() == 2:
                weights.add_(torch.matmul((grad_out * step.view(-1, 1, 1)).transpose(1, 2), inputs))
            else:
                weights.baddbmm_((grad_out * step.view(-1, 1, 1)).transpose(1, 2), inputs)

    grad_h = torch.bmm(residual, net.B)  # before B moves
    for layer in reversed(range(net.depth)):
        grad_pre = grad_h * (activations[layer + 1] > 0)
        if layer > 0 or train_all:  # the gradient below is taken with W_layer before its step
            grad_h = torch.bmm(grad_pre, net.W[:, layer])
        apply(net.W[:, layer], grad_pre, activations[layer])
    if train_all:
        apply(net.A, grad_h * (activations[0] > 0), x)
        apply(net.B, residual, activations[-1])
    return squared


def step_flops(seeds: int, n: int, m: int, depth: int, d_in: int, d: int) -> int:
    """Floating-point operations of one full-batch GD step (forward, backward to W_1, update)."""
    forward_flops = 2 * seeds * n * m * (d_in + depth * m + d)
    backward_flops = 2 * seeds * n * m * (d + (2 * depth - 1) * m)
    return forward_flops + backward_flops + 2 * seeds * depth * m * m


def ntk_gram(net: Network, x: torch.Tensor, train_all: bool = False) -> torch.Tensor:
    """The empirical NTK Gram Θ (S, d·n, d·n), float64, indexed (output a, sample i).

    Θ_{(a,i),(b,j)} = Σ_ℓ ⟨g^a_{ℓ,i}, g^b_{ℓ,j}⟩ ⟨h_{ℓ−1,i}, h_{ℓ−1,j}⟩, with g^a_ℓ the backward
    vector of output a at the pre-activation of layer ℓ: the block form of Σ_ℓ (G_ℓ G_ℓᵀ) ∘ (H_{ℓ−1} H_{ℓ−1}ᵀ).

    Args:
        net: The network.
        x: The inputs, (n, d_in).
        train_all: Include A's and B's parts.

    Returns:
        The Gram per seed.
    """
    net64, x64 = net.to(torch.float64), x.to(torch.float64)
    activations, _ = forward(net64, x64)
    seeds, n, d = net.seeds, x.shape[0], net.B.shape[1]
    grad_h = net64.B[:, :, None, :].expand(seeds, d, n, net.width)  # (S, d, n, m)
    gram = torch.zeros(seeds, d, n, d, n, dtype=torch.float64, device=x.device)

    def add(grad_pre: torch.Tensor, inputs: torch.Tensor) -> None:
        backward_part = torch.einsum("sanm,sbkm->sanbk", grad_pre, grad_pre)
        forward_part = torch.matmul(inputs, inputs.transpose(-1, -2))
        forward_part = forward_part if forward_part.dim() == 3 else forward_part.expand(seeds, n, n)
        gram.add_(backward_part * forward_part[:, None, :, None, :])

    for layer in reversed(range(net.depth)):
        grad_pre = grad_h * (activations[layer + 1] > 0)[:, None]
        add(grad_pre, activations[layer])
        grad_h = torch.matmul(grad_pre, net64.W[:, layer][:, None])
    if train_all:
        add(grad_h * (activations[0] > 0)[:, None], x64)
        last = torch.bmm(activations[-1], activations[-1].transpose(1, 2))
        eye = torch.eye(d, dtype=torch.float64, device=x.device)
        gram.add_(eye[None, :, None, :, None] * last[:, None, :, None, :])
    return gram.reshape(seeds, d * n, d * n)
