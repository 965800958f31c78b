"""Deep networks beside Allen-Zhu–Li–Song: Du, Lee, Li, Wang, Zhai (ICML 2019), MLP and ResNet; Zou, Gu
(NeurIPS 2019); Cao, Gu (NeurIPS 2019); Kawaguchi, Huang (2019); Nguyen, Mondelli (NeurIPS 2020);
Nguyen (ICML 2021); Banerjee et al. (UAI 2023)."""

from __future__ import annotations

from boundcalc.theory.bound import Assumption, Bound, Theorem, factors
from boundcalc.theory.evidence import recalled, restated, stated
from boundcalc.theory.sources.common import DATA_FACTORS_LEFT_OUT, width_bound
from boundcalc.theory.sources.two_layer import SUBQUADRATIC

DU_PAPER = "Du, Lee, Li, Wang, Zhai"
DU_SOURCE = "Du, Lee, Li, Wang, Zhai, ICML 2019, Gradient Descent Finds Global Minima of Deep Neural Networks"
K_H = "K^(H): the Gram matrix of the depth-H network's kernel (not H∞)"
LI_TABLE = "Li, Lei, Guo, Ying, NeurIPS 2025 (arXiv:2510.02779)"

DU_DEEP = Theorem(
    key="du19-deep",
    title="GD finds global minima of deep networks with smooth activations",
    paper=DU_PAPER,
    theorem="deep MLP theorem",
    evidence=stated("their own text", "m ≳ n^4 2^{O(H)}, T ≳ n^2 2^{O(H)} log(1/ε)"),
    version="ICML 2019",
    source=DU_SOURCE,
    setting="deep fully connected network of H layers (H = L here), smooth activation, all layers trained, squared loss, GD",
    architecture="deep MLP, smooth activation, GD",
    data_assumption="λ_H = λ_min(K^(H)) > 0",
    kernel=K_H,
    year=2019,
    quantities=(
        width_bound(
            factors(
                ("exp2_L", 1),
                ("n", 4),
                ("lambda_deep", -4),
                evidence={"lambda_deep": recalled("the text read leaves the data-dependent factors out")},
            ),
            note="2^{O(H)}: the exponent c of 2^(cL) is the hidden constant (default 1)",
        ),
        Bound(
            "iterations",
            "T",
            "T",
            "iterations after which F ≤ ε",
            "≥",
            "Ω",
            factors(("n", 2), ("exp2_L", 1), ("log_inv_eps", 1)),
            order_only=DATA_FACTORS_LEFT_OUT,
        ),
    ),
    assumptions=(Assumption("λ_H > 0 for the kernel K^(H)", ("lambda_deep",)),),
)

DU_RESNET = Theorem(
    key="du19-resnet",
    title="GD finds global minima of deep residual networks: width polynomial in the depth",
    paper=DU_PAPER,
    theorem="ResNet theorem",
    evidence=stated("their own text", "ResNet: m ≳ n^4 H^2, T ≳ n^2 log(1/ε)"),
    version="ICML 2019",
    source=DU_SOURCE,
    setting="deep residual network of H layers (H = L here), smooth activation, all layers trained, squared loss, GD",
    architecture="deep ResNet, smooth activation, GD",
    data_assumption="λ0 of the ResNet's kernel > 0",
    year=2019,
    quantities=(
        width_bound(factors(("n", 4), ("L", 2)), order_only=DATA_FACTORS_LEFT_OUT),
        Bound(
            "iterations",
            "T",
            "T",
            "iterations after which F ≤ ε",
            "≥",
            "Ω",
            factors(("n", 2), ("log_inv_eps", 1)),
            order_only=DATA_FACTORS_LEFT_OUT,
        ),
    ),
)

ZOU_GU = Theorem(
    key="zou19",
    title="an improved analysis of training over-parameterized deep ReLU networks",
    paper="Zou, Gu",
    theorem="GD theorem",
    evidence=restated(SUBQUADRATIC + "; Nguyen 2021's abstract gives Ω(N^8)", "Ω(n^8 L^12)"),
    version="NeurIPS 2019",
    source="Zou, Gu, NeurIPS 2019, An Improved Analysis of Training Over-parameterized Deep Neural Networks",
    setting="deep ReLU network, GD, squared loss, inputs separated by φ",
    architecture="deep ReLU, GD",
    data_assumption="separation φ (written δ here)",
    year=2019,
    quantities=(
        width_bound(
            factors(("n", 8), ("L", 12), ("delta", 0), unknown=["delta"]),
            note="the separation φ (δ here) enters with an exponent no text read here gives",
        ),
    ),
)

