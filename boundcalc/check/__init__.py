"""The numerical checker: train the paper's network at chosen widths and measure what its theorems predict.

Needs torch (``pip install 'boundcalc[check]'``); ``import boundcalc`` alone never imports it.

>>> from boundcalc.check import CheckConfig, run_check
>>> report = run_check(CheckConfig(n=10, depth=2, widths=(64,), d_in=5, seeds=2, steps=200))
>>> sorted(report.rows()[0])[:3]
['data', 'delta', 'diverged']
"""

from __future__ import annotations

import importlib
from typing import Any

# names load on first use, so ``boundcalc.check.config`` (no torch) can be imported without torch
_HOMES = {
    "CheckConfig": "config",
    "CheckReport": "results",
    "Dataset": "data",
    "Network": "model",
    "TrainResult": "training",
    "Trajectory": "training",
    "backward": "model",
    "digits": "data",
    "forward": "model",
    "from_file": "data",
    "init_network": "model",
    "loss": "model",
    "normalise": "data",
    "ntk_gram": "model",
    "report_text": "summary",
    "run_check": "run",
    "separation": "data",
    "synthetic": "data",
    "train": "training",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'boundcalc.check' has no attribute {name!r}")
    return getattr(importlib.import_module(f"boundcalc.check.{_HOMES[name]}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CheckConfig",
    "CheckReport",
    "Dataset",
    "Network",
    "TrainResult",
    "Trajectory",
    "backward",
    "digits",
    "forward",
    "from_file",
    "init_network",
    "loss",
    "normalise",
    "ntk_gram",
    "report_text",
    "run_check",
    "separation",
    "synthetic",
    "train",
]
