"""Logistic loss and margins: Ji, Telgarsky (ICLR 2020); Chen, Cao, Zou, Gu (ICLR 2021); Li, Lei, Guo, Ying
(NeurIPS 2025). Their ε is a test error (ε_test here), not a training-loss target."""

from __future__ import annotations

from boundcalc.theory.bound import Theorem, factors
from boundcalc.theory.evidence import restated, stated
from boundcalc.theory.sources.common import P_NOT_DELTA, width_bound
from boundcalc.theory.sources.deep import LI_TABLE

TEST_ERROR = "Its ε (ε_test here) is a test error, not a training-loss target."

JI_TELGARSKY = Theorem(
    key="ji20",
    title="polylogarithmic width suffices for GD on shallow ReLU networks (logistic loss)",
    paper="Ji, Telgarsky",
    theorem="main theorem",
    evidence=restated(LI_TABLE, "Table 1: width Ω̃(1/γ^8)"),
    version="ICLR 2020",
    source="Ji, Telgarsky, ICLR 2020, Polylogarithmic Width Suffices for Gradient Descent",
    setting="two layers, ReLU, logistic loss, GD",
    architecture="2 layers, ReLU, logistic loss",
    data_assumption="NTK margin γ > 0",
    year=2020,
    caveats=TEST_ERROR,
    quantities=(
        width_bound(
            factors(("margin", -8), ("log_n_epstest_p", 0), unknown=["log_n_epstest_p"]),
            order="Ω̃",
            note="the abstract says polylog(n, 1/ε, 1/p) without the power; " + P_NOT_DELTA,
        ),
    ),
)

CHEN = Theorem(
    key="chen21",
    title="how much over-parameterization suffices for deep ReLU networks (margin)",
    paper="Chen, Cao, Zou, Gu",
    theorem="main theorem",
    evidence=restated(LI_TABLE, "Table 1: width Ω̃(L^22/γ^8)"),
    version="ICLR 2021",
    source="Chen, Cao, Zou, Gu, ICLR 2021, How Much Over-parameterization Is Sufficient to Learn Deep ReLU Networks?",
    setting="deep ReLU network, logistic loss, GD",
    architecture="deep ReLU, logistic loss",
    data_assumption="NTK margin γ > 0",
    year=2021,
    caveats=TEST_ERROR,
    quantities=(
        width_bound(
            factors(("L", 22), ("margin", -8), ("log_n_epstest", 0), unknown=["log_n_epstest"]),
            order="Ω̃",
            note="the abstract says polylogarithmic in n and 1/ε without the power",
        ),
    ),
)

LI = Theorem(
    key="li25",
    title="optimal generalisation rates of GD for deep ReLU classification",
    paper="Li, Lei, Guo, Ying",
    theorem="width condition",
    evidence=stated("their own Table 1", "m = Õ(L^16 log(n/δ) (log n)^8 / γ^8), δ the failure probability"),
    version="NeurIPS 2025 (arXiv:2510.02779)",
    source="Li, Lei, Guo, Ying, NeurIPS 2025, Optimal Rates for Generalization of Gradient Descent for Deep ReLU "
    "Classification",
    setting="deep ReLU network, logistic loss, GD",
    architecture="deep ReLU, logistic loss",
    data_assumption="NTK margin γ > 0",
    year=2025,
    quantities=(
        width_bound(
            factors(("L", 16), ("margin", -8), ("log_n_p", 1), ("log_n", 8)),
            order="Ω̃",
            note="the table's Ω̃(L^16/γ^8) with the logarithms it writes out; " + P_NOT_DELTA,
        ),
    ),
)

THEOREMS = (JI_TELGARSKY, CHEN, LI)
