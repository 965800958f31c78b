"""What goes into a paper is checked as a reader sees it: every committed table and a sample of `table`
outputs typeset in a plain and a two-column article, with and without T1, and read back from the PDF;
the check fails on a table too wide or garbled. Properties, not today's catalogue values: every
catalogue string typesets, --digits holds at every magnitude, the writers fit what they promise."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from boundcalc import REGISTRY
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.render.escape import latex_text, typesets
from boundcalc.render.formats import render
from boundcalc.render.requests import TableRequest
from boundcalc.render.table import Table
from boundcalc.render.typesetting import Fragment, check, file_fragment, intended_text, text_problems, tools_missing

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = sorted([*ROOT.glob("tables/*.tex"), *ROOT.glob("tables/study*/*.tex")])
REQUIRE_LATEX = os.environ.get("BOUNDCALC_REQUIRE_LATEX") == "1"


def _need_tools():
    missing = tools_missing()
    if missing:
        if REQUIRE_LATEX:
            pytest.fail(f"{', '.join(missing)} required here (BOUNDCALC_REQUIRE_LATEX=1) but not installed")
        pytest.skip(f"{', '.join(missing)} not installed")


def _strings(value, found: list[str]) -> list[str]:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _strings(item, found)
    return found


def test_every_catalogue_string_typesets():
    from boundcalc.render.results import theorem_dict

    untypesettable = {
        (key, text)
        for key, theorem in REGISTRY.items()
        for text in _strings(theorem_dict(theorem), [])
        if not typesets(text)
    }
    assert untypesettable == set()


def test_no_placeholder_and_no_text_caret_can_reach_latex():
    accents = set("\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c\u0327")  # OT1 has these
    latin = [
        chr(c)
        for c in range(0xC0, 0x17F)
        if len(unicodedata.normalize("NFD", chr(c))) > 1 and set(unicodedata.normalize("NFD", chr(c))[1:]) <= accents
    ]
    every = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(latin) + "δ≥≤×÷∝…—–′″λΩ̃Õ²³⁻¹ßøæœ"
    latex = latex_text(every)
    assert "[U+" not in latex and "textasciicircum" not in latex
    assert len(latin) > 100
    for character in "¢ÞĄ字😀":  # no glyph in pdflatex's default fonts: an error, never a placeholder
        assert not typesets(character)
    assert latex_text("n^30 L^{30}") == "n$^{30}$ L$^{30}$"


@pytest.mark.parametrize("digits", [1, 2, 3, 5])
def test_digits_are_honoured_at_every_magnitude_in_every_format(digits):
    table = Table(
        [["n", "value"]],
        [[str(k), Magnitude.from_integer(7 * 10**k + 29 * 10 ** max(k - 2, 0))] for k in range(0, 13)]
        + [["big", Magnitude(15.86)], ["huge", Magnitude(301.5)]],
    )
    for fmt in ("plain", "markdown"):
        text = render(table, fmt, digits)
        for row in text.splitlines()[2:]:
            value = row.strip(" |").split("|")[-1].strip() if fmt == "markdown" else row.split(None, 1)[1].strip()
            mantissa = value.split(" × ")[0]
            significant = mantissa.replace(".", "").lstrip("0")
            assert len(significant) == digits or (len(value) <= digits and "×" not in value), (fmt, value)
    latex = render(table, "latex", digits)
    for mantissa in re.findall(r"\$([0-9.]+)\\times10", latex):
        assert len(mantissa.replace(".", "")) == digits
    html = table._repr_html_()
    assert "7290000000" not in html  # shown to its three digits there too


def test_du19_digits_three(cli):
    code, out, _ = cli("table", "--theorem", "du19-2layer", "--n", "3,10,30", "--lambda0", "0.1", "--digits", "3")
    assert code == 0
    values = [line.split()[1:] for line in out.splitlines()[2:5]]
    assert values == [["7.29", "×", "10^9"], ["1.00", "×", "10^13"], ["7.29", "×", "10^15"]]


def test_width_column_is_a_one_column_float_and_text_spans_both(cli):
    for width, environment in (("column", r"\begin{table}["), ("text", r"\begin{table*}[")):
        code, out, _ = cli("table", "--n", "100,1000", "--L", "10", "--format", "latex", "--width", width)
        assert code == 0 and environment in out
        assert (width == "column") == ("--width column" in out.splitlines()[0])


def test_committed_tables_and_samples_typeset_cleanly():
    _need_tools()
    from boundcalc.render.typesetting import samples

    fragments = [file_fragment(path) for path in COMMITTED] + samples()
    failed = [(o.fragment, o.configuration, o.problems) for o in check(fragments) if o.problems]
    assert failed == []


def test_the_check_fails_on_a_wide_table_and_on_garbled_text(tmp_path):
    _need_tools()
    wide = "\\begin{tabular}{l}\\toprule " + "word " * 120 + "\\\\ \\bottomrule\\end{tabular}\n"
    garbled = "Widths > 1024 and < 8 in text mode.\n"  # OT1 prints ¿ and ¡
    placeholder = "A formula [U+2026] here.\n"
    fine = TableRequest(inputs={"n": "100,1000", "L": "10"}).build()
    fragments = [
        Fragment("wide", wide, "word"),
        Fragment("garbled", garbled, "Widths > 1024 and < 8 in text mode."),
        Fragment("placeholder", placeholder, "A formula … here."),
        Fragment("fine", render(fine, "latex", 2), intended_text(fine, 2)),
    ]
    outcomes = {(o.fragment, o.configuration): o.problems for o in check(fragments, keep=tmp_path)}
    assert any("overfull" in p for p in outcomes[("wide", "article")])
    assert any("¿" in p for p in outcomes[("garbled", "article")])
    assert any("placeholder" in p for p in outcomes[("placeholder", "article")])
    assert all(problems == [] for (name, _), problems in outcomes.items() if name == "fine")


def test_text_comparison_finds_a_missing_word():
    assert text_problems("n 100 1000", "n 100 1000 als19-gd") != []
    assert text_problems("Allen-\nZhu wrote", "Allen-Zhu wrote") == []
