"""The numerical checker: train the paper's network at chosen widths and measure what its theorems predict.

Needs torch (``pip install 'boundcalc[check]'``); ``import boundcalc`` alone never imports it.
`run_check` is ``boundcalc check``: a `CheckConfig` in, a `CheckReport` out (its ``rows()`` are
what the command prints, ``smallest_successful_width()`` the m* it reports). The model
(`init_network`, `forward`, `backward`, `loss`, `ntk_gram`), the data (`synthetic`, `digits`,
`from_file`, `normalise`, `separation`) and the training loop (`train`) are public too.

Examples:
    >>> from boundcalc.check import CheckConfig, run_check
    >>> report = run_check(CheckConfig(n=10, depth=2, widths=(64,), d_in=5, seeds=2, steps=200))
    >>> sorted(report.rows()[0])[:3]
    ['data', 'delta', 'diverged']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and the API reference; at run time the names load on first use
    from boundcalc.check.config import CheckConfig
    from boundcalc.check.model import Network, backward, forward, init_network, loss, ntk_gram
    from boundcalc.check.results import CheckReport
    from boundcalc.check.run import run_check
    from boundcalc.check.summary import report_text
    from boundcalc.check.training import TrainResult, Trajectory, train
    from boundcalc.data.sets import Dataset, digits, from_file, synthetic
    from boundcalc.data.sphere import normalise, separation

# each name's module, loaded on first use, so ``boundcalc.check.config`` (no torch) can be imported without torch
_EXPORTS = {
    "CheckConfig": "boundcalc.check.config",
    "CheckReport": "boundcalc.check.results",
    "Dataset": "boundcalc.data.sets",
    "Network": "boundcalc.check.model",
    "TrainResult": "boundcalc.check.training",
    "Trajectory": "boundcalc.check.training",
    "backward": "boundcalc.check.model",
    "digits": "boundcalc.data.sets",
    "forward": "boundcalc.check.model",
    "from_file": "boundcalc.data.sets",
    "init_network": "boundcalc.check.model",
    "loss": "boundcalc.check.model",
    "normalise": "boundcalc.data.sphere",
    "ntk_gram": "boundcalc.check.model",
    "report_text": "boundcalc.check.summary",
    "run_check": "boundcalc.check.run",
    "separation": "boundcalc.data.sphere",
    "synthetic": "boundcalc.data.sets",
    "train": "boundcalc.check.training",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'boundcalc.check' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)


# a literal list, as griffe (the API reference) and ruff read it; test_facades.py holds it to _EXPORTS
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
