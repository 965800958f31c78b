"""Allen-Zhu, Li, Song (ICML 2019): Theorems 1–4 of "A Convergence Theory for Deep Learning via
Over-Parameterization".

Every exponent, status label and source below follows ../shared/LITERATURE.md; change one
only with a source in hand, and keep its status honest.
"""

from __future__ import annotations

from boundcalc.theory.bound import Assumption, Bound, Theorem, factors
from boundcalc.theory.evidence import recalled, restated
from boundcalc.theory.sources.common import DATA_FACTORS_LEFT_OUT, width_bound

ALS19_PAPER = "Allen-Zhu, Li, Song"
ALS19_SOURCE = "Allen-Zhu, Li, Song, ICML 2019, PMLR 97:242–252; full version arXiv:1811.03962"
BASRI = "Basri et al. 2020"
BASRI_TEXT = "Basri, Galun, Geifman, Jacobs, Kasten, Kritchman, ICML 2020 (arXiv:2003.04560)"
FULL_VERSION = "arXiv:1811.03962 v5 (June 2019), the full version; the ICML text states only poly(n, L, δ⁻¹)"
ALS19_SETTING = (
    "L hidden ReLU layers of width m; A, W_ℓ ~ N(0, 2/m), B ~ N(0, 1/d); only W_1..W_L are trained; "
    "loss F(W) = Σ_i ½‖B h_{i,L} − y_i‖²"
)
CAVEATS = (
    "The polynomial was never optimised, so the bound is enormous; how tight it is remains open; "
    "the result says nothing about generalisation (the authors' separate three-layer result, "
    "arXiv:1811.04918, does)."
)


def _data_assumptions(key_needs_eps: bool = True) -> tuple[Assumption, ...]:
    assumptions = [
        Assumption("‖x_i‖ = 1 with last coordinate 1/√2, and ‖x_i − x_j‖ ≥ δ for i ≠ j"),
        Assumption("labels of size O(1)"),
        Assumption(
            "δ ≤ O(1/L) (checked with constant 1)",
            ("delta", "L"),
            lambda log10_delta, log10_L: log10_delta + log10_L <= 1e-12,
            "warning",
        ),
    ]
    if key_needs_eps:
        assumptions.append(
            Assumption(
                "ε ∈ (0, 1) (the paper allows ε = 1, where log(1/ε) = 0 says nothing)",
                ("eps",),
                lambda log10_eps: log10_eps < 0,
            )
        )
    return tuple(assumptions)


_D_RECALLED = (
    f"{BASRI} restate the scalar-output case d = 1; the factor d is recalled from the full version, "
    "whose ICML text states only poly(n, L, δ^−1)·d"
)
# the factor d (or its power) wherever Basri et al.'s scalar restatement is the only text read
D_RECALLED = {"d": recalled("the full version's factor d; the restatement read has d = 1")}
_TAU = recalled("Basri et al.'s output scale τ with τ² = 1/d (B ~ N(0, 1/d)): inferred, not read")

ALS19_GD = Theorem(
    key="als19-gd",
    kind="guarantee",
    architecture="deep ReLU, W_1..W_L trained, squared loss, GD",
    data_assumption="δ-separation: ‖x_i − x_j‖ ≥ δ, ‖x_i‖ = 1",
    title="gradient descent finds a global minimum",
    paper=ALS19_PAPER,
    caveats=CAVEATS,
    theorem="Theorem 1",
    evidence=restated(BASRI_TEXT, "Appendix D, Theorem 5 and Lemma 4 (scalar output d = 1)"),
    version=FULL_VERSION,
    source=ALS19_SOURCE + ", Theorem 1",
    setting=ALS19_SETTING + "; full-batch gradient descent",
    year=2019,
    quantities=(
        Bound(
            "width",
            "m",
            "m",
            "width every hidden layer needs",
            "≥",
            "Ω",
            factors(("n", 24), ("L", 12), ("d", 1), ("delta", -8), evidence=D_RECALLED),
            log_power=5,
            solve_for_m=True,
            note=_D_RECALLED + f"; {BASRI} write the polylog as log^5 m",
        ),
        Bound(
            "step_size",
            "η",
            r"\eta",
            "step size of gradient descent",
            "=",
            "Θ",
            factors(("d", 1), ("delta", 1), ("n", -4), ("L", -2), ("m", -1), evidence=D_RECALLED),
            note=_D_RECALLED,
        ),
        Bound(
            "iterations",
            "T",
            "T",
            "iterations until F ≤ ε",
            "=",
            "Θ",
            factors(("n", 6), ("L", 2), ("delta", -2), ("log_inv_eps", 1)),
        ),
        Bound(
            "rate",
            "ρ",
            r"\rho",
            "per-step decrease: F(W⁽ᵗ⁺¹⁾) ≤ (1 − ρ) F(W⁽ᵗ⁾)",
            "≥",
            "Ω",
            factors(("eta", 1), ("delta", 1), ("m", 1), ("d", -1), ("n", -2), evidence={"d": _TAU}),
            note=f"{BASRI}, Lemma 4: (1 − Ω(τ² η δ m / n²))^t; the factor 1/d is their τ² = 1/d",
        ),
        Bound(
            "distance",
            "‖W⁽ᵗ⁾ − W⁽⁰⁾‖_F",
            r"\|W^{(t)} - W^{(0)}\|_F",
            "distance moved from initialisation",
            "≤",
            "O",
            factors(("n", 3), ("delta", -1), ("m", "-1/2"), ("d", "1/2"), evidence={"d": _TAU}),
            log_power=1,
            note=f"{BASRI}, Lemma 4: O(n³ log m / (δ τ √m)); with τ² = 1/d it grows like √d",
        ),
    ),
    assumptions=_data_assumptions()
    + (Assumption("holds with probability ≥ 1 − exp(−Ω(log² m)) over the initialisation"),),
    derived={"m": (None, "width"), "eta": (None, "step_size")},
)

