"""--lr auto without the Gram: λ_max by Lanczos on J Jᵀ products against eigvalsh of the full Gram."""

import pytest

torch = pytest.importorskip("torch")

from boundcalc.check.config import CheckConfig  # noqa: E402
from boundcalc.check.model import Gradients, forward, init_network, ntk_gram  # noqa: E402
from boundcalc.check.ntk import ntk_lambda_max, tangent_outputs  # noqa: E402


def _data(n: int, d_in: int = 6) -> "torch.Tensor":
    x = torch.randn(n, d_in, generator=torch.Generator().manual_seed(n), dtype=torch.float64)
    return x / x.norm(dim=1, keepdim=True)


@pytest.mark.parametrize(
    ("n", "depth", "d", "m", "train_all"), [(40, 1, 1, 32, False), (30, 3, 2, 16, False), (25, 2, 3, 8, True)]
)
def test_lambda_max_matches_the_full_gram(n, depth, d, m, train_all):
    # n = 2,000 is covered by benchmarks/bench_ntk.py (there 2e-15)
    net = init_network([3, 4, 5], m, depth, 6, d, torch.float32, torch.device("cpu"))
    x = _data(n)
    exact = torch.linalg.eigvalsh(ntk_gram(net, x, train_all))[:, -1]
    assert torch.allclose(ntk_lambda_max(net, x, train_all), exact, rtol=1e-6, atol=0)


def test_tangent_is_autograd_jvp():
    net = init_network([1], 8, 2, 6, 2, torch.float64, torch.device("cpu"))
    x = _data(5)
    direction = Gradients(torch.randn_like(net.W), torch.randn_like(net.A), torch.randn_like(net.B))
    activations, _ = forward(net, x)

    def outputs(w, a, b):
        return forward(type(net)(a, w, b), x)[1]

    _, expected = torch.func.jvp(outputs, (net.W, net.A, net.B), (direction.W, direction.A, direction.B))
    assert torch.allclose(tangent_outputs(net, x, activations, direction, True), expected, rtol=1e-10, atol=1e-12)


def test_lr_auto_above_the_gram_limit_uses_lanczos(monkeypatch):
    from boundcalc.check import run as run_module

    monkeypatch.setattr(run_module, "NTK_LIMIT", 10)  # at n = 30 the Gram path would be taken otherwise
    report = run_module.run_check(CheckConfig(n=30, depth=1, widths=(16,), seeds=2, steps=3, device="cpu"))
    result = report.results[0]
    assert result.ntk_lambda_min is None  # λ_min needs the Gram
    net = init_network(
        [run_module.network_seed(0, i) for i in range(2)], 16, 1, 10, 1, torch.float32, torch.device("cpu")
    )
    x = torch.as_tensor(report.dataset.x, dtype=torch.float32)
    exact = torch.linalg.eigvalsh(ntk_gram(net, x))[:, -1].numpy()
    assert result.ntk_lambda_max == pytest.approx(exact, rel=1e-6)
    assert result.step_size == pytest.approx(1.0 / exact, rel=1e-6)
