"""The machine a check runs on: device, memory it can hold, its matmul speed, and provenance."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np
import torch

from boundcalc._version import __version__, revision
from boundcalc.errors import InputError

NTK_LIMIT = 4000  # d·n above which the NTK Gram is not formed (λ_min unmeasured; --lr auto by Lanczos)


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda: no CUDA device is available here (use cpu or auto)")
    if name not in ("cpu", "cuda"):
        raise InputError(f"--device must be auto, cpu or cuda, got {name!r}")
    return torch.device(name)


INTERPRETER_BYTES = 300 * 2**20  # Python with torch loaded, measured on CPU (about 250 MiB)


def bytes_needed(m: int, n: int, depth: int, d_in: int, d: int, seeds: int, element: int) -> int:
    """Peak memory of one check, roughly: the weights and their initial copy, one seed's float64 draw at
    initialisation, one layer's update in flight, activations and their masks, the NTK Gram in float64
    and the interpreter with torch (the spectral norms and ‖∇F‖² need only vectors and n × n arrays)."""
    weights = seeds * (depth * m * m + m * d_in + d * m) * element
    drawn = depth * m * m * 8
    layer = seeds * m * m * element
    activations = seeds * n * m * (depth + 1) * (3 * element + 2)
    gram = seeds * (d * n) ** 2 * 8 * 3 if d * n <= NTK_LIMIT else 0
    return 2 * weights + max(drawn, layer) + activations + gram + INTERPRETER_BYTES


def available_bytes(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.mem_get_info(device)[0])
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))


def largest_width(budget: int, **shape) -> int:
    low, high = 1, 2
    while bytes_needed(high, **shape) <= budget:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if bytes_needed(middle, **shape) <= budget else (low, middle)
    return low


def provenance(device: torch.device) -> dict:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.machine() or "unknown"
    return {
        "boundcalc": __version__,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "device": f"{device.type} ({name})",
        "git_revision": revision(),
    }


def matmul_rate(device: torch.device, dtype: torch.dtype) -> float:
    """FLOP/s of a modest batched matmul on this device: the yardstick of the time estimate."""
    a = torch.randn(4, 64, 256, device=device, dtype=dtype)
    b = torch.randn(4, 256, 256, device=device, dtype=dtype)
    torch.bmm(a, b)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    started = time.perf_counter()
    for _ in range(10):
        torch.bmm(a, b)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return 10 * 2 * 4 * 64 * 256 * 256 / max(time.perf_counter() - started, 1e-9)
