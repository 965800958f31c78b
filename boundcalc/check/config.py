"""The checker's settings: one type that validates itself once. No torch here.

The command line and sweep specs both build a `CheckConfig`; a bad value is one
`InputError` naming the setting, raised before any data or network exists.

>>> CheckConfig(n=10, depth=2, widths=(64,)).widths
(64,)
>>> CheckConfig(eps=float("inf"))
Traceback (most recent call last):
...
boundcalc.errors.InputError: eps must be a finite positive number, got inf
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from boundcalc.data.sets import require_packing
from boundcalc.errors import InputError, shown

MAX_STEPS = 10**8
MAX_SAMPLES = 100_000
MAX_WIDTH = 10**7
MAX_SEEDS = 1024
SEED_STRIDE = 1_000_003  # network s of a check with seed b is seeded b·SEED_STRIDE + s (check.run.network_seed)
MAX_SEED = (2**63 - 1 - MAX_SEEDS) // SEED_STRIDE  # every network's seed fits torch's signed 64 bits
DATA_KINDS = ("synthetic", "digits")  # or a path to a .npy or .csv file
DTYPES = ("float32", "float64")
DEVICES = ("auto", "cpu", "cuda")


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{name} must be a whole number in {low}..{high}, got {shown(value)}")
    return value


def _real(name: str, value: object, low: float, high: float) -> float:
    """A finite number in (low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not (math.isfinite(value) and low < value <= high):
        if math.isfinite(high):
            wanted = f"in ({low:g}, {high:g}]"
        else:
            wanted = "a finite positive number" if low == 0 else f"a finite number above {low:g}"
        raise InputError(f"{name} must be {wanted}, got {value!r}")
    return value


@dataclass(frozen=True)
class CheckConfig:
    """Everything that determines a check; recorded with every result.

    Attributes:
        n: Samples (synthetic or digits).
        depth: Hidden layers L.
        widths: The widths m trained; ``"bound"`` stands for the theorem's own width.
        d_in: Input dimension of synthetic data (one coordinate is the bias).
        d: Output dimension.
        seeds: Independent networks, trained as one batch.
        seed: The first seed (data and weights).
        steps: At most this many steps, or ``"theory"`` for the theorem's iterations.
        eps: Stop once the training loss F ≤ ε.
        lr: The step size: ``"auto"`` (1/λ_max of the NTK), ``"theory"``, or a number.
        lr_scale: With ``lr = "theory"``, the theorem's step size times this (its hidden constant).
        data: ``synthetic``, ``digits``, or a ``.npy``/``.csv`` file.
        labels: A labels file for a data file (rows, or one class number per row).
        min_separation: Synthetic points at least this far apart.
        separation: Synthetic data whose measured δ is exactly this.
        batch: Mini-batch size b: SGD instead of GD.
        train_all: Train A and B too (the paper trains W_1..W_L only).
        dtype: ``float32`` or ``float64``.
        device: ``auto``, ``cpu`` or ``cuda``.
        record_every: Measure every k steps (steps/20 by default).
        lr_search: Also find the largest stable step by doubling.
        success_fraction: The share of seeds that must reach ε for a width to count.
        blowup: A loss this many times the initial one counts as diverged.
        seed_indices: Which seeds of the batch to train (a sweep's resumed runs); all when None.

    Raises:
        InputError: A setting out of range, named, before any data or network exists.
    """

    n: int = 50
    depth: int = 3
    widths: tuple[int | str, ...] = (64, 128, 256)
    d_in: int = 10
    d: int = 1
    seeds: int = 4
    seed: int = 0
    steps: int | str = 1000
    eps: float = 1e-3
    lr: float | str = "auto"
    lr_scale: float = 1.0  # lr theory: the theorem's η times this (η ∝ the theorem's step, its hidden constant set)
    data: str = "synthetic"
    labels: str | None = None
    min_separation: float | None = None
    separation: float | None = None  # synthetic data whose measured δ is exactly this
    batch: int | None = None
    train_all: bool = False
    dtype: str = "float32"
    device: str = "auto"
    record_every: int | None = None
    lr_search: bool = False
    success_fraction: float = 0.9
    blowup: float = 1e6
    seed_indices: tuple[int, ...] | None = None  # train only these of the seeds (a sweep resuming)

    def __post_init__(self) -> None:
        _whole("n", self.n, 1, MAX_SAMPLES)
        _whole("L", self.depth, 1, 1000)
        widths = tuple(self.widths)
        if not widths or len(widths) > 64:
            raise InputError("widths: give 1 to 64 widths")
        for width in widths:
            if width != "bound":
                _whole("width m", width, 1, MAX_WIDTH)
        object.__setattr__(self, "widths", widths)
        _whole("d_in", self.d_in, 2, 100_000)
        _whole("d", self.d, 1, 10_000)
        _whole("seeds", self.seeds, 1, MAX_SEEDS)
        _whole("seed", self.seed, 0, MAX_SEED)
        if self.steps != "theory":
            _whole("steps", self.steps, 0, MAX_STEPS)
        object.__setattr__(self, "eps", _real("eps", self.eps, 0.0, math.inf))
        if self.lr not in ("auto", "theory"):
            object.__setattr__(self, "lr", _real("lr", self.lr, 0.0, math.inf))
        if not isinstance(self.data, str) or not self.data:
            raise InputError(f"data must be synthetic, digits or a file, got {self.data!r}")
        if self.labels is not None and self.data in DATA_KINDS:
            raise InputError("labels need data from a file (synthetic labels are random unit vectors)")
        if self.separation is not None:
            if self.data != "synthetic" or self.min_separation is not None:
                raise InputError("separation applies to synthetic data only, without min_separation")
            object.__setattr__(self, "separation", _real("separation", self.separation, 0.0, math.sqrt(2.0)))
        if self.min_separation is not None:
            if self.data != "synthetic":
                raise InputError("min_separation applies to synthetic data only")
            object.__setattr__(
                self, "min_separation", _real("min_separation", self.min_separation, 0.0, math.sqrt(2.0))
            )
        spacing = self.separation if self.separation is not None else self.min_separation
        if spacing is not None:  # pure geometry: refused here, before a sweep touches its store
            require_packing(self.n, self.d_in, spacing)
        if self.batch is not None:
            _whole("batch", self.batch, 1, MAX_SAMPLES)
        for flag in ("train_all", "lr_search"):
            if not isinstance(getattr(self, flag), bool):
                raise InputError(f"{flag} must be true or false")
        if self.dtype not in DTYPES:
            raise InputError(f"dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        if self.device not in DEVICES:
            raise InputError(f"device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        if self.record_every is not None:
            _whole("record_every", self.record_every, 1, MAX_STEPS)
        object.__setattr__(self, "lr_scale", _real("lr_scale", self.lr_scale, 0.0, 1e12))
        if self.lr_scale != 1.0 and self.lr != "theory":
            raise InputError("lr_scale applies to lr theory only")
        object.__setattr__(self, "success_fraction", _real("success_fraction", self.success_fraction, 0.0, 1.0))
        object.__setattr__(self, "blowup", _real("blowup", self.blowup, 1.0, math.inf))
        if self.seed_indices is not None:
            indices = tuple(self.seed_indices)
            if (
                not indices
                or len(set(indices)) != len(indices)
                or not all(isinstance(i, int) and 0 <= i < self.seeds for i in indices)
            ):
                raise InputError(f"seed_indices must be distinct seeds in 0..{self.seeds - 1}")
            object.__setattr__(self, "seed_indices", indices)

    @classmethod
    def from_settings(cls, settings: Mapping[str, object], **extra: object) -> CheckConfig:
        """The config of a sweep cell: its settings use the spec's names (``L`` for the depth).

        Args:
            settings: The cell's settings by the spec's names.
            **extra: Settings given besides (the theorem's width for ``"bound"``, say).

        Returns:
            The config.

        Raises:
            InputError: An unknown setting or a value out of range.
        """
        names = {field.name for field in dataclasses.fields(cls)}
        values = {("depth" if key == "L" else key): value for key, value in settings.items()}
        values.update(extra)
        if values.get("record_every") == 0:
            values["record_every"] = None
        unknown = set(values) - names
        if unknown:
            raise InputError(f"unknown check setting {sorted(unknown)[0]!r}")
        return cls(**values)  # type: ignore[arg-type]

    def settings(self) -> dict:
        """The settings as plain data (JSON, the store).

        Returns:
            Every field by name, tuples as lists: what a stored result records.
        """
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(self).items()}
