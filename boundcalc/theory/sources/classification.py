"""Logistic loss and margins: Ji, Telgarsky (ICLR 2020); Chen, Cao, Zou, Gu (ICLR 2021)."""

from __future__ import annotations

from boundcalc.theory.bound import Theorem, factors
from boundcalc.theory.sources.common import width_bound

JI_TELGARSKY = Theorem(
    key="ji20",
    title="polylogarithmic width suffices for GD on shallow ReLU networks (logistic loss)",
    paper="Ji, Telgarsky",
    theorem="main theorem",
    status="restated",
    status_note="restated from the abstract: width polylog(n, 1/ε, 1/p); the powers are recalled",
    source="Ji, Telgarsky, ICLR 2020, Polylogarithmic Width Suffices for Gradient Descent",
    setting="two layers, ReLU, logistic loss, GD",
    architecture="2 layers, ReLU, logistic loss",
    data_assumption="NTK margin γ > 0",
    year=2020,
    quantities=(
        width_bound(
            factors(("margin", -8), ("log_n_eps_p", 2), recalled=["margin", "log_n_eps_p"]),
            note="γ^−8 and the square of the log are recalled, not read",
        ),
    ),
)

CHEN = Theorem(
    key="chen21",
    title="polylogarithmic width suffices for deep ReLU networks (margin)",
    paper="Chen, Cao, Zou, Gu",
    theorem="main theorem",
    status="restated",
    status_note="restated from the abstract: width polylog(n, 1/ε)",
    source="Chen, Cao, Zou, Gu, ICLR 2021, How Much Over-parameterization Is Sufficient to Learn Deep ReLU Networks?",
    setting="deep ReLU network, logistic loss, GD",
    architecture="deep ReLU, logistic loss",
    data_assumption="margin γ > 0",
    year=2021,
    quantities=(
        width_bound(
            factors(("log_n_eps", 1), ("L", 0), recalled=["log_n_eps"]),
            note="the polylog's power is a placeholder 1 and the depth's exponent 0; the margin enters the source too",
        ),
    ),
)

THEOREMS = (JI_TELGARSKY, CHEN)
