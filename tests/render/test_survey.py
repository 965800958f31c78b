"""The related-work table (``table --survey``): every result once, grouped as the published tables group
them, each formula as its paper writes it, one float per group in LaTeX."""

from __future__ import annotations

import csv
import io
import re

import pytest

from boundcalc import REGISTRY
from boundcalc.errors import InputError
from boundcalc.render.builders import SURVEY_KINDS, survey_table
from boundcalc.render.formats import render
from boundcalc.theory.boundfile import parse_bound_text

RESULTS = [t for t in REGISTRY.values() if t.kind in SURVEY_KINDS]


def _rows_by_group(table) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = ""
    for title, row in table.grouped_rows():
        current = title or current
        groups.setdefault(current, []).append(row[0] if isinstance(row[0], str) else row[0].text)
    return groups


def test_every_result_appears_once_and_no_lemma():
    table = survey_table(RESULTS)
    assert len(table.rows) == len(RESULTS) == len(REGISTRY) - 2  # als19-grad and als19-smooth are lemmas
    named = [row[0] for row in table.rows]
    assert len(set(named)) == len(named)
    with pytest.raises(InputError, match="als19-grad"):
        survey_table([REGISTRY["als19-grad"]])


def test_groups_follow_the_published_tables():
    groups = _rows_by_group(survey_table(RESULTS))
    assert list(groups) == [
        "Two-layer networks",
        "Deep networks",
        "Classification with a margin",
        "Floors and existence results (no training guarantee)",
    ]
    assert "Du, Zhai, Póczos, Singh (2019), Theorem 4.1" in groups["Two-layer networks"]
    assert "Allen-Zhu, Li, Song (2019), Theorem 1" in groups["Deep networks"]
    assert "Li, Lei, Guo, Ying (2025), Theorem 3" in groups["Classification with a margin"]
    assert any(
        name.startswith("Baum (1988)") for name in groups["Floors and existence results (no training guarantee)"]
    )
    years = [REGISTRY[key].year for key in ("ji20", "caogu19")]
    assert years == [2020, 2019]  # and within a group, by year: Cao–Gu before Ji–Telgarsky
    classification = groups["Classification with a margin"]
    assert classification.index("Cao, Gu (2019), Theorem 3.3") < classification.index(
        "Ji, Telgarsky (2020), main theorem"
    )


def test_cells_are_the_papers_formulas():
    rows = {row[0]: row for row in survey_table(RESULTS).rows}
    als = rows["Allen-Zhu, Li, Song (2019), Theorem 1"]
    assert als[1] == "ReLU, squared, GD"
    assert als[2].text == "m ≥ Ω(n^24 · L^12 · d · δ^-8 · log^5 m)"  # Theorem 1 as printed in arXiv v5
    assert als[3].text == "T = Θ(n^6 · L^2 · δ^-2 · log(1/ε))"
    assert als[4] == "restated"
    rolland = rows["Rolland, Ramezani-Kebrya, Song, Latorre, Cevher (2022), Theorem 2 and Section 3.1"]
    assert rolland[2].text == "m ≥ Ω̃(n^2 · b^(-1/2) · d_in^-1); P ≥ Ω̃(n^2 · b^(-1/2))"  # width and parameters
    kawaguchi = rows["Kawaguchi, Huang (2019), main theorem"]
    assert kawaguchi[2].text == "P ≥ Ω(n)" and kawaguchi[3] == "--"
    # the weakest label of what the row shows: Du et al.'s width is stated, its iterations derived
    assert rows["Du, Zhai, Póczos, Singh (2019), Theorem 4.1"][4] == "derived"


def test_latex_formulas_wrap_and_each_group_is_a_float():
    table = survey_table(RESULTS, cite=True)
    latex = render(table, "latex", caption="Related work", label="tab:survey")
    assert latex.count(r"\begin{table*}") == 4 == len(table.groups)
    assert re.findall(r"\\label\{([^}]*)\}", latex) == ["tab:survey", "tab:survey-2", "tab:survey-3", "tab:survey-4"]
    assert latex.count("(continued)") == 3 and latex.count(r"\smallskip") == 1  # notes under the last only
    body = latex.split(r"\begin{table*}", 1)[1]
    assert r"\frac" not in body and r"\left" not in body  # a long formula can break in its column
    assert r"\max\{n^{4}\,\allowbreak \lambda_H^{-4}\,\allowbreak L^{-6}" in body
    assert body.count(r"\citet{") == len(RESULTS) - 1  # floor-params is elementary and cites nothing
    # the other formats have no bibliography: they keep the paper's name
    markdown = render(table, "markdown")
    assert "| Allen-Zhu, Li, Song (2019), Theorem 1" in markdown and "citet" not in markdown


def test_csv_carries_the_group_as_a_column():
    rows = list(csv.reader(io.StringIO(render(survey_table(RESULTS), "csv"))))
    assert rows[0] == ["group", "Result", "Setting", "Width or parameters", "Iterations", "Status"]
    assert len(rows) == 1 + len(RESULTS)
    assert {row[0] for row in rows[1:]} == {title for _, title in survey_table(RESULTS).groups}


@pytest.mark.parametrize(
    "args, message",
    [
        (("--theorem", "als19-grad"), "not lemmas"),
        (("--n", "100"), "takes no inputs"),
        (("--exp", "n=3"), "no overrides"),
        (("--width", "column"), "text block"),
        (("--formulas",), "exclude each other"),
    ],
)
def test_bad_survey_requests_get_one_line(cli, args, message):
    code, out, err = cli("table", "--survey", *args)
    assert code != 0 and out == "" and message in err and "Traceback" not in err


def test_a_bound_file_may_give_its_survey_columns():
    text = """
[[theorem]]
key = "mine"
paper = "Me"
source = "my notes"
status = "stated"
survey = { network = "deep", activation = "tanh", loss = "squared", algorithm = "GD" }
[theorem.quantities.width]
factors = { n = 2 }
"""
    (theorem,) = parse_bound_text(text, "mine.toml")
    assert theorem.survey.activation == "tanh"
    assert _rows_by_group(survey_table([theorem])) == {"Deep networks": ["Me, —"]}
    with pytest.raises(InputError, match="network must be one of"):
        parse_bound_text(text.replace('"deep"', '"wide"'), "mine.toml")
    with pytest.raises(InputError, match="unknown field 'depth'"):
        parse_bound_text(text.replace("network =", "depth ="), "mine.toml")
