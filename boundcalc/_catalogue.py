"""Related results beside Allen-Zhu–Li–Song: other convergence guarantees, floors and existence results.

Each entry follows ../shared/LITERATURE.md, with its status label; where a source leaves an
exponent open, it is a placeholder (0 or a widely quoted value) marked in the note and the factor
status, so a user can override it. Symbols: λ0 of the kernel each entry names (they differ!),
p the failure probability (never the separation δ), γ a margin, κ an initialisation scale.
"""

from __future__ import annotations

from ._theorem import Assumption, Quantity, Theorem, factors

H_INFINITY = "H∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j) / (2π): the two-layer ReLU kernel (Du et al. 2019)"
P_NOT_DELTA = "p is the failure probability, not the separation δ"


def _width(factors, order="Ω", note="", log_power=0, status=None, name="width", meaning="width the result needs"):
    return Quantity(
        name, "m", "m", meaning, "≥", order, factors, log_power=log_power, solve_for_m=True, note=note, status=status
    )


_UNIT = Assumption("‖x_i‖ = 1")
_LAMBDA = Assumption("λ0 > 0 (no two inputs parallel)", ("lambda0",))

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
        _width(factors(("n", 6), ("lambda0", -4), ("fail_prob", -3)), note=P_NOT_DELTA),
        _width(
            factors(("n", 6), ("lambda0", -4), ("kappa", -2), ("fail_prob", -3)),
            name="width_kappa",
            meaning="width with initialisation N(0, κ²)",
            note=P_NOT_DELTA,
        ),
        Quantity("step_size", "η", r"\eta", "largest step size covered", "≤", "O", factors(("lambda0", 1), ("n", -2))),
        Quantity(
            "rate",
            "ρ",
            r"\rho",
            "per-step decrease: F(t+1) ≤ (1 − ρ) F(t)",
            "=",
            "Θ",
            factors(("eta", 1), ("lambda0", 1)),
            constant="1/2",
        ),
        Quantity(
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
    assumptions=(_UNIT, _LAMBDA),
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
        Quantity(
            "init_scale",
            "κ",
            r"\kappa",
            "initialisation scale",
            "≤",
            "O",
            factors(("eps", 1), ("fail_prob", 1), ("n", "-1/2")),
        ),
        _width(factors(("n", 7), ("lambda0", -4), ("kappa", -2), ("fail_prob", -4), ("eps", -2)), note=P_NOT_DELTA),
        Quantity("step_size", "η", r"\eta", "largest step size covered", "≤", "O", factors(("lambda0", 1), ("n", -2))),
    ),
    assumptions=(_UNIT, _LAMBDA),
    derived={"kappa": (None, "init_scale")},
)

DU_DEEP = Theorem(
    key="du19-deep",
    title="GD finds global minima of deep networks with smooth activations",
    paper="Du, Lee, Li, Wang, Zhai",
    theorem="deep MLP theorem",
    status="restated",
    status_note="restated from lecture slides; lower-order terms of the width omitted",
    source="Du, Lee, Li, Wang, Zhai, ICML 2019, Gradient Descent Finds Global Minima of Deep Neural Networks",
    setting="deep fully connected network of H layers (H = L here), smooth activation, all layers trained, squared loss, GD",
    architecture="deep MLP, smooth activation, GD",
    data_assumption="λ0 = λ_min(K^(H)) > 0",
    kernel="K^(H): the Gram matrix of the depth-H network's kernel (not H∞)",
    year=2019,
    quantities=(
        _width(
            factors(("exp2_L", 1), ("n", 4), ("lambda0", -4)),
            note="2^{O(H)}: the exponent c of 2^(cL) is the hidden constant (default 1)",
        ),
        Quantity(
            "step_size",
            "η",
            r"\eta",
            "largest step size covered",
            "≤",
            "O",
            factors(("lambda0", 1), ("n", -2), ("exp2_L", -1)),
        ),
    ),
    assumptions=(Assumption("λ0 > 0 for the kernel K^(H)", ("lambda0",)),),
)

