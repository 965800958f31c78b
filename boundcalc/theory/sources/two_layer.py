"""Two-layer networks: Du, Zhai, Póczos, Singh (ICLR 2019); Arora, Du, Hu, Li, Wang (ICML 2019); Oymak,
Soltanolkotabi (2020); Song, Yang (2019); Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher (NeurIPS 2021)."""

from __future__ import annotations

from boundcalc.theory.bound import Bound, Theorem, factors
from boundcalc.theory.evidence import derived, restated, stated
from boundcalc.theory.sources.common import H_INFINITY, LAMBDA_POSITIVE, P_NOT_DELTA, UNIT_NORM, width_bound

SUBQUADRATIC = "Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher, NeurIPS 2021 (related work)"

DU_TWO_LAYER = Theorem(
    key="du19-2layer",
    title="GD on a wide two-layer ReLU network reaches zero loss at a linear rate",
    paper="Du, Zhai, Póczos, Singh",
    theorem="GD theorem",
    evidence=stated("their text: m = Ω(n^6/(λ0^4 δ^3)) with δ the failure probability, η = O(λ0/n²)"),
    version="ICLR 2019",
    source="Du, Zhai, Póczos, Singh, ICLR 2019, Gradient Descent Provably Optimizes Over-parameterized Neural Networks",
    setting="two layers, ReLU, first layer trained, output weights ±1 fixed, 1/√m scaling, squared loss, GD",
    architecture="2 layers, ReLU, output fixed, GD",
    data_assumption="λ0 = λ_min(H∞) > 0, ‖x_i‖ = 1",
    kernel=H_INFINITY,
    year=2019,
    quantities=(
        width_bound(factors(("n", 6), ("lambda0", -4), ("fail_prob", -3)), note=P_NOT_DELTA),
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
            evidence=restated("lecture notes quoting the theorem (not the authors' text)", "(1 − ηλ0/2)^k"),
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
            evidence=derived("rate", "(1 − ηλ0/2)^T · F(0) ≤ ε with η = λ0/n² and F(0) = O(n)"),
        ),
    ),
    assumptions=(UNIT_NORM, LAMBDA_POSITIVE),
    derived={"eta": (None, "step_size")},
)

ARORA = Theorem(
    key="arora19",
    title="fine-grained analysis: GD on a two-layer ReLU network with small initialisation",
    paper="Arora, Du, Hu, Li, Wang",
    theorem="Theorem 4.1",
    evidence=restated("research notes quoting Theorem 4.1 (not the authors' text)"),
    version="ICML 2019",
    source="Arora, Du, Hu, Li, Wang, ICML 2019, Fine-Grained Analysis of Optimization and Generalization",
    setting="two layers, ReLU, first layer trained from N(0, κ² I), output ±1 fixed, 1/√m scaling, squared loss, GD",
    architecture="2 layers, ReLU, init scale κ, GD",
    data_assumption="λ0 = λ_min(H∞) > 0, ‖x_i‖ = 1",
    kernel=H_INFINITY,
    year=2019,
    caveats="Its ε (ε_res here) is a residual or generalisation accuracy, not a training-loss target.",
    quantities=(
        Bound(
            "init_scale",
            "κ",
            r"\kappa",
            "initialisation scale",
            "≤",
            "O",
            factors(("eps_res", 1), ("fail_prob", 1), ("n", "-1/2")),
        ),
        width_bound(
            factors(("n", 7), ("lambda0", -4), ("kappa", -2), ("fail_prob", -4), ("eps_res", -2)), note=P_NOT_DELTA
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
    evidence=stated(
        "abstract", "square-root of the number of network parameters exceeds the size of the training data"
    ),
    version="IEEE JSAIT 2020",
    source="Oymak, Soltanolkotabi, IEEE JSAIT 2020, Toward Moderate Overparameterization",
    setting="one hidden layer, smooth activation, input layer trained, GD, squared loss",
    architecture="1 hidden layer, GD",
    data_assumption="well-spread inputs",
    year=2020,
    quantities=(width_bound(factors(("n", 2), ("d_in", -1)), note="√(m·d_in) ≳ n, i.e. m ≳ n²/d_in"),),
)

SONG_YANG = Theorem(
    key="songyang19",
    title="quadratic width suffices for two-layer ReLU networks (matrix Chernoff bound)",
    paper="Song, Yang",
    theorem="main theorem",
    evidence=restated(SUBQUADRATIC, "Ω̃(n²)"),
    version="arXiv:1906.03593 (2019)",
    source="Song, Yang, arXiv:1906.03593, Quadratic Suffices for Over-parametrization via Matrix Chernoff Bound",
    setting="two layers, ReLU, first layer trained, squared loss, GD",
    architecture="2 layers, ReLU, GD",
    data_assumption="λ0 = λ_min(H∞) > 0",
    kernel=H_INFINITY,
    year=2019,
    quantities=(
        width_bound(
            factors(("n", 2)),
            order="Ω̃",
            order_only="the λ0 dependence and the polylog, which the restatement read does not give",
        ),
    ),
)

SONG_SUBQUADRATIC = Theorem(
    key="song21",
    title="subquadratic over-parameterization: Ω̃(n^{3/2}) parameters for shallow networks",
    paper="Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher",
    theorem="main theorem",
    evidence=stated("their own text", "Ω̃(n^{3/2}) parameters"),
    version="NeurIPS 2021",
    source="Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher, NeurIPS 2021, Subquadratic Overparameterization "
    "for Shallow Neural Networks",
    setting="two layers, smooth activation, both layers trained, GD",
    architecture="2 layers, smooth activation, both layers",
    data_assumption="see the paper",
    year=2021,
    quantities=(
        Bound(
            "parameters",
            "P",
            "P",
            "trainable parameters the result needs",
            "≥",
            "Ω̃",
            factors(("n", "3/2")),
            order_only="the data-dependent factors and the polylog",
        ),
    ),
)

THEOREMS = (DU_TWO_LAYER, ARORA, OYMAK, SONG_YANG, SONG_SUBQUADRATIC)
