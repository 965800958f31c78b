"""Deep networks beside Allen-Zhu–Li–Song: Du, Lee, Li, Wang, Zhai (ICML 2019); Zou, Gu (NeurIPS 2019);
Nguyen (2021); Banerjee et al. (2023)."""

from __future__ import annotations

from boundcalc.theory.bound import Assumption, Bound, Theorem, factors
from boundcalc.theory.sources.common import width_bound

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
        width_bound(
            factors(("exp2_L", 1), ("n", 4), ("lambda0", -4)),
            note="2^{O(H)}: the exponent c of 2^(cL) is the hidden constant (default 1)",
        ),
        Bound(
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
        width_bound(
            factors(("n", 8), ("L", 12), ("delta", 0)),
            order="Ω̃",
            note="δ's exponent is a placeholder 0 and Ω̃'s log power 0: override both (--exp delta=…)",
        ),
    ),
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
        width_bound(factors(("n", 1)), meaning="width of the last hidden layer", note="with a suitable initialisation"),
        width_bound(
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
        width_bound(
            factors(("n", 1), ("log_n", 1), ("log_Ln_p", 1)),
            note="λ_min of the NTK at initialisation > 0, the first step of a convergence proof, not one by itself",
        ),
    ),
)

THEOREMS = (DU_DEEP, ZOU_GU, NGUYEN, BANERJEE)
