"""The empirical NTK Gram against neural-tangents, the NTK library of record, timed back to back.

The same network shape (n = 50 inputs of dimension 10, width m = 1024, L = 3 hidden m × m layers,
ReLU, one output) on the CPU: boundcalc's `ntk_gram` (W_1..W_L, float64, torch) against
neural-tangents 0.6.5's `empirical_ntk_fn` with structured derivatives (every layer, float32, jit,
JAX), each the median of REPEATS calls after a warm-up, each in its own process. Target: ours / peer
≤ 1.0. The peer lives in its own virtual environment (it needs old pinned releases):
`../shared/peers/neural-tangents.sh .peers/neural-tangents` builds it; without it this says so.

Usage: python benchmarks/bench_peer.py [PEER_PYTHON]
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

N, D_IN, WIDTH, DEPTH, REPEATS = 50, 10, 1024, 3, 7
PEER = Path(".peers/neural-tangents/bin/python")

OURS = textwrap.dedent(
    f"""
    import json, statistics, time
    import torch
    from boundcalc.check import init_network, synthetic
    from boundcalc.check.model import ntk_gram
    x = torch.tensor(synthetic({N}, {D_IN}, 1, seed=0).x, dtype=torch.float32)
    net = init_network([0], {WIDTH}, {DEPTH}, {D_IN}, 1, torch.float32, torch.device("cpu"))
    ntk_gram(net, x)
    times = []
    for _ in range({REPEATS}):
        start = time.perf_counter()
        ntk_gram(net, x)
        times.append(time.perf_counter() - start)
    print(json.dumps({{"seconds": statistics.median(times), "threads": torch.get_num_threads()}}))
    """
)

THEIRS = textwrap.dedent(
    f"""
    import json, statistics, time
    import jax, numpy as np
    import neural_tangents as nt
    from neural_tangents import stax
    layers = [stax.Dense({WIDTH}, W_std=2**0.5, parameterization="standard"), stax.Relu()]
    for _ in range({DEPTH}):
        layers += [stax.Dense({WIDTH}, W_std=2**0.5, parameterization="standard"), stax.Relu()]
    init_fn, apply_fn, _ = stax.serial(*layers, stax.Dense(1, parameterization="standard"))
    x = np.random.default_rng(0).standard_normal(({N}, {D_IN})).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    _, params = init_fn(jax.random.PRNGKey(0), x.shape)
    kernel = jax.jit(nt.empirical_ntk_fn(apply_fn, trace_axes=(), vmap_axes=0,
                                          implementation=nt.NtkImplementation.STRUCTURED_DERIVATIVES))
    kernel(x, None, params).block_until_ready()
    times = []
    for _ in range({REPEATS}):
        start = time.perf_counter()
        kernel(x, None, params).block_until_ready()
        times.append(time.perf_counter() - start)
    print(json.dumps({{"seconds": statistics.median(times), "version": nt.__version__, "jax": jax.__version__}}))
    """
)


def _run(python: str, script: str) -> dict:
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    peer = Path(sys.argv[1]) if len(sys.argv) > 1 else PEER
    shape = f"n = {N}, m = {WIDTH}, L = {DEPTH}"
    if not peer.exists():
        print(f"ntk gram ({shape}): neural-tangents is not installed here ({peer} is missing); build it with "
              "../shared/peers/neural-tangents.sh .peers/neural-tangents to compare")  # fmt: skip
        return 0
    ours = _run(sys.executable, OURS)
    theirs = _run(str(peer), THEIRS)
    print(
        f"ntk gram ({shape}, CPU): ours (W only, float64) {ours['seconds'] * 1e3:.0f} ms / neural-tangents "
        f"{theirs['version']} (all layers, float32, jit, JAX {theirs['jax']}) {theirs['seconds'] * 1e3:.0f} ms = "
        f"{ours['seconds'] / theirs['seconds']:.2f}  (target <= 1.0)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