ALS19_GD_V1 = Theorem(
    key="als19-gd-v1",
    kind="guarantee",
    architecture="deep ReLU (fully connected), GD; first arXiv version",
    data_assumption="δ-separation: ‖x_i − x_j‖ ≥ δ, ‖x_i‖ = 1",
    title="gradient descent finds a global minimum (exponents of the first arXiv version)",
    paper=ALS19_PAPER,
    caveats=CAVEATS + " The first version's exponents were later improved: prefer als19-gd.",
    theorem="Theorem 1 (first version)",
    evidence=restated(
        "Du, Lee, Li, Wang, Zhai, ICML 2019", "related-work section: fully connected networks, m ≳ n^30 H^30 log²(1/ε)"
    ),
    version="arXiv:1811.03962 v1 (November 2018), as quoted by Du et al. 2019",
    source="Allen-Zhu, Li, Song, arXiv:1811.03962, first version, Theorem 1",
    setting=ALS19_SETTING + "; full-batch gradient descent",
    year=2018,
    quantities=(
        width_bound(
            factors(("n", 30), ("L", 30), ("log_inv_eps", 2)),
            order="Ω",
            meaning="width every hidden layer needs",
            note="Du et al. write m ≳ n^30 H^30 log²(1/ε) with H = L; the same width for ResNets",
            order_only=DATA_FACTORS_LEFT_OUT,
        ),
        Bound(
            "iterations",
            "T",
            "T",
            "iterations after which F ≤ ε",
            "≥",
            "Ω",
            factors(("n", 6), ("L", 2), ("log_inv_eps", 1)),
            note="Du et al. write T ≳ n^6 H^2 log(1/ε)",
            order_only=DATA_FACTORS_LEFT_OUT,
        ),
    ),
    assumptions=_data_assumptions(),
)

ALS19_SGD = Theorem(
    key="als19-sgd",
    kind="guarantee",
    architecture="deep ReLU, W_1..W_L trained, squared loss, SGD",
    data_assumption="δ-separation: ‖x_i − x_j‖ ≥ δ, ‖x_i‖ = 1",
    title="stochastic gradient descent finds a global minimum",
    paper=ALS19_PAPER,
    caveats=CAVEATS,
    theorem="Theorem 2",
    evidence=recalled("no text of Theorem 2 was read; every exponent is a default to override"),
    version=FULL_VERSION,
    source=ALS19_SOURCE + ", Theorem 2",
    setting=ALS19_SETTING + "; SGD with mini-batches of size b",
    year=2019,
    quantities=(
        Bound(
            "width",
            "m",
            "m",
            "width every hidden layer needs",
            "≥",
            "Ω̃",
            factors(("n", 24), ("L", 12), ("b", 1), ("delta", -8)),
            log_power=5,
            solve_for_m=True,
            note="Ω̃ hides a polylog(m); its power 5 is borrowed from Theorem 1",
        ),
        Bound(
            "step_size",
            "η",
            r"\eta",
            "step size of SGD",
            "=",
            "Θ",
            factors(("b", 1), ("delta", 1), ("d", 1), ("n", -5), ("L", -2), ("m", -1)),
            log_power=-2,
        ),
        Bound(
            "iterations",
            "T",
            "T",
            "iterations until F ≤ ε",
            "=",
            "Θ",
            factors(("n", 7), ("L", 2), ("b", -1), ("delta", -2), ("log_n_eps", 1)),
            log_power=2,
        ),
    ),
    assumptions=_data_assumptions()
    + (Assumption("batch size b ≤ n", ("b", "n"), lambda log10_b, log10_n: log10_b <= log10_n),),
    derived={"m": (None, "width")},
)

