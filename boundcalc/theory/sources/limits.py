"""Floors and existence results: what no NTK analysis can beat, and networks that exist (not found by GD)."""

from __future__ import annotations

from boundcalc.theory.bound import Bound, Theorem, factors
from boundcalc.theory.evidence import derived, recalled, restated, stated
from boundcalc.theory.sources.common import width_bound

PARAMETER_FLOOR = Theorem(
    key="floor-params",
    title="floor: the NTK Gram J Jᵀ (nd × nd) has full rank only if parameters ≥ n·d",
    paper="parameter counting",
    theorem="rank(J Jᵀ) ≤ #parameters",
    evidence=derived("als19-gd", "its setting trains L·m² weights, and rank(J Jᵀ) ≤ #parameters, so L m² ≥ n d"),
    version="elementary (no text)",
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
    evidence=restated("Bubeck, Eldan, Lee, Mikulincer, NeurIPS 2020", "⌈n/d⌉ threshold units"),
    version="Journal of Complexity 1988",
    source="Baum, Journal of Complexity 1988, On the capabilities of multilayer perceptrons",
    setting="one hidden layer of threshold units",
    architecture="1 hidden layer, threshold units",
    data_assumption="points in general position",
    year=1988,
    kind="existence",
    caveats="An existence result (a construction), not a gradient-descent guarantee.",
    quantities=(
        width_bound(factors(("n", 1), ("d_in", -1)), order="Θ", note="⌈n/d_in⌉ units suffice (a construction)"),
    ),
)

BUBECK = Theorem(
    key="bubeck20",
    title="existence: 4⌈n/d⌉ ReLU neurons memorise n points",
    paper="Bubeck, Eldan, Lee, Mikulincer",
    theorem="memorisation",
    evidence=stated("abstract", "4⌈n/d⌉ ReLU neurons"),
    version="NeurIPS 2020",
    source="Bubeck, Eldan, Lee, Mikulincer, NeurIPS 2020, Network size and weights size for memorization with "
    "two-layers neural networks",
    setting="one hidden layer of ReLU neurons",
    architecture="1 hidden layer, ReLU",
    data_assumption="points in general position",
    year=2020,
    kind="existence",
    caveats="An existence result (a construction), not a gradient-descent guarantee.",
    quantities=(
        width_bound(
            factors(("n", 1), ("d_in", -1)),
            order="Θ",
            constant=4,
            note="4⌈n/d_in⌉ neurons (evaluated without the ceiling)",
        ),
    ),
)

YUN = Theorem(
    key="yun19",
    title="existence: three-layer ReLU networks of width Θ(√n) memorise n points",
    paper="Yun, Sra, Jadbabaie",
    theorem="memorisation",
    evidence=stated("abstract", "width Θ(√N) is necessary and sufficient"),
    version="NeurIPS 2019",
    source="Yun, Sra, Jadbabaie, NeurIPS 2019, Small ReLU networks are powerful memorizers",
    setting="three-layer ReLU network",
    architecture="2 hidden layers, ReLU",
    data_assumption="distinct inputs",
    year=2019,
    kind="existence",
    caveats="An existence result (a construction), not a gradient-descent guarantee.",
    quantities=(
        width_bound(factors(("n", "1/2")), order="Θ", order_only="the constant of Θ(√n)", note="a construction"),
    ),
)

VARDI = Theorem(
    key="vardi22",
    title="existence: Õ(√n) parameters memorise n points",
    paper="Vardi, Yehudai, Shamir",
    theorem="memorisation",
    evidence=recalled("quoted among the existence results; no text of it was read"),
    version="ICLR 2022",
    source="Vardi, Yehudai, Shamir, ICLR 2022, On the Optimal Memorization Power of ReLU Neural Networks",
    setting="deep ReLU network",
    architecture="deep ReLU",
    data_assumption="separated inputs",
    year=2022,
    kind="existence",
    caveats="An existence result (a construction), not a gradient-descent guarantee.",
    quantities=(
        Bound(
            "parameters",
            "P",
            "P",
            "parameters of a network that memorises",
            "≥",
            "Õ",
            factors(("n", "1/2")),
            order_only="the polylog and the dependence on the separation",
        ),
    ),
)

THEOREMS = (PARAMETER_FLOOR, BAUM, BUBECK, YUN, VARDI)