ZOU_GU = Theorem(
    key="zou19",
    title="an improved analysis of training over-parameterized deep ReLU networks",
    paper="Zou, Gu",
    theorem="GD theorem",
    status="restated",
    status_note="restated, partially: the dependence on the separation φ (δ here) is not known here",
    source="Zou, Gu, NeurIPS 2019, An Improved Analysis of Training Over-parameterized Deep Neural Networks",
    setting="deep ReLU network, GD, squared loss, inputs separated by φ",
    architecture="deep ReLU, GD",
    data_assumption="separation φ (written δ here)",
    year=2019,
    quantities=(
        _width(
            factors(("n", 8), ("L", 12), ("delta", 0)),
            order="Ω̃",
            note="δ's exponent is a placeholder 0 and Ω̃'s log power 0: override both (--exp delta=…)",
        ),
    ),
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
    quantities=(_width(factors(("n", 2), ("d_in", -1)), note="√(m·d_in) ≳ n, i.e. m ≳ n²/d_in"),),
)

NGUYEN = Theorem(
    key="nguyen21",
    title="GD on deep ReLU networks with a linearly wide last hidden layer",
    paper="Nguyen",
    theorem="main theorems",
    status="stated",
    status_note="stated",
    source="Nguyen, ICML 2021, On the Proof of Global Convergence of Gradient Descent for Deep ReLU Networks",
    setting="deep ReLU network, all layers trained, conditions at initialisation, squared loss, GD",
    architecture="deep ReLU, all layers, GD",
    data_assumption="conditions at initialisation (λ* > 0)",
    kernel="λ*: smallest eigenvalue of a Gram matrix at initialisation (not H∞)",
    year=2021,
    quantities=(
        _width(factors(("n", 1)), meaning="width of the last hidden layer", note="with a suitable initialisation"),
        _width(
            factors(("n", 2), ("lambda0", -2)),
            name="width_2layer",
            meaning="width of a two-layer network with LeCun initialisation",
            note="λ0 here is Nguyen's λ*",
        ),
    ),
)

BANERJEE = Theorem(
    key="banerjee23",
    title="the NTK of smooth deep networks is positive definite at initialisation",
    paper="Banerjee, Cisneros-Velarde, Zhu, Belkin",
    theorem="NTK at initialisation",
    status="stated",
    status_note="stated (draft version)",
    source="Banerjee et al., UAI 2023, Neural Tangent Kernel at Initialization: Linear Width Suffices",
    setting="deep network, smooth activations",
    architecture="deep, smooth activation",
    data_assumption="λ1 > 0 of the limiting kernel",
    year=2023,
    kind="condition",
    quantities=(
        _width(
            factors(("n", 1), ("log_n", 1), ("log_Ln_p", 1)),
            note="λ_min of the NTK at initialisation > 0, the first step of a convergence proof, not one by itself",
        ),
    ),
)

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
        _width(
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
        _width(
            factors(("log_n_eps", 1), ("L", 0), recalled=["log_n_eps"]),
            note="the polylog's power is a placeholder 1 and the depth's exponent 0; the margin enters the source too",
        ),
    ),
)

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
    quantities=(_width(factors(("n", "1/2"), ("d", "1/2"), ("L", "-1/2")), order="Ω", note="m ≥ √(n d / L)"),),
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
    quantities=(_width(factors(("n", 1), ("d_in", -1)), order="Θ", note="⌈n/d_in⌉ units suffice (a construction)"),),
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
    quantities=(_width(factors(("n", "1/2")), order="Θ", note="a construction, not gradient descent"),),
)

CATALOGUE = (
    DU_TWO_LAYER,
    ARORA,
    DU_DEEP,
    ZOU_GU,
    OYMAK,
    NGUYEN,
    BANERJEE,
    JI_TELGARSKY,
    CHEN,
    PARAMETER_FLOOR,
    BAUM,
    YUN,
)
