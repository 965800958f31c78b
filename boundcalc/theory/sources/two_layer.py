"""Two-layer networks: Du, Zhai, Póczos, Singh (ICLR 2019); Arora, Du, Hu, Li, Wang (ICML 2019); Oymak,
Soltanolkotabi (2020)."""

from __future__ import annotations

from boundcalc.theory.bound import Bound, Theorem, factors
from boundcalc.theory.sources.common import H_INFINITY, LAMBDA_POSITIVE, P_NOT_DELTA, UNIT_NORM, width_bound

DU_TWO_LAYER = Theorem(
    key="du19-2layer",
    title="GD on a wide two-layer ReLU network reaches zero loss at a linear rate",
    paper="Du, Zhai, Póczos, Singh",
    theorem="GD theorem",
    status="stated",
    status_note="stated, read through the restatement in Arora et al. 2019",
    source="Du, Zhai, Póczos, Singh, ICLR 2019, Gradient Descent Provably Optimizes Over-parameterized Neural Networks",
    setting="two layers, ReLU, first layer trained, output weights ±1 fixed, 1/√m scaling, squared loss, GD",
    architecture="2 layers, ReLU, output fixed, GD",
    data_assumption="λ0 = λ_min(H∞) > 0, ‖x_i‖ = 1",
    kernel=H_INFINITY,
    year=2019,
    quantities=(
        width_bound(factors(("n", 6), ("lambda0", -4), ("fail_prob", -3)), note=P_NOT_DELTA),
        width_bound(
            factors(("n", 6), ("lambda0", -4), ("kappa", -2), ("fail_prob", -3)),
            name="width_kappa",
            meaning="width with initialisation N(0, κ²)",
            note=P_NOT_DELTA,
        ),
        Bound("step_size", "η", r"\eta", "largest step size covered", "≤", "O", factors(("lambda0", 1), ("n", -2))),
        Bound(
            "rate",
            "ρ",
            r"\rho",
            "per-step decrease: F(t+1) ≤ (1 − ρ) F(t)",
            "=",
            "Θ",
            factors(("eta", 1), ("lambda0", 1)),
            constant="1/2",
        ),
        Bound(
            "iterations",
            "T",
            "T",
            "iterations until F ≤ ε",
            "=",
            "O",
            factors(("n", 2), ("lambda0", -2), ("log_n_eps", 1)),
            constant=2,
            note="derived here from the rate with η = λ0/n² and F(0) = O(n): (1 − ηλ0/2)^T n ≤ ε",
        ),
    ),
    assumptions=(UNIT_NORM, LAMBDA_POSITIVE),
    derived={"eta": (None, "step_size")},
)

ARORA = Theorem(
    key="arora19",
    title="fine-grained analysis: GD on a two-layer ReLU network with small initialisation",
    paper="Arora, Du, Hu, Li, Wang",
    theorem="convergence theorem",
    status="stated",
    status_note="stated",
    source="Arora, Du, Hu, Li, Wang, ICML 2019, Fine-Grained Analysis of Optimization and Generalization",
    setting="two layers, ReLU, first layer trained from N(0, κ² I), output ±1 fixed, 1/√m scaling, squared loss, GD",
    architecture="2 layers, ReLU, init scale κ, GD",
    data_assumption="λ0 = λ_min(H∞) > 0, ‖x_i‖ = 1",
    kernel=H_INFINITY,
    year=2019,
    quantities=(
        Bound(
            "init_scale",
            "κ",
            r"\kappa",
            "initialisation scale",
            "≤",
            "O",
            factors(("eps", 1), ("fail_prob", 1), ("n", "-1/2")),
        ),
        width_bound(
            factors(("n", 7), ("lambda0", -4), ("kappa", -2), ("fail_prob", -4), ("eps", -2)), note=P_NOT_DELTA
        ),
        Bound("step_size", "η", r"\eta", "largest step size covered", "≤", "O", factors(("lambda0", 1), ("n", -2))),
    ),
    assumptions=(UNIT_NORM, LAMBDA_POSITIVE),
    derived={"kappa": (None, "init_scale")},
)

OYMAK = Theorem(
    key="oymak20",
    title="moderate over-parameterization: √(#parameters) ≳ n suffices for one hidden layer",
    paper="Oymak, Soltanolkotabi",
    theorem="main theorem",
    status="restated",
    status_note="restated from the abstract",
    source="Oymak, Soltanolkotabi, IEEE JSAIT 2020, Toward Moderate Overparameterization",
    setting="one hidden layer, smooth activation, GD, squared loss",
    architecture="1 hidden layer, GD",
    data_assumption="well-spread inputs",
    year=2020,
    quantities=(width_bound(factors(("n", 2), ("d_in", -1)), note="√(m·d_in) ≳ n, i.e. m ≳ n²/d_in"),),
)

THEOREMS = (DU_TWO_LAYER, ARORA, OYMAK)
