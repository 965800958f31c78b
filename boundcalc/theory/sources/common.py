"""Helpers and phrases shared by the data modules of ``sources/``."""

from __future__ import annotations

from boundcalc.theory.bound import Assumption, Bound, Factor, FractionLike

H_INFINITY = "H∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j) / (2π): the two-layer ReLU kernel (Du et al. 2019)"
P_NOT_DELTA = "p is the failure probability, not the separation δ"


def width_bound(
    factors: tuple[Factor, ...],
    order: str = "Ω",
    note: str = "",
    log_power: FractionLike = 0,
    status: str | None = None,
    name: str = "width",
    meaning: str = "width the result needs",
) -> Bound:
    return Bound(
        name, "m", "m", meaning, "≥", order, factors, log_power=log_power, solve_for_m=True, note=note, status=status
    )


UNIT_NORM = Assumption("‖x_i‖ = 1")
LAMBDA_POSITIVE = Assumption("λ0 > 0 (no two inputs parallel)", ("lambda0",))
