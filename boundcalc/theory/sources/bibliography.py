"""The BibTeX record of every entry, built only from what ../shared/LITERATURE.md and the entries name.

Given names are not recorded there, so authors are surnames (valid BibTeX); a record's note says
which version of the text the exponents come from. ``floor-params`` is elementary and has none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """One publication: enough to cite it, nothing guessed."""

    key: str
    kind: str  # inproceedings | article | misc
    authors: tuple[str, ...]
    title: str
    venue: str
    year: int
    eprint: str = ""
    note: str = ""

    def bibtex(self) -> str:
        venue_field = {"inproceedings": "booktitle", "article": "journal"}.get(self.kind, "howpublished")
        fields = [
            ("author", " and ".join(self.authors)),
            ("title", "{" + self.title + "}"),  # double braces keep the title's capitals
            (venue_field, self.venue),
            ("year", str(self.year)),
        ]
        if self.eprint:
            fields += [("eprint", self.eprint), ("archivePrefix", "arXiv")]
        if self.note:
            fields.append(("note", self.note))
        body = ",\n".join(f"  {name} = {{{bibtex_text(value)}}}" for name, value in fields)
        return f"@{self.kind}{{{self.key},\n{body}\n}}"


def bibtex_text(text: str) -> str:
    """Our own text made safe inside braces: the characters BibTeX or LaTeX would act on are escaped."""
    out = text.replace("\\", "").replace("%", r"\%").replace("&", r"\&").replace("#", r"\#").replace("_", r"\_")
    return out.replace("ó", r"{\'o}").replace("–", "--")


_ICML, _ICLR, _NEURIPS = (
    "International Conference on Machine Learning (ICML)",
    "International Conference on Learning Representations (ICLR)",
    "Advances in Neural Information Processing Systems (NeurIPS)",
)
_ALS = ("Allen-Zhu", "Li", "Song")
_ALS_TITLE = "A Convergence Theory for Deep Learning via Over-Parameterization"
_ALS_FULL = "exponents from the full version, arXiv:1811.03962 v5 (June 2019); ICML text: PMLR 97:242–252"

REFERENCES = {
    r.key: r
    for r in (
        Reference("allenzhu2019convergence", "inproceedings", _ALS, _ALS_TITLE, _ICML, 2019, "1811.03962", _ALS_FULL),
        Reference(
            "allenzhu2018convergencev1",
            "misc",
            _ALS,
            _ALS_TITLE,
            "arXiv preprint, first version",
            2018,
            "1811.03962",
            "first arXiv version, as quoted by Du, Lee, Li, Wang, Zhai (ICML 2019)",
        ),
        Reference(
            "du2019gradient",
            "inproceedings",
            ("Du", "Zhai", "Póczos", "Singh"),
            "Gradient Descent Provably Optimizes Over-parameterized Neural Networks",
            _ICLR,
            2019,
        ),
        Reference(
            "arora2019fine",
            "inproceedings",
            ("Arora", "Du", "Hu", "Li", "Wang"),
            "Fine-Grained Analysis of Optimization and Generalization for Overparameterized Two-Layer Neural Networks",
            _ICML,
            2019,
        ),
        Reference(
            "oymak2020toward",
            "article",
            ("Oymak", "Soltanolkotabi"),
            "Toward Moderate Overparameterization: Global Convergence Guarantees for Training Shallow Neural Networks",
            "IEEE Journal on Selected Areas in Information Theory",
            2020,
        ),
        Reference(
            "du2019deep",
            "inproceedings",
            ("Du", "Lee", "Li", "Wang", "Zhai"),
            "Gradient Descent Finds Global Minima of Deep Neural Networks",
            _ICML,
            2019,
        ),
        Reference(
            "zou2019improved",
            "inproceedings",
            ("Zou", "Gu"),
            "An Improved Analysis of Training Over-parameterized Deep Neural Networks",
            _NEURIPS,
            2019,
        ),
        Reference(
            "nguyen2021proof",
            "inproceedings",
            ("Nguyen",),
            "On the Proof of Global Convergence of Gradient Descent for Deep ReLU Networks",
            _ICML,
            2021,
            "2101.09612",
        ),
        Reference(
            "banerjee2023ntk",
            "inproceedings",
            ("Banerjee", "Cisneros-Velarde", "Zhu", "Belkin"),
            "Neural Tangent Kernel at Initialization: Linear Width Suffices",
            "Conference on Uncertainty in Artificial Intelligence (UAI)",
            2023,
        ),
        Reference(
            "ji2020polylog",
            "inproceedings",
            ("Ji", "Telgarsky"),
            "Polylogarithmic Width Suffices for Gradient Descent to Achieve Arbitrarily Small Test Error "
            "with Shallow ReLU Networks",
            _ICLR,
            2020,
        ),
        Reference(
            "chen2021howmuch",
            "inproceedings",
            ("Chen", "Cao", "Zou", "Gu"),
            "How Much Over-parameterization Is Sufficient to Learn Deep ReLU Networks?",
            _ICLR,
            2021,
        ),
        Reference(
            "basri2020frequency",
            "inproceedings",
            ("Basri", "Galun", "Geifman", "Jacobs", "Kasten", "Kritchman"),
            "Frequency Bias in Neural Networks for Input of Non-Uniform Density",
            _ICML,
            2020,
            "2003.04560",
        ),
        Reference(
            "song2019quadratic",
            "misc",
            ("Song", "Yang"),
            "Quadratic Suffices for Over-parametrization via Matrix Chernoff Bound",
            "arXiv preprint",
            2019,
            "1906.03593",
        ),
        Reference(
            "song2021subquadratic",
            "inproceedings",
            ("Song", "Ramezani-Kebrya", "Pethick", "Eftekhari", "Cevher"),
            "Subquadratic Overparameterization for Shallow Neural Networks",
            _NEURIPS,
            2021,
        ),
        Reference(
            "kawaguchi2019gradient",
            "misc",
            ("Kawaguchi", "Huang"),
            "Gradient Descent Finds Global Minima for Generalizable Deep Neural Networks of Practical Sizes",
            "arXiv preprint",
            2019,
            "1908.02419",
        ),
        Reference(
            "cao2019generalization",
            "inproceedings",
            ("Cao", "Gu"),
            "Generalization Bounds of Stochastic Gradient Descent for Wide and Deep Neural Networks",
            _NEURIPS,
            2019,
        ),
        Reference(
            "nguyen2020global",
            "inproceedings",
            ("Nguyen", "Mondelli"),
            "Global Convergence of Deep Networks with One Wide Layer Followed by Pyramidal Topology",
            _NEURIPS,
            2020,
        ),
        Reference(
            "li2025optimal",
            "inproceedings",
            ("Li", "Lei", "Guo", "Ying"),
            "Optimal Rates for Generalization of Gradient Descent for Deep ReLU Classification",
            _NEURIPS,
            2025,
            "2510.02779",
        ),
        Reference(
            "lei2026optimization",
            "article",
            ("Lei", "Wang", "Ying", "Zhou"),
            "Optimization and Generalization of Gradient Descent for Shallow ReLU Networks with Minimal Width",
            "Journal of Machine Learning Research",
            2026,
            note="volume 27, number 34, pages 1--35",
        ),
        Reference(
            "taheri2025sharper",
            "inproceedings",
            ("Taheri", "Thrampoulidis", "Mazumdar"),
            "Sharper Guarantees for Learning Neural Network Classifiers with Gradient Methods",
            _ICLR,
            2025,
            "2410.10024",
        ),
        Reference(
            "rolland2022linear",
            "misc",
            ("Rolland", "Ramezani-Kebrya", "Song", "Latorre", "Cevher"),
            "Linear Convergence of SGD on Overparametrized Shallow Neural Networks",
            "submitted to ICLR 2022, OpenReview forum HdnUQk9jbUO",
            2022,
        ),
        Reference(
            "saratchandran2024activation",
            "inproceedings",
            ("Saratchandran", "Ramasinghe", "Lucey"),
            "From Activation to Initialization: Scaling Insights for Optimizing Neural Fields",
            "IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
            2024,
            "2403.19205",
        ),
        Reference(
            "bubeck2020network",
            "inproceedings",
            ("Bubeck", "Eldan", "Lee", "Mikulincer"),
            "Network size and weights size for memorization with two-layers neural networks",
            _NEURIPS,
            2020,
        ),
        Reference(
            "vardi2022optimal",
            "inproceedings",
            ("Vardi", "Yehudai", "Shamir"),
            "On the Optimal Memorization Power of ReLU Neural Networks",
            _ICLR,
            2022,
        ),
        Reference(
            "baum1988capabilities",
            "article",
            ("Baum",),
            "On the capabilities of multilayer perceptrons",
            "Journal of Complexity",
            1988,
        ),
        Reference(
            "yun2019small",
            "inproceedings",
            ("Yun", "Sra", "Jadbabaie"),
            "Small ReLU networks are powerful memorizers: a tight analysis of memorization capacity",
            _NEURIPS,
            2019,
        ),
    )
}

CITATIONS = {
    "als19-gd": "allenzhu2019convergence",
    "als19-gd-v1": "allenzhu2018convergencev1",
    "als19-sgd": "allenzhu2019convergence",
    "als19-grad": "allenzhu2019convergence",
    "als19-smooth": "allenzhu2019convergence",
    "du19-2layer": "du2019gradient",
    "arora19": "arora2019fine",
    "oymak20": "oymak2020toward",
    "du19-deep": "du2019deep",
    "du19-resnet": "du2019deep",
    "songyang19": "song2019quadratic",
    "song21": "song2021subquadratic",
    "kawaguchi19": "kawaguchi2019gradient",
    "caogu19": "cao2019generalization",
    "nguyen20": "nguyen2020global",
    "li25": "li2025optimal",
    "bubeck20": "bubeck2020network",
    "vardi22": "vardi2022optimal",
    "zou19": "zou2019improved",
    "nguyen21": "nguyen2021proof",
    "banerjee23": "banerjee2023ntk",
    "ji20": "ji2020polylog",
    "chen21": "chen2021howmuch",
    "baum88": "baum1988capabilities",
    "yun19": "yun2019small",
    "lei26": "lei2026optimization",
    "taheri25": "taheri2025sharper",
    "rolland22": "rolland2022linear",
    "saratchandran24": "saratchandran2024activation",
}
"""Theorem key → citation key; an entry absent here (``floor-params``) has no publication to cite."""
