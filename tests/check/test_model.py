"""The checker's network, gradients and NTK against independent float64 references."""

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from boundcalc.check import Network, backward, forward, init_network, loss, ntk_gram, synthetic  # noqa: E402

CPU = torch.device("cpu")


def _problem(n=6, d_in=4, d=2, m=16, depth=2, seeds=(1, 2)):
    data = synthetic(n, d_in, d, seed=0)
    x = torch.tensor(data.x, dtype=torch.float64)
    y = torch.tensor(data.y, dtype=torch.float64)
    net = init_network(list(seeds), m, depth, d_in, d, torch.float64, CPU)
    return net, x, y


@pytest.mark.parametrize("train_all", [False, True])
def test_gradients_match_autograd(train_all):
    net, x, y = _problem()
    activations, outputs = forward(net, x)
    grads = backward(net, x, activations, outputs - y, train_all)
    leaves = [t.clone().requires_grad_() for t in (net.A, net.W, net.B)]
    _, out = forward(Network(*leaves), x)
    loss(out, y).sum().backward()
    torch.testing.assert_close(grads.W, leaves[1].grad, rtol=1e-12, atol=1e-12)
    if train_all:
        torch.testing.assert_close(grads.A, leaves[0].grad, rtol=1e-12, atol=1e-12)
        torch.testing.assert_close(grads.B, leaves[2].grad, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("train_all", [False, True])
@pytest.mark.parametrize("depth", [1, 3])
@pytest.mark.parametrize("n", [6, 40])  # ‖∇F‖² from n × n factors (n² ≤ m²), and from each layer's gradient
def test_the_fused_step_equals_a_step_along_the_autograd_gradient(train_all, depth, n):
    from boundcalc.check.model import descend

    net, x, y = _problem(n=n, depth=depth)
    activations, outputs = forward(net, x)
    leaves = [t.clone().requires_grad_() for t in (net.A, net.W, net.B)]
    _, out = forward(Network(*leaves), x)
    loss(out, y).sum().backward()
    step = torch.tensor([-0.3, -0.05], dtype=torch.float64)  # a different step per seed
    squared = descend(net, x, activations, outputs - y, step, train_all, measure=True)
    moved = [(net.W, leaves[1])] + ([(net.A, leaves[0]), (net.B, leaves[2])] if train_all else [])
    expected_squared = sum(leaf.grad.square().sum(dim=tuple(range(1, leaf.dim()))) for _, leaf in moved)
    torch.testing.assert_close(squared, expected_squared, rtol=1e-12, atol=1e-12)
    for after, leaf in moved:
        shape = (-1,) + (1,) * (leaf.dim() - 1)
        torch.testing.assert_close(after, leaf.detach() + step.view(shape) * leaf.grad, rtol=1e-12, atol=1e-12)
    if not train_all:
        assert torch.equal(net.A, leaves[0].detach()) and torch.equal(net.B, leaves[2].detach())
    before = net.W.clone()
    assert descend(net, x, activations, outputs - y, None, train_all) is None and torch.equal(net.W, before)


def test_gradient_matches_finite_differences():
    net, x, y = _problem(seeds=(3,))
    activations, outputs = forward(net, x)
    grad = backward(net, x, activations, outputs - y).W
    rng = np.random.default_rng(0)
    direction = torch.tensor(rng.standard_normal(net.W.shape))
    h = 1e-6

    def value(w):
        return float(loss(forward(Network(net.A, w, net.B), x)[1], y)[0])

    numeric = (value(net.W + h * direction) - value(net.W - h * direction)) / (2 * h)
    assert numeric == pytest.approx(float((grad * direction).sum()), rel=1e-6)


def test_forward_norms_near_one_for_wide_networks():
    """With A, W_ℓ ~ N(0, 2/m) and ‖x‖ = 1, ‖h_ℓ‖ stays near 1 (a lemma of the paper)."""
    data = synthetic(8, 6, 1, seed=1)
    x = torch.tensor(data.x, dtype=torch.float64)
    net = init_network([5], 4096, 4, 6, 1, torch.float64, CPU)
    activations, _ = forward(net, x)
    norms = torch.stack([a.norm(dim=-1) for a in activations])
    assert torch.all((norms - 1).abs() < 0.15), norms


@pytest.mark.parametrize("train_all", [False, True])
def test_ntk_from_layer_vectors_equals_jacobian_gram(train_all):
    net, x, y = _problem(n=5, d=2, m=12, depth=3)
    gram = ntk_gram(net, x, train_all)
    for s in range(net.seeds):

        def outputs(a, w, b):
            return forward(Network(a[None], w[None], b[None]), x)[1][0].T.reshape(-1)  # (output, sample)

        if train_all:
            parts = torch.autograd.functional.jacobian(outputs, (net.A[s], net.W[s], net.B[s]))
        else:
            parts = [torch.autograd.functional.jacobian(lambda w, s=s: outputs(net.A[s], w, net.B[s]), net.W[s])]
        jacobian = torch.cat([p.reshape(10, -1) for p in parts], dim=1)
        torch.testing.assert_close(gram[s], jacobian @ jacobian.T, rtol=1e-10, atol=1e-10)


def test_same_seed_same_network_whatever_the_batch_of_seeds():
    one = init_network([7], 32, 2, 5, 1, torch.float32, CPU)
    many = init_network([3, 7, 9], 32, 2, 5, 1, torch.float32, CPU)
    torch.testing.assert_close(one.W[0], many.W[1], rtol=0, atol=0)
    assert math.isclose(float(one.W.var()), 2 / 32, rel_tol=0.1)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_matches_cpu_in_float64():
    net, x, y = _problem(n=7, d=2, m=64, depth=3, seeds=(1, 2, 3))
    cuda = torch.device("cuda")
    net_gpu = Network(net.A.to(cuda), net.W.to(cuda), net.B.to(cuda))
    x_gpu, y_gpu = x.to(cuda), y.to(cuda)
    activations, outputs = forward(net, x)
    activations_gpu, outputs_gpu = forward(net_gpu, x_gpu)
    torch.testing.assert_close(outputs_gpu.cpu(), outputs, rtol=1e-10, atol=1e-12)
    grads = backward(net, x, activations, outputs - y, True)
    grads_gpu = backward(net_gpu, x_gpu, activations_gpu, outputs_gpu - y_gpu, True)
    for cpu_part, gpu_part in ((grads.W, grads_gpu.W), (grads.A, grads_gpu.A), (grads.B, grads_gpu.B)):
        torch.testing.assert_close(gpu_part.cpu(), cpu_part, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(ntk_gram(net_gpu, x_gpu, True).cpu(), ntk_gram(net, x, True), rtol=1e-10, atol=1e-10)
    # a seed gives the same initial network on either device
    torch.testing.assert_close(
        init_network([4], 32, 2, 4, 2, torch.float64, cuda).W.cpu(),
        init_network([4], 32, 2, 4, 2, torch.float64, CPU).W,
        rtol=0,
        atol=0,
    )


@pytest.mark.parametrize("train_all", [False, True])
def test_every_record_matches_an_autograd_descent_with_exact_norms(train_all):
    """The loss, ‖∇F‖², ‖θ − θ⁽⁰⁾‖_F and (at the end) max_ℓ ‖W_ℓ − W_ℓ⁽⁰⁾‖₂ of each record, against
    plain gradient descent by autograd and the exact SVD."""
    from boundcalc.check.training import train

    net, x, y = _problem(depth=2, m=24)
    step = torch.tensor([0.02, 0.05], dtype=torch.float64)
    steps, every = 7, 3
    result = train(net.clone(), x, y, step, steps, 0.0, every, train_all=train_all)
    leaves = [t.clone().requires_grad_() for t in (net.A, net.W, net.B)]
    start = [t.detach().clone() for t in leaves]
    trained = (0, 1, 2) if train_all else (1,)
    expected = {"step": [], "loss": [], "grad_sq": [], "movement_fro": []}
    for t in range(steps + 1):
        for leaf in leaves:
            leaf.grad = None
        _, out = forward(Network(*leaves), x)
        value = loss(out, y)
        value.sum().backward()
        if t % every == 0 or t == steps:
            dims = [tuple(range(1, leaves[i].dim())) for i in trained]
            expected["step"].append(t)
            expected["loss"].append(value.detach())
            expected["grad_sq"].append(sum(leaves[i].grad.square().sum(dim=d) for i, d in zip(trained, dims)))
            moved = sum((leaves[i].detach() - start[i]).square().sum(dim=d) for i, d in zip(trained, dims))
            expected["movement_fro"].append(moved.sqrt())
        if t == steps:
            break
        with torch.no_grad():
            for i in trained:
                leaves[i] -= step.view((-1,) + (1,) * (leaves[i].dim() - 1)) * leaves[i].grad
    got = result.trajectory
    assert got.step == expected["step"]
    for name in ("loss", "grad_sq", "movement_fro"):
        np.testing.assert_allclose(getattr(got, name), torch.stack(expected[name]).numpy(), rtol=1e-10, atol=1e-14)
    exact = torch.linalg.matrix_norm(leaves[1].detach() - start[1], ord=2).amax(dim=1)
    np.testing.assert_allclose(got.last("movement_spec_max"), exact.numpy(), rtol=1e-6)
    assert all(math.isnan(v) for v in got.first("movement_spec_max"))


def test_squared_distance_by_pieces_equals_the_whole_difference(monkeypatch):
    from boundcalc.check import training

    monkeypatch.setattr(training, "DISTANCE_CHUNK", 7)  # pieces that end mid-matrix, and a short last one
    generator = torch.Generator().manual_seed(4)
    w, w0 = torch.randn(2, 2, 3, 5, 4, generator=generator, dtype=torch.float64)
    expected = (w - w0).square().sum(dim=(1, 2, 3))
    torch.testing.assert_close(training._squared_distance(w, w0), expected, rtol=1e-13, atol=0)
