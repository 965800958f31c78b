"""Helpers and phrases shared by the data modules of ``sources/``."""

from __future__ import annotations

from typing import Any

from boundcalc.theory.bound import Assumption, Bound, Factor, FractionLike

H_INFINITY = "H∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j) / (2π): the two-layer ReLU kernel (Du et al. 2019)"
P_NOT_DELTA = "p is the failure probability, not the separation δ"
DATA_FACTORS_LEFT_OUT = "the data-dependent factors (λ0 of the kernel, say), which the source leaves out"


def width_bound(
    factors: tuple[Factor, ...],
    order: str = "Ω",
    note: str = "",
    log_power: FractionLike = 0,
    name: str = "width",
    meaning: str = "width the result needs",
    **more: Any,
) -> Bound:
    """A width ``m ≥ …``, solved for its own log m factor; ``more`` goes to :class:`Bound` as it is."""
    return Bound(name, "m", "m", meaning, "≥", order, factors, log_power=log_power, solve_for_m=True, note=note, **more)


UNIT_NORM = Assumption("‖x_i‖ = 1")
LAMBDA_POSITIVE = Assumption("λ0 > 0 (no two inputs parallel)", ("lambda0",))
