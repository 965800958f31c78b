"""The bibliographic record of every publication the catalogue cites, and which entry cites which.

Every field was read on a page about the publication (the proceedings page, PMLR, OpenReview, the
NeurIPS proceedings, the arXiv listing, a publisher's index), never guessed; a field that could not be
confirmed is left out and the record's ``note`` says so. ``version`` is the text the catalogue's
exponents come from where it is an arXiv version. The writers (BibTeX, biblatex, CSL-JSON) are in
``boundcalc.render.citations``; ``floor-params`` is elementary and cites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from boundcalc._version import __version__


@dataclass(frozen=True)
class Reference:
    """One publication: enough to cite and find it, nothing guessed.

    ``authors`` are ``(family, given)`` pairs; ``kind`` is the BibTeX entry type (``inproceedings``,
    ``article``, ``misc`` for an arXiv preprint, ``unpublished`` for a submission seen only on OpenReview,
    ``software``); ``pages`` is ``"first--last"``.
    """

    key: str
    kind: str
    authors: tuple[tuple[str, str], ...]
    title: str
    year: int
    venue: str = ""  # the proceedings' or journal's name; empty for a preprint
    volume: str = ""
    number: str = ""
    pages: str = ""
    series: str = ""
    publisher: str = ""
    editors: tuple[tuple[str, str], ...] = ()
    doi: str = ""
    url: str = ""
    eprint: str = ""  # an arXiv identifier, without version
    version: str = ""  # the arXiv version read (v5), or the software's version
    note: str = ""
    entity: str = ""  # an author that is a group, not a person (software)

    @property
    def eprint_id(self) -> str:
        """The arXiv identifier with the version read, e.g. ``1811.03962v5``."""
        return self.eprint + (self.version if self.version.startswith("v") else "")


_ICML19 = "Proceedings of the 36th International Conference on Machine Learning"
_PMLR = "Proceedings of Machine Learning Research"
_ICML19_EDITORS = (("Chaudhuri", "Kamalika"), ("Salakhutdinov", "Ruslan"))
_ICLR = "International Conference on Learning Representations"
_NEURIPS = "Advances in Neural Information Processing Systems"
_ALS = (("Allen-Zhu", "Zeyuan"), ("Li", "Yuanzhi"), ("Song", "Zhao"))
_ALS_TITLE = "A Convergence Theory for Deep Learning via Over-Parameterization"
_NO_PAGES = "page numbers not confirmed"
_NEURIPS_NOTE = "publisher and page numbers not confirmed"


def _arxiv(identifier: str) -> str:
    return f"https://arxiv.org/abs/{identifier}"


REFERENCES = {
    r.key: r
    for r in (
        Reference(
            "allenzhu2019convergence",
            "inproceedings",
            _ALS,
            _ALS_TITLE,
            2019,
            _ICML19,
            volume="97",
            pages="242--252",
            series=_PMLR,
            publisher="PMLR",
            editors=_ICML19_EDITORS,
            url="https://proceedings.mlr.press/v97/allen-zhu19a.html",
            eprint="1811.03962",
            version="v5",
            note="exponents from the full version, arXiv:1811.03962v5 (June 2019)",
        ),
        Reference(
            "allenzhu2018convergencev1",
            "misc",
            _ALS,
            _ALS_TITLE,
            2018,
            url=_arxiv("1811.03962v1"),
            eprint="1811.03962",
            version="v1",
            note="first arXiv version (November 2018), as quoted by Du, Lee, Li, Wang and Zhai (ICML 2019); "
            "not read here, and its title is taken from later versions (not confirmed)",
        ),
        Reference(
            "du2019gradient",
            "inproceedings",
            (("Du", "Simon S."), ("Zhai", "Xiyu"), ("Póczos", "Barnabás"), ("Singh", "Aarti")),
            "Gradient Descent Provably Optimizes Over-parameterized Neural Networks",
            2019,
            _ICLR,
            url=_arxiv("1810.02054"),
            eprint="1810.02054",
            note="the OpenReview page and the arXiv version read are not confirmed",
        ),
        Reference(
            "arora2019fine",
            "inproceedings",
            (("Arora", "Sanjeev"), ("Du", "Simon S."), ("Hu", "Wei"), ("Li", "Zhiyuan"), ("Wang", "Ruosong")),
            "Fine-Grained Analysis of Optimization and Generalization for Overparameterized Two-Layer Neural Networks",
            2019,
            _ICML19,
            volume="97",
            series=_PMLR,
            publisher="PMLR",
            editors=_ICML19_EDITORS,
            url=_arxiv("1901.08584v2"),
            eprint="1901.08584",
            version="v2",
            note=_NO_PAGES,
        ),
        Reference(
            "oymak2020toward",
            "article",
            (("Oymak", "Samet"), ("Soltanolkotabi", "Mahdi")),
            "Toward Moderate Overparameterization: Global Convergence Guarantees for Training Shallow Neural Networks",
            2020,
            "IEEE Journal on Selected Areas in Information Theory",
            volume="1",
            number="1",
            pages="84--105",
            url=_arxiv("1902.04674"),
            eprint="1902.04674",
            note="DOI not confirmed; the arXiv text is titled \u201cTowards moderate overparameterization\u201d",
        ),
        Reference(
            "du2019deep",
            "inproceedings",
            (("Du", "Simon S."), ("Lee", "Jason D."), ("Li", "Haochuan"), ("Wang", "Liwei"), ("Zhai", "Xiyu")),
            "Gradient Descent Finds Global Minima of Deep Neural Networks",
            2019,
            _ICML19,
            volume="97",
            pages="1675--1685",
            series=_PMLR,
            publisher="PMLR",
            editors=_ICML19_EDITORS,
            url="https://proceedings.mlr.press/v97/du19c.html",
            eprint="1811.03804",
            version="v4",
        ),
        Reference(
            "zou2019improved",
            "inproceedings",
            (("Zou", "Difan"), ("Gu", "Quanquan")),
            "An Improved Analysis of Training Over-parameterized Deep Neural Networks",
            2019,
            _NEURIPS,
            volume="32",
            url="https://papers.neurips.cc/paper/8479-an-improved-analysis-of-training-over-parameterized-deep-neural-networks",
            note=_NEURIPS_NOTE,
        ),
        Reference(
            "nguyen2021proof",
            "inproceedings",
            (("Nguyen", "Quynh"),),
            "On the Proof of Global Convergence of Gradient Descent for Deep ReLU Networks with Linear Widths",
            2021,
            "Proceedings of the 38th International Conference on Machine Learning",
            volume="139",
            pages="8056--8062",
            series=_PMLR,
            publisher="PMLR",
            url=_arxiv("2101.09612"),
            eprint="2101.09612",
            note="only the abstract was read; editors not confirmed",
        ),
        Reference(
            "banerjee2023ntk",
            "inproceedings",
            (("Banerjee", "Arindam"), ("Cisneros-Velarde", "Pedro"), ("Zhu", "Libin"), ("Belkin", "Mikhail")),
            "Neural Tangent Kernel at Initialization: Linear Width Suffices",
            2023,
            "Proceedings of the 39th Conference on Uncertainty in Artificial Intelligence",
            volume="216",
            pages="110--118",
            series=_PMLR,
            publisher="PMLR",
            url="https://experts.illinois.edu/en/publications/neural-tangent-kernel-at-initialization-linear-width-suffices",
            note="the PMLR page and the editors not confirmed",
        ),
        Reference(
            "ji2020polylog",
            "inproceedings",
            (("Ji", "Ziwei"), ("Telgarsky", "Matus")),
            "Polylogarithmic width suffices for gradient descent to achieve arbitrarily small test error "
            "with shallow ReLU networks",
            2020,
            _ICLR,
            url="https://iclr.cc/virtual/2020/poster/1999",
            eprint="1909.12292",
            version="v4",
        ),
        Reference(
            "chen2021howmuch",
            "inproceedings",
            (("Chen", "Zixiang"), ("Cao", "Yuan"), ("Zou", "Difan"), ("Gu", "Quanquan")),
            "How Much Over-parameterization Is Sufficient to Learn Deep ReLU Networks?",
            2021,
            _ICLR,
            url="https://openreview.net/forum?id=fgd7we_uZa6",
            eprint="1911.12360",
            note="the arXiv version read is not recorded",
        ),
        Reference(
            "basri2020frequency",
            "inproceedings",
            (
                ("Basri", "Ronen"),
                ("Galun", "Meirav"),
                ("Geifman", "Amnon"),
                ("Jacobs", "David"),
                ("Kasten", "Yoni"),
                ("Kritchman", "Shira"),
            ),
            "Frequency Bias in Neural Networks for Input of Non-Uniform Density",
            2020,
            "International Conference on Machine Learning (ICML)",
            url="https://icml.cc/virtual/2020/poster/6225",
            eprint="2003.04560",
            note="read as arXiv HTML, version not recorded; PMLR volume and pages not confirmed",
        ),
        Reference(
            "song2019quadratic",
            "misc",
            (("Song", "Zhao"), ("Yang", "Xin")),
            "Quadratic Suffices for Over-parametrization via Matrix Chernoff Bound",
            2019,
            url=_arxiv("1906.03593"),
            eprint="1906.03593",
            version="the version with this title",
            note="the version with this title, as the NeurIPS 2021 subquadratic paper cites it; a later "
            "version is titled \u201cOver-parametrization for Learning and Generalization in Two-Layer Neural "
            "Networks\u201d; the arXiv version number of this title is not confirmed",
        ),
        Reference(
            "song2021subquadratic",
            "inproceedings",
            (
                ("Song", "ChaeHwan"),
                ("Ramezani-Kebrya", "Ali"),
                ("Pethick", "Thomas"),
                ("Eftekhari", "Armin"),
                ("Cevher", "Volkan"),
            ),
            "Subquadratic Overparameterization for Shallow Neural Networks",
            2021,
            _NEURIPS,
            volume="34",
            url="https://papers.neurips.cc/paper_files/paper/2021/hash/5d9e4a04afb9f3608ccc76c1ffa7573e-Abstract.html",
            eprint="2111.01875",
            note=_NEURIPS_NOTE,
        ),
        Reference(
            "kawaguchi2019gradient",
            "misc",
            (("Kawaguchi", "Kenji"), ("Huang", "Jiaoyang")),
            "Gradient Descent Finds Global Minima for Generalizable Deep Neural Networks of Practical Sizes",
            2019,
            url=_arxiv("1908.02419v3"),
            eprint="1908.02419",
            version="v3",
        ),
        Reference(
            "cao2019generalization",
            "inproceedings",
            (("Cao", "Yuan"), ("Gu", "Quanquan")),
            "Generalization Bounds of Stochastic Gradient Descent for Wide and Deep Neural Networks",
            2019,
            _NEURIPS,
            volume="32",
            pages="10836--10846",
            url="https://papers.nips.cc/paper/by-source-2019-5782",
            eprint="1905.13210",
            version="v2",
            note="publisher not confirmed",
        ),
        Reference(
            "nguyen2020global",
            "inproceedings",
            (("Nguyen", "Quynh N."), ("Mondelli", "Marco")),
            "Global Convergence of Deep Networks with One Wide Layer Followed by Pyramidal Topology",
            2020,
            _NEURIPS,
            volume="33",
            url="https://proceedings.neurips.cc/paper/2020/hash/8abfe8ac9ec214d68541fcb888c0b4c3-Abstract.html",
            note=_NEURIPS_NOTE,
        ),
        Reference(
            "li2025optimal",
            "inproceedings",
            (("Li", "Yuanfan"), ("Lei", "Yunwen"), ("Guo", "Zheng-Chu"), ("Ying", "Yiming")),
            "Optimal Rates for Generalization of Gradient Descent for Deep ReLU Classification",
            2025,
            _NEURIPS,
            url=_arxiv("2510.02779"),
            eprint="2510.02779",
            note="volume and page numbers not confirmed; the arXiv version read is not recorded",
        ),
        Reference(
            "lei2026optimization",
            "article",
            (("Lei", "Yunwen"), ("Wang", "Puyu"), ("Ying", "Yiming"), ("Zhou", "Ding-Xuan")),
            "Optimization and Generalization of Gradient Descent for Shallow ReLU Networks with Minimal Width",
            2026,
            "Journal of Machine Learning Research",
            volume="27",
            number="34",
            pages="1--35",
            url="https://www.jmlr.org/papers/v27/24-2030.html",
        ),
        Reference(
            "taheri2025sharper",
            "inproceedings",
            (("Taheri", "Hossein"), ("Thrampoulidis", "Christos"), ("Mazumdar", "Arya")),
            "Sharper Guarantees for Learning Neural Network Classifiers with Gradient Methods",
            2025,
            "The Thirteenth " + _ICLR,
            url="https://openreview.net/forum?id=h7GAgbLSmC",
            eprint="2410.10024",
            version="v2",
            note="the width is read in Li, Lei, Guo, Ying (NeurIPS 2025), Table 1, not in this text",
        ),
        Reference(
            "rolland2022linear",
            "unpublished",
            (
                ("Rolland", "Paul"),
                ("Ramezani-Kebrya", "Ali"),
                ("Song", "ChaeHwan"),
                ("Latorre", "Fabian"),
                ("Cevher", "Volkan"),
            ),
            "Linear Convergence of SGD on Overparametrized Shallow Neural Networks",
            2022,
            url="https://openreview.net/forum?id=HdnUQk9jbUO",
            note="submitted to ICLR 2022 (anonymous submission; authors as OpenReview and paperswithcode name them)",
        ),
        Reference(
            "saratchandran2024activation",
            "inproceedings",
            (("Saratchandran", "Hemanth"), ("Ramasinghe", "Sameera"), ("Lucey", "Simon")),
            "From Activation to Initialization: Scaling Insights for Optimizing Neural Fields",
            2024,
            "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
            eprint="2403.19205",
            version="v1",
            url="https://arxiv.org/abs/2403.19205",
            note="volume and page numbers not confirmed",
        ),
        Reference(
            "bubeck2020network",
            "inproceedings",
            (("Bubeck", "Sébastien"), ("Eldan", "Ronen"), ("Lee", "Yin Tat"), ("Mikulincer", "Dan")),
            "Network size and size of the weights in memorization with two-layers neural networks",
            2020,
            _NEURIPS,
            volume="33",
            url="https://proceedings.neurips.cc/paper/2020/hash/34609bdc08a07ace4e1526bbb1777673-Abstract.html",
            note=_NEURIPS_NOTE,
        ),
        Reference(
            "vardi2022optimal",
            "inproceedings",
            (("Vardi", "Gal"), ("Yehudai", "Gilad"), ("Shamir", "Ohad")),
            "On the Optimal Memorization Power of ReLU Neural Networks",
            2022,
            _ICLR,
            url="https://iclr.cc/virtual/2022/spotlight/7215",
            eprint="2110.03187",
        ),
        Reference(
            "baum1988capabilities",
            "article",
            (("Baum", "Eric B."),),
            "On the capabilities of multilayer perceptrons",
            1988,
            "Journal of Complexity",
            note="volume, issue, pages and DOI not confirmed",
        ),
        Reference(
            "yun2019small",
            "inproceedings",
            (("Yun", "Chulhee"), ("Sra", "Suvrit"), ("Jadbabaie", "Ali")),
            "Small ReLU networks are powerful memorizers: a tight analysis of memorization capacity",
            2019,
            _NEURIPS,
            volume="32",
            pages="15558--15569",
            url="https://papers.nips.cc/paper_files/paper/2019/hash/dbea3d0e2a17c170c412c74273778159-Abstract.html",
            note="publisher not confirmed",
        ),
    )
}

BOUNDCALC = Reference(
    "boundcalc",
    "software",
    (),
    "boundcalc: width, step-size and iteration bounds of over-parameterized neural network theory, made concrete",
    2026,
    version=__version__,
    note="cite beside the papers whose bounds it evaluates; CITATION.cff holds the same record",
    entity="the boundcalc developers",
)
"""boundcalc's own record (``boundcalc cite boundcalc``); its authors are the boundcalc developers."""

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
