"""The command line's remaining questions as functions: compare, measure, limit_kernel and the references cited.

Each returns what its command prints, as data: ``compare(...).to_dict()`` is the JSON of
``boundcalc compare --format json``, ``measure`` and ``limit_kernel`` those of ``boundcalc kernel``,
``references`` the publications ``boundcalc cite`` writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from boundcalc.data.kernel import MAX_KERNEL_ROWS, KernelSummary, kernel
from boundcalc.data.sphere import normalise
from boundcalc.data.stats import MAX_POINTS, DataSummary, summarise
from boundcalc.data.stats import measure as _measure_file
from boundcalc.errors import InputError
from boundcalc.numbers.compare import Comparison
from boundcalc.numbers.compare import compare as _compare_at
from boundcalc.theory.overrides import apply_keyed_overrides
from boundcalc.theory.registry import registry_with
from boundcalc.theory.sources.bibliography import BOUNDCALC, CITATIONS, REFERENCES, Reference

MAX_DEPTH = 10_000  # the command line's bound on L and d: a kernel of more layers is no question anyone asks


def compare(
    theorems: Sequence[str] | str | None = None,
    *,
    data: str | Path | np.ndarray | DataSummary | None = None,
    exponents: Sequence[str] = (),
    log_powers: Sequence[str] = (),
    orders: bool = False,
    bound_files: Sequence[str | Path] = (),
    **inputs: object,
) -> Comparison:
    """Width, step size and iterations of several results side by side, as ``boundcalc compare`` gives them.

    Args:
        theorems: Keys to compare (a list, or one string ``"a,b"``); every entry of the registry
            (with the bound files) when None.
        data: A data set whose n, d_in, δ and λ0 the results read: a ``.npy``/``.csv`` path, an
            array (one point per row) or a [`DataSummary`][boundcalc.data.stats.DataSummary]
            from [`measure`][boundcalc.measure]. Inputs given explicitly win over the data's.
        exponents: ``KEY.QUANTITY.NAME=VALUE`` overrides, the command line's ``--exp``.
        log_powers: ``KEY.QUANTITY=K`` overrides of the power of log m, ``--log-power``.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        bound_files: TOML files of your own theorems, compared as well.
        **inputs: The inputs by name (``n``, ``L``, ``delta``, ``lambda0``, ``fail_prob``, …), as
            numbers or strings such as ``"1e3"`` or ``"1/2"``.

    Returns:
        A [`Comparison`][boundcalc.numbers.compare.Comparison]: one record per result, each with its
            value or the reason there is none (``needs``, ``incomplete``, ``infinite``);
            ``to_dict()`` is the JSON the command prints.

    Raises:
        UnknownTheoremError: A key is not in the registry.
        InputError: An input is outside its domain or not a number, or the data file is unreadable.

    Examples:
        >>> from boundcalc import compare
        >>> result = compare(["als19-gd", "du19-2layer"], n=1000, L=10)
        >>> [record["theorem"] for record in result.records]
        ['als19-gd', 'du19-2layer']
        >>> result.records[0]["width"]["value"], result.records[1]["width"]["needs"]
        ('7.835e+103', 'lambda0')
    """
    registry = registry_with(tuple(bound_files))
    if isinstance(theorems, str):
        theorems = [key.strip() for key in theorems.split(",") if key.strip()]
    keys = list(registry) if theorems is None else list(theorems)
    chosen = apply_keyed_overrides([registry[key] for key in keys], exponents, log_powers)
    summary = data if isinstance(data, DataSummary) or data is None else measure(data)
    point = {name: None if value is None else str(value) for name, value in inputs.items()}
    return _compare_at(chosen, point, registry, data=summary, orders=orders)


def measure(data: str | Path | np.ndarray) -> DataSummary:
    """n, d_in, the separation δ and λ0 = λ_min(H∞) of a data set, as ``boundcalc compare --data`` reads them.

    Each quantity is measured the way its paper normalises the points: δ after each row v becomes
    (v/‖v‖ · 1/√2, 1/√2) (Allen-Zhu, Li, Song), λ0 on the unit rows v/‖v‖ (Du et al., Arora et al.).

    Args:
        data: A ``.npy`` or ``.csv`` file of one point per row, or an array of that shape (up to a
            million rows; λ0 only where H∞, n × n doubles, fits in memory).

    Returns:
        A [`DataSummary`][boundcalc.data.stats.DataSummary]: ``n``, ``d_in``, ``delta``,
            ``lambda0`` (None where not measured, and the notes say why) and ``notes``.

    Raises:
        InputError: The file is missing, not numeric, ragged or too large; a row is all zeros or
            not finite.

    Examples:
        >>> import numpy as np
        >>> from boundcalc import measure
        >>> summary = measure(np.eye(3))
        >>> summary.n, summary.d_in, round(summary.delta, 4), round(summary.lambda0, 4)
        (3, 3, 1.0, 0.5)
    """
    if isinstance(data, (str, Path)):
        return _measure_file(data)
    raw = np.asarray(data)
    if raw.ndim != 2 or raw.size == 0:
        raise InputError(f"data must be a non-empty table (one point per row), got shape {raw.shape}")
    if not np.issubdtype(raw.dtype, np.number) or not np.all(np.isfinite(raw)):
        raise InputError("data holds values that are not finite numbers")
    if len(raw) > MAX_POINTS:
        raise InputError(f"data has {len(raw)} points; at most {MAX_POINTS} are supported")
    return summarise(normalise(raw), f"an array of {raw.shape[0]} × {raw.shape[1]}", raw.shape[1])


def limit_kernel(
    data: str | Path | np.ndarray | DataSummary, L: int, d: int = 1, train_all: bool = False
) -> KernelSummary:
    """λ_min and λ_max of the infinite-width NTK (the limit of Θ/m) of Allen-Zhu–Li–Song's network on a data set.

    The same numbers as ``boundcalc kernel --data FILE --L L``: the limit of the checker's
    ``ntk_lambda_min / m``, with the input layer A and the output layer B frozen unless ``train_all``.

    Args:
        data: A ``.npy``/``.csv`` path, an array of one point per row, or a
            [`DataSummary`][boundcalc.data.stats.DataSummary] from [`measure`][boundcalc.measure].
        L: Hidden layers, 1 to 10,000.
        d: Output dimension, 1 to 10,000.
        train_all: Train A as well (B's part vanishes in the limit).

    Returns:
        A [`KernelSummary`][boundcalc.data.kernel.KernelSummary] with ``lambda_min``,
            ``lambda_max`` and ``condition``.

    Raises:
        InputError: L or d out of range, more rows than the n × n kernel allows, or bad data.

    Examples:
        >>> import numpy as np
        >>> from boundcalc import limit_kernel
        >>> summary = limit_kernel(np.eye(3)[:2], L=1)
        >>> round(summary.lambda_min, 4), round(summary.lambda_max, 4)
        (0.2843, 0.7157)
    """
    for name, value in (("L", L), ("d", d)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= MAX_DEPTH:
            raise InputError(f"{name} must be an integer from 1 to {MAX_DEPTH}, got {value!r}")
    summary = data if isinstance(data, DataSummary) else measure(data)
    if summary.n > MAX_KERNEL_ROWS:
        raise InputError(f"the limit kernel is n × n: at most {MAX_KERNEL_ROWS} rows, got {summary.n}")
    assert summary.points is not None  # measure keeps the rows it normalised
    return kernel(summary.points, int(L), int(d), train_all, source=summary.path)


def references(*keys: str, bound_files: Sequence[str | Path] = ()) -> list[Reference]:
    """The publications behind the entries named, each once, in the order named (``boundcalc`` for boundcalc's own).

    [`boundcalc.cite`][boundcalc.cite] writes them as BibTeX, biblatex or CSL-JSON.

    Args:
        *keys: Entry keys, e.g. ``"als19-gd"``, ``"du19-2layer"``, or ``"boundcalc"``.
        bound_files: TOML files of your own theorems, whose keys may be named too.

    Returns:
        The references.

    Raises:
        UnknownTheoremError: A key is not in the registry.
        InputError: No key was given, or an entry (a user's own bound) has no publication to cite.

    Examples:
        >>> [reference.key for reference in references("als19-gd", "als19-sgd", "boundcalc")]
        ['allenzhu2019convergence', 'boundcalc']
    """
    if not keys:
        raise InputError("cite: name at least one entry")
    registry = registry_with(tuple(bound_files))
    chosen: list[Reference] = []
    for key in keys:
        if key == "boundcalc":
            reference = BOUNDCALC
        else:
            theorem = registry[key]  # an unknown key is refused with a suggestion
            if key not in CITATIONS:
                raise InputError(f"{key} has no publication to cite (source: {theorem.source})")
            reference = REFERENCES[CITATIONS[key]]
        if reference not in chosen:
            chosen.append(reference)
    return chosen
