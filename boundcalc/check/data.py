"""The data a check config names, from boundcalc.data's loaders (which take plain arguments)."""

from __future__ import annotations

from boundcalc.check.config import CheckConfig
from boundcalc.data.sets import Dataset, digits, from_file, synthetic


def load(config: CheckConfig) -> Dataset:
    """The data a check config names (synthetic, digits or a file); NumPy only, like this module."""
    if config.data == "synthetic":
        return synthetic(config.n, config.d_in, config.d, config.seed, config.min_separation, config.separation)
    if config.data == "digits":
        return digits(config.n, config.seed)
    return from_file(config.data, config.d, config.seed, config.labels)