ALS19_GRADIENT = Theorem(
    key="als19-grad",
    kind="lemma",
    architecture="deep ReLU, near initialisation",
    data_assumption="δ-separation: ‖x_i − x_j‖ ≥ δ, ‖x_i‖ = 1",
    title="gradient bounds near the random initialisation (no critical point unless F = 0)",
    paper=ALS19_PAPER,
    caveats=CAVEATS,
    theorem="Theorem 3",
    evidence=restated(BASRI_TEXT, "Appendix D, Lemma 9 (per layer, scalar output)"),
    version=FULL_VERSION,
    source=ALS19_SOURCE + ", Theorem 3",
    setting=ALS19_SETTING + "; any W with ‖W − W⁽⁰⁾‖₂ ≤ ω",
    year=2019,
    quantities=(
        Bound(
            "radius",
            "ω",
            r"\omega",
            "radius around W⁽⁰⁾ (spectral norm) where the bounds hold",
            "≤",
            "O",
            factors(("delta", "3/2"), ("n", "-9/2"), ("L", -6)),
            log_power=-3,
        ),
        Bound(
            "grad_upper",
            "‖∇F‖²_F / F",
            r"\|\nabla F\|_F^2 / F",
            "upper bound on ‖∇F(W)‖²_F / F(W)",
            "≤",
            "O",
            factors(("L", 1), ("n", 1), ("m", 1), ("d", -1), evidence={"d": _TAU}),
            note=f"{BASRI}, Lemma 9: O(τ² F n m) per layer; summed over the L layers",
        ),
        Bound(
            "grad_lower",
            "‖∇F‖²_F / F",
            r"\|\nabla F\|_F^2 / F",
            "lower bound on ‖∇F(W)‖²_F / F(W)",
            "≥",
            "Ω",
            factors(("delta", 1), ("m", 1), ("d", -1), ("n", -2)),
            evidence=recalled("found in no text read here; it is what the restated rate implies"),
        ),
    ),
    assumptions=_data_assumptions(key_needs_eps=False)
    + (Assumption("holds with probability ≥ 1 − exp(−Ω(m ω^{2/3} L))"),),
    derived={"m": ("als19-gd", "width")},
)

ALS19_SMOOTHNESS = Theorem(
    key="als19-smooth",
    kind="lemma",
    architecture="deep ReLU, near initialisation",
    data_assumption="δ-separation: ‖x_i − x_j‖ ≥ δ, ‖x_i‖ = 1",
    title="semi-smoothness of the loss near the random initialisation",
    paper=ALS19_PAPER,
    caveats=CAVEATS,
    theorem="Theorem 4",
    evidence=recalled(f"only a building block is restated ({BASRI}, Lemma 7): a default to override"),
    version=FULL_VERSION,
    source=ALS19_SOURCE + ", Theorem 4",
    setting=ALS19_SETTING
    + "; F(W̆ + W') ≤ F(W̆) + ⟨∇F(W̆), W'⟩ + c₁ √F(W̆) ‖W'‖₂ + c₂ ‖W'‖₂² for ‖W̆ − W⁽⁰⁾‖₂ ≤ ω, ‖W'‖₂ ≤ ω",
    year=2019,
    quantities=(
        Bound(
            "smooth_linear",
            "c₁",
            "c_1",
            "coefficient of √F(W̆)·‖W'‖₂",
            "≤",
            "O",
            factors(("L", 2), ("omega", "1/3"), ("m", "1/2"), ("n", "1/2"), ("d", "-1/2")),
            log_power="1/2",
        ),
        Bound(
            "smooth_quadratic",
            "c₂",
            "c_2",
            "coefficient of ‖W'‖₂²",
            "≤",
            "O",
            factors(("n", 1), ("L", 2), ("m", 1), ("d", -1)),
        ),
    ),
    assumptions=_data_assumptions(key_needs_eps=False),
    derived={"m": ("als19-gd", "width"), "omega": ("als19-grad", "radius")},
)

THEOREMS = (ALS19_GD, ALS19_GD_V1, ALS19_SGD, ALS19_GRADIENT, ALS19_SMOOTHNESS)
