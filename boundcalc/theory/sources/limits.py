"""Floors and existence results: what no NTK analysis can beat, and networks that exist (not found by GD)."""

from __future__ import annotations

from boundcalc.theory.bound import Theorem, factors
from boundcalc.theory.sources.common import width_bound

PARAMETER_FLOOR = Theorem(
    key="floor-params",
    title="floor: the NTK Gram J Jᵀ (nd × nd) has full rank only if parameters ≥ n·d",
    paper="parameter counting",
    theorem="rank(J Jᵀ) ≤ #parameters",
    status="stated",
    status_note="elementary: with L·m² trainable weights, L m² ≥ n d",
    source="elementary linear algebra (rank of the Jacobian)",
    setting="Allen-Zhu–Li–Song's network, W_1..W_L trained (L m² parameters)",
    architecture="any GD analysis through the NTK",
    data_assumption="none",
    year=0,
    kind="floor",
    quantities=(width_bound(factors(("n", "1/2"), ("d", "1/2"), ("L", "-1/2")), order="Ω", note="m ≥ √(n d / L)"),),
)

BAUM = Theorem(
    key="baum88",
    title="existence: ⌈n/d_in⌉ threshold units memorise n points in general position",
    paper="Baum",
    theorem="memorisation",
    status="recalled",
    status_note="recalled; an existence result, not a GD guarantee",
    source="Baum, Journal of Complexity 1988, On the capabilities of multilayer perceptrons",
    setting="one hidden layer of threshold units",
    architecture="1 hidden layer, threshold units",
    data_assumption="points in general position",
    year=1988,
    kind="existence",
    quantities=(
        width_bound(factors(("n", 1), ("d_in", -1)), order="Θ", note="⌈n/d_in⌉ units suffice (a construction)"),
    ),
)

YUN = Theorem(
    key="yun19",
    title="existence: three-layer ReLU networks of width Θ(√n) memorise n points",
    paper="Yun, Sra, Jadbabaie",
    theorem="memorisation",
    status="recalled",
    status_note="recalled; an existence result, not a GD guarantee",
    source="Yun, Sra, Jadbabaie, NeurIPS 2019, Small ReLU networks are powerful memorizers",
    setting="three-layer ReLU network",
    architecture="2 hidden layers, ReLU",
    data_assumption="distinct inputs",
    year=2019,
    kind="existence",
    quantities=(width_bound(factors(("n", "1/2")), order="Θ", note="a construction, not gradient descent"),),
)

THEOREMS = (PARAMETER_FLOOR, BAUM, YUN)
