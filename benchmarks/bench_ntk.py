"""--lr auto at any n: λ_max of the NTK Gram by Lanczos on J Jᵀ products, never forming the Gram.

1. n = 2,000 rows (d_in = 10, L = 1, m = 64, 4 seeds): λ_max matrix-free against eigvalsh of the
   full Gram (model.ntk_gram); target: relative difference ≤ 1e-6 on every seed; both timed.
2. n = 6,000 (where the Gram is not formed): λ_max matrix-free alone, its seconds and the process's
   peak resident memory beside the bytes of the weights and data (float64 copies included), each
   in its own process so that the peak is its own.
3. The whole command `boundcalc check --n 6000 --L 1 --m 64 --steps 2 --lr auto`: its peak resident
   memory beside that of a process that only imports torch and the checker (what any check costs).

Usage: python benchmarks/bench_ntk.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    import torch
    from boundcalc.check.model import init_network, ntk_gram
    from boundcalc.check.ntk import ntk_lambda_max
    n, compare = int(sys.argv[1]), sys.argv[2] == "compare"
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(n, 10, generator=generator, dtype=torch.float64)
    x = (x / x.norm(dim=1, keepdim=True)).float()
    net = init_network([0, 1, 2, 3], 64, 1, 10, 1, torch.float32, torch.device("cpu"))
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    lanczos = ntk_lambda_max(net, x)
    out = {"n": n, "lanczos_s": time.perf_counter() - start, "lambda_max": lanczos.tolist(),
           "peak_over_start_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - baseline,
           "weights_and_data_bytes": 3 * 8 * (net.W.numel() + net.A.numel() + net.B.numel()) + 8 * x.numel()}
    if compare:
        start = time.perf_counter()
        full = torch.linalg.eigvalsh(ntk_gram(net, x))[:, -1]
        out["full_s"] = time.perf_counter() - start
        out["max_relative_difference"] = float(((lanczos - full) / full).abs().max())
    print(json.dumps(out))
    """
)


def measure(n: int, compare: bool) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(n), "compare" if compare else "alone"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


PEAK = "import resource, sys; {}; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)"
CHECK = "from boundcalc.cli import main; main(['check', '--n', '6000', '--L', '1', '--m', '64', '--steps', '2', '--lr', 'auto', '--format', 'json'])"


def peak_bytes(code: str) -> int:
    done = subprocess.run([sys.executable, "-c", PEAK.format(code)], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def main() -> None:
    small = measure(2000, compare=True)
    print(
        f"n = 2000: λ_max matrix-free {small['lanczos_s']:.2f} s, full Gram {small['full_s']:.2f} s, "
        f"largest relative difference {small['max_relative_difference']:.1e} (target ≤ 1e-6)"
    )
    large = measure(6000, compare=False)
    print(
        f"n = 6000: λ_max matrix-free {large['lanczos_s']:.2f} s, peak memory above the start "
        f"{large['peak_over_start_bytes'] / 2**20:.1f} MiB against {large['weights_and_data_bytes'] / 2**20:.2f} MiB "
        "of weights and data (float64 copies counted); the Gram would be "
        f"{4 * 6000**2 * 8 / 2**20:.0f} MiB"
    )
    imports = peak_bytes("import torch, boundcalc.check, boundcalc.cli")
    command = peak_bytes(CHECK)
    print(
        f"check --n 6000 --L 1 --m 64 --steps 2 --lr auto: peak {command / 2**20:.0f} MiB, of which "
        f"{imports / 2**20:.0f} MiB is importing torch and the checker"
    )
    if small["max_relative_difference"] > 1e-6:
        sys.exit("λ_max matrix-free differs from the full Gram by more than 1e-6")


if __name__ == "__main__":
    main()