CAO_GU = Theorem(
    key="caogu19",
    title="SGD on wide deep ReLU networks (generalisation bounds)",
    paper="Cao, Gu",
    theorem="SGD theorem",
    evidence=restated(LI_TABLE, "Table 1: m ≳ n^7"),
    version="NeurIPS 2019",
    source="Cao, Gu, NeurIPS 2019, Generalization Bounds of Stochastic Gradient Descent for Wide and Deep Neural Networks",
    setting="deep ReLU network, SGD",
    architecture="deep ReLU, SGD",
    data_assumption="see the paper",
    year=2019,
    quantities=(width_bound(factors(("n", 7)), order_only="every factor but n: the table read shows only n^7"),),
)

KAWAGUCHI = Theorem(
    key="kawaguchi19",
    title="GD finds global minima with a number of parameters linear in n (last layer trained)",
    paper="Kawaguchi, Huang",
    theorem="main theorem",
    evidence=restated(SUBQUADRATIC, "Ω̃(n), only the last layer trained"),
    version="arXiv:1908.02419 (2019)",
    source="Kawaguchi, Huang, arXiv:1908.02419, Gradient Descent Finds Global Minima for Generalizable Deep Neural "
    "Networks of Practical Sizes",
    setting="deep network, only the last layer trained",
    architecture="deep, last layer only",
    data_assumption="see the paper",
    year=2019,
    quantities=(width_bound(factors(("n", 1)), order="Ω̃", order_only="the polylog and data-dependent factors"),),
)

NGUYEN_MONDELLI = Theorem(
    key="nguyen20",
    title="one wide layer followed by a pyramidal topology suffices",
    paper="Nguyen, Mondelli",
    theorem="main theorem",
    evidence=stated("abstract", "a single layer of width N following the input layer suffices"),
    version="NeurIPS 2020",
    source="Nguyen, Mondelli, NeurIPS 2020, Global Convergence of Deep Networks with One Wide Layer Followed by "
    "Pyramidal Topology",
    setting="deep network, one wide layer then pyramidal, GD",
    architecture="deep, one wide layer, pyramidal",
    data_assumption="see the paper",
    year=2020,
    quantities=(
        width_bound(
            factors(("n", 1)), meaning="width of the one wide layer", order_only="constants and data dependence"
        ),
    ),
)

NGUYEN = Theorem(
    key="nguyen21",
    title="GD on deep ReLU networks with one wide layer of linear, quadratic or cubic width",
    paper="Nguyen",
    theorem="main theorems",
    evidence=stated(
        "abstract", "a single wide layer of linear, quadratic or cubic width depending on the initialization"
    ),
    version="ICML 2021 (arXiv:2101.09612)",
    source="Nguyen, ICML 2021, On the Proof of Global Convergence of Gradient Descent for Deep ReLU Networks",
    setting="deep ReLU network, all layers trained, conditions at initialisation, squared loss, GD",
    architecture="deep ReLU, all layers, GD",
    data_assumption="conditions at initialisation (λ* > 0)",
    kernel="λ*: smallest eigenvalue of a Gram matrix at initialisation (not H∞)",
    year=2021,
    quantities=(
        width_bound(
            factors(("n", 1)),
            meaning="width of the one wide layer (the most favourable initialisation)",
            order_only="constants and data dependence; linear is the best of linear, quadratic or cubic",
        ),
        width_bound(
            factors(("n", 2), ("lambda_star", -2)),
            name="width_2layer",
            meaning="width of a two-layer network with LeCun initialisation",
            evidence=recalled("not found in the text read; possibly Nguyen and Mondelli 2020"),
        ),
    ),
)

BANERJEE = Theorem(
    key="banerjee23",
    title="the NTK of smooth deep networks is positive definite at initialisation",
    paper="Banerjee, Cisneros-Velarde, Zhu, Belkin",
    theorem="NTK at initialisation",
    evidence=stated("abstract", "Ω̃(n) width … suffices to ensure that the NTK at initialization is positive definite"),
    version="UAI 2023",
    source="Banerjee et al., UAI 2023, Neural Tangent Kernel at Initialization: Linear Width Suffices",
    setting="deep network, smooth activations",
    architecture="deep, smooth activation",
    data_assumption="λ1 > 0 of the limiting kernel",
    year=2023,
    kind="condition",
    quantities=(
        width_bound(
            factors(("n", 1)),
            order="Ω̃",
            note="λ_min of the NTK at initialisation > 0: the first step of a convergence proof, not one by itself",
            order_only="the log factors, which the abstract does not give",
        ),
    ),
)

THEOREMS = (DU_DEEP, DU_RESNET, ZOU_GU, CAO_GU, KAWAGUCHI, NGUYEN_MONDELLI, NGUYEN, BANERJEE)
