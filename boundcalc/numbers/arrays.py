"""A theorem's quantity over arrays of inputs, vectorised: log10 values, or a pandas data frame."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from boundcalc.errors import InputError
from boundcalc.numbers.exact import check_domain
from boundcalc.numbers.magnitude import CACHE_CHUNK
from boundcalc.numbers.resolve import Resolver, resolve_theorem
from boundcalc.theory.bound import Theorem
from boundcalc.theory.registry import Registry
from boundcalc.theory.symbols import INPUTS


def evaluate_many(
    theorem: Theorem | str,
    quantity: str,
    *,
    registry: Registry | None = None,
    orders: bool = False,
    **arrays: object,
) -> np.ndarray:
    """log10 of a quantity over numpy arrays of inputs (broadcast together), vectorised.

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        **arrays: The inputs by name, arrays or numbers; ``exponents``, ``constant`` and
            ``log_power`` among them override the quantity asked for.

    Returns:
        log10 of the quantity at each point, a float array of the broadcast shape.

    Raises:
        InputError: An unknown input, an array that is not numeric, a value outside its domain.

    Examples:
        >>> import numpy as np
        >>> evaluate_many("als19-gd", "width", n=np.array([10, 100]), L=2, delta=0.5, log_power=0).round(3)
        array([30.021, 54.021])
    """
    theorem, registry = _with_overrides(theorem, quantity, registry, arrays)
    values: dict[str, np.ndarray] = {}
    for name, raw in arrays.items():
        if name not in INPUTS:
            raise InputError(f"unknown input {name!r}; known: {', '.join(INPUTS)}")
        array = np.asarray(raw)
        if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
            raise InputError(f"{name}: expected numbers, got an array of {array.dtype}")
        check_domain(name, array)
        values[name] = array
    shape = np.broadcast_shapes(*(v.shape for v in values.values())) if values else ()
    flat = {name: np.broadcast_to(v, shape).reshape(-1) for name, v in values.items()}
    size = math.prod(shape)
    result = np.empty(size)
    target = theorem.quantity(quantity)
    for start in range(0, max(size, 1), CACHE_CHUNK):  # chunks keep every temporary in cache
        chunk = {name: v[start : start + CACHE_CHUNK] for name, v in flat.items()}
        log10_value, _, _ = Resolver(chunk, registry, scalar=False, orders=orders).compute(theorem, target)
        result[start : start + CACHE_CHUNK] = log10_value
    return result.reshape(shape)


def _with_overrides(
    theorem: Theorem | str, quantity: str, registry: Registry | None, arrays: dict[str, object]
) -> tuple[Theorem, Registry]:
    """The theorem and registry, with the overrides among ``arrays`` (``exponents``, ``constant``,
    ``log_power``) taken out of it and applied to ``quantity``."""
    overrides: dict[str, Any] = {
        key: arrays.pop(key) for key in ("exponents", "constant", "log_power") if key in arrays
    }
    chosen, registry = resolve_theorem(theorem, registry)
    return (chosen.with_overrides(quantity, **overrides) if overrides else chosen), registry


def import_pandas() -> Any:
    """pandas, an optional extra: imported only when a data frame is asked for; without it an
    ``InputError`` says how to install it.

    >>> import_pandas().DataFrame({"n": [10]}).shape
    (1, 1)
    """
    try:
        import pandas
    except ImportError:
        raise InputError(
            "data frames need pandas, an optional extra: pip install 'boundcalc[frames]' (or pip install pandas)"
        ) from None
    return pandas


def evaluate_frame(
    theorem: Theorem | str,
    quantity: str,
    *,
    registry: Registry | None = None,
    orders: bool = False,
    **arrays: object,
) -> Any:
    """[`evaluate_many`][boundcalc.evaluate_many] as a pandas DataFrame: one row per point, the inputs, ``log10`` and ``value``.

    ``value`` is a float (``inf`` beyond float64, where ``log10`` still holds it); the frame's ``attrs``
    carry the theorem, quantity, status label and version. Needs pandas (``pip install 'boundcalc[frames]'``).

    Args:
        theorem: A key of the registry, or a Theorem.
        quantity: The quantity's name.
        registry: Where keys and derived inputs are looked up; the built-in catalogue by default.
        orders: Accepted for older callers; changes nothing (a result known only as an order is
            evaluated, what it leaves out set to 1).
        **arrays: The inputs by name, arrays or numbers (and the overrides, as for ``evaluate_many``).

    Returns:
        A pandas DataFrame, one row per point.

    Raises:
        InputError: As ``evaluate_many``; EnvironmentFailure where pandas is not installed.

    Examples:
        >>> frame = evaluate_frame("als19-gd", "width", n=[10, 100], L=2, delta=0.5, log_power=0)
        >>> frame[["n", "L", "log10"]].round(3).values.tolist()
        [[10.0, 2.0, 30.021], [100.0, 2.0, 54.021]]
        >>> frame.attrs["status"], frame.attrs["version"].startswith("arXiv:1811.03962")
        ('restated', True)
    """
    pandas = import_pandas()
    chosen, registry = _with_overrides(theorem, quantity, registry, arrays)
    log10 = evaluate_many(chosen, quantity, registry=registry, orders=orders, **arrays)
    target = chosen.quantity(quantity)
    columns: dict[str, Any] = {
        name: np.broadcast_to(np.asarray(raw), log10.shape).reshape(-1) for name, raw in arrays.items()
    }
    columns["log10"] = log10.reshape(-1)
    with np.errstate(over="ignore"):
        columns["value"] = np.power(10.0, columns["log10"])
    frame = pandas.DataFrame(columns)
    # the status needs every input's log10, defaults and derived ones included: resolve them once more
    resolver = Resolver({name: columns[name] for name in arrays}, registry, scalar=False, orders=orders)
    resolver.compute(chosen, target)
    frame.attrs.update(
        theorem=chosen.key,
        quantity=target.name,
        status=chosen.quantity_status(target, resolver.log10),
        version=chosen.version,
        source=chosen.source,
    )
    return frame
