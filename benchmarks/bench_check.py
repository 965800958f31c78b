"""Speed of the checker, each figure a ratio measured side by side in this one run.

1. Training-step throughput in GFLOP/s (FLOPs counted by boundcalc.check.model.step_flops) over
   a plain float32 batched matmul of the step's main shape, (S, n, m) @ (S, m, m) (target ≥ 0.5, m ≥ 512).
2. S = 32 seeds at m = 64, n = 50, L = 3 trained as one batch, against a loop of nn.Module +
   torch.optim.SGD over the seeds, the same number of steps each (target ≥ 5× faster).

Usage: python benchmarks/bench_check.py [--device cpu|cuda]
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import torch

from boundcalc.check import init_network, synthetic, train
from boundcalc.check.model import step_flops


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _timed(function, device: torch.device, repeats: int = 3) -> float:
    function()  # warm up
    best = math.inf
    for _ in range(repeats):
        _sync(device)
        start = time.perf_counter()
        function()
        _sync(device)
        best = min(best, time.perf_counter() - start)
    return best


def _problem(seeds: int, n: int, m: int, depth: int, d_in: int, device: torch.device):
    data = synthetic(n, d_in, 1, seed=0)
    x = torch.tensor(data.x, dtype=torch.float32, device=device)
    y = torch.tensor(data.y, dtype=torch.float32, device=device)
    net = init_network(list(range(seeds)), m, depth, d_in, 1, torch.float32, device)
    return net, x, y


def throughput(device: torch.device, m: int, seeds: int = 4, n: int = 256, depth: int = 3, d_in: int = 16) -> float:
    net, x, y = _problem(seeds, n, m, depth, d_in, device)
    step = torch.full((seeds,), 1e-6, device=device)
    # enough steps that the two records' SVDs (in both runs) are small beside the difference
    short, long = (5, 25) if device.type == "cpu" else (10, 1010)

    def run(steps):  # the same two records (start, end) in both: their cost cancels in the difference
        return lambda: train(net.clone(), x, y, step, steps, 0.0, 10**9)

    per_step = (_timed(run(long), device) - _timed(run(short), device)) / (long - short)
    step_rate = step_flops(seeds, n, m, depth, d_in, 1) / per_step / 1e9
    a = torch.randn(seeds, n, m, device=device)
    b = torch.randn(seeds, m, m, device=device)
    per_matmul = _timed(lambda: [torch.bmm(a, b) for _ in range(20)], device) / 20
    matmul_rate = 2 * seeds * n * m * m / per_matmul / 1e9
    ratio = step_rate / matmul_rate
    print(
        f"m={m}: training step {step_rate:.1f} GFLOP/s / bmm {matmul_rate:.1f} GFLOP/s = {ratio:.2f}  (target >= 0.5)"
    )
    return ratio


class _PaperNet(torch.nn.Module):
    def __init__(self, a: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("a", a.clone())
        self.register_buffer("b", b.clone())
        self.layers = torch.nn.ParameterList([torch.nn.Parameter(layer.clone()) for layer in w])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(x @ self.a.T)
        for w in self.layers:
            h = torch.relu(h @ w.T)
        return h @ self.b.T


def seeds_batched_vs_loop(device: torch.device, seeds: int = 32, m: int = 64, n: int = 50, depth: int = 3) -> float:
    net, x, y = _problem(seeds, n, m, depth, 10, device)
    lr, steps = 1e-3, 200
    step = torch.full((seeds,), lr, device=device)
    batched = _timed(lambda: train(net.clone(), x, y, step, steps, 1e-9, 10**9), device, repeats=2)

    def loop() -> None:
        for s in range(seeds):
            model = _PaperNet(net.A[s], net.W[s], net.B[s]).to(device)
            optimiser = torch.optim.SGD(model.parameters(), lr=lr)
            for _ in range(steps):
                optimiser.zero_grad()
                value = 0.5 * (model(x) - y).square().sum()
                if value.item() <= 1e-9:  # the same stopping test the batched run makes
                    break
                value.backward()
                optimiser.step()

    looped = _timed(loop, device, repeats=2)
    speedup = looped / batched
    print(
        f"S={seeds} seeds, m={m}, n={n}, L={depth}, {steps} steps: loop of nn.Module+SGD {looped:.2f} s / "
        f"batched {batched:.2f} s = {speedup:.1f}x  (target >= 5x)"
    )
    return speedup


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    device = torch.device(parser.parse_args().device)
    print(
        f"device: {torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu'}, torch {torch.__version__}"
    )
    # first: after the large throughput runs the small batched steps ran 1.7× slower in the same
    # process (0.58 s against 0.34 s; the loop much less so), a state neither side should inherit
    seeds_batched_vs_loop(device)
    for m in (512, 1024):
        throughput(device, m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
