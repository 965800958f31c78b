"""The numerical checker: train the paper's network at chosen widths and measure what its theorems predict.

Needs torch (``pip install 'boundcalc[check]'``); ``import boundcalc`` alone never imports it.

>>> from boundcalc.check import CheckConfig, run_check
>>> report = run_check(CheckConfig(n=10, depth=2, widths=(64,), d_in=5, seeds=2, steps=200))
>>> sorted(report.rows()[0])[:3]
['data', 'delta', 'diverged']
"""

from boundcalc.check.data import Dataset, digits, from_file, normalise, separation, synthetic
from boundcalc.check.model import Network, backward, forward, init_network, loss, ntk_gram
from boundcalc.check.run import CheckConfig, CheckReport, run_check
from boundcalc.check.summary import report_text
from boundcalc.check.train import TrainResult, Trajectory, train

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
