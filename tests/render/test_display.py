"""Results that display themselves: one-line reprs, Jupyter's rich display, and data frames.

Every expectation is computed here from the objects' own fields or from an independent evaluation,
never copied from an earlier run.
"""

from __future__ import annotations

import dataclasses
import html.parser
import math
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from boundcalc import REGISTRY, evaluate, evaluate_frame, width
from boundcalc.errors import EnvironmentFailure, InputError
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.study.store import Store
from boundcalc.tables import Formula, Table, compare_table, grid_table, render

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "checks" / "study.sqlite"
HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> & [link](javascript:alert(1)) | *em* `code`'
needs_pandas = pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("pandas") is None, reason="pandas (the frames extra) is not installed"
)


def _one_line(text: str) -> bool:
    return "\n" not in text and len(text) < 120


# --- reprs --------------------------------------------------------------------------------------------


def test_the_repr_of_an_evaluation_is_one_short_line_with_key_quantity_value_and_status():
    evaluation = width(n=1000, L=10)
    shown = repr(evaluation)
    assert _one_line(shown), shown
    for part in (evaluation.theorem.key, evaluation.quantity.name, evaluation.value.text(), evaluation.status):
        assert part in shown


def test_every_theorem_and_bound_of_the_registry_has_a_one_line_repr():
    for key, theorem in REGISTRY.items():
        shown = repr(theorem)
        assert _one_line(shown), shown
        assert shown.startswith(f"<Theorem {key}:") and shown.endswith(f"({theorem.status})>")
        for bound in theorem.quantities:
            assert _one_line(repr(bound)) and repr(bound).startswith(f"<Bound {bound.name}:")


def test_a_long_theorem_repr_is_cut_but_keeps_its_status():
    theorem = dataclasses.replace(REGISTRY["du19-2layer"], paper="A Very Long Author List " * 20)
    shown = repr(theorem)
    assert _one_line(shown) and "…" in shown and shown.endswith("(stated)>")


def test_the_reprs_leave_equality_unchanged():
    theorem = REGISTRY["als19-gd"]
    assert dataclasses.replace(theorem) == theorem
    assert theorem.with_overrides("width", exponents={"n": 20}) != theorem
    bound = theorem.quantity("width")
    assert dataclasses.replace(bound) == bound and bound.with_overrides(constant=2) != bound


def test_an_evaluation_with_warnings_says_so_in_one_line():
    evaluation = evaluate("als19-gd-v1", "width", n=10, L=2, orders=True)
    assert evaluation.warnings
    assert _one_line(repr(evaluation)) and "warnings" in repr(evaluation)


# --- Jupyter's rich display -----------------------------------------------------------------------------


def test_an_evaluation_renders_as_latex_with_its_formula_value_and_status():
    evaluation = evaluate("du19-2layer", "width", n=100, lambda0=0.1)
    latex = evaluation._repr_latex_()
    assert latex.startswith("$$") and latex.endswith("$$") and latex.count("$$") == 2
    assert evaluation.formula_latex in latex
    assert evaluation.value.latex() in latex
    assert f"status: {evaluation.status}" in latex


def test_a_theorem_renders_every_quantity_as_latex():
    theorem = REGISTRY["als19-gd"]
    latex = theorem._repr_latex_()
    for bound in theorem.quantities:
        assert bound.latex_symbol in latex
        assert f"{bound.name.replace('_', ' ')} ({bound.status or theorem.status})" in latex


def test_text_in_latex_display_is_inert():
    theorem = dataclasses.replace(REGISTRY["du19-2layer"], paper=r"\input{/etc/passwd} $x$ }{ \def\a{b} %")
    latex = theorem._repr_latex_()
    assert r"\input" not in latex and r"\def" not in latex and "%" not in latex
    assert latex.count("$") == 4  # only the opening and closing $$
    assert latex.count("{") == latex.count("}")


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def _hostile_table() -> Table:
    return Table(
        headers=[[HOSTILE, Formula("$x$", HOSTILE)]],
        rows=[[HOSTILE, Magnitude(103.9)], ["n", Magnitude.from_integer(12)]],
        notes=[HOSTILE, (HOSTILE, Formula("$y$", HOSTILE), HOSTILE)],
        spans=[(0, 1, HOSTILE)],
    )


def test_html_of_a_table_escapes_every_text():
    page = _hostile_table()._repr_html_()
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= {"table", "thead", "tbody", "tr", "th", "td", "sup", "p", "small"}
    assert parser.attributes <= {"colspan"}
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "10<sup>103</sup>" in page and ">12<" in page


def test_markdown_of_a_table_is_inert():
    text = _hostile_table()._repr_markdown_()
    assert "<script" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no live link: every ] is escaped
    assert "&lt;script&gt;" in text
    # the pipes of the hostile text are escaped: every table line has as many cell borders as the table has columns
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert lines and all(len(re.findall(r"(?<!\\)\|", line)) == 3 for line in lines)


def test_markdown_of_a_table_keeps_the_spaces_between_the_pieces_of_a_note():
    table = grid_table([REGISTRY["als19-gd"]], "width", {"n": "10,100", "L": "2"})
    plain_notes = [line for line in render(table, "plain", 3).splitlines() if line.startswith("als19-gd:")]
    shown = table._repr_markdown_()
    assert plain_notes and plain_notes[0].split("; m ≥")[1][:20] in shown


def test_a_table_repr_is_one_line():
    table = compare_table(list(REGISTRY.values()), {"n": "100", "L": "2"})
    shown = repr(table)
    assert _one_line(shown) and shown.startswith(f"<Table {len(table.rows)} rows × ")


# --- data frames ------------------------------------------------------------------------------------------


def _plain_cells(text: str) -> list[list[str]]:
    """The cells of a plain (tabulate "simple") table, cut at the columns its dashed rule marks."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"[- ]+", line) and "-" in line)
    spans = [match.span() for match in re.finditer(r"-+", lines[rule])]
    rows = []
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        rows.append(
            [
                line[start : (spans[k + 1][0] if k + 1 < len(spans) else None)].strip()
                for k, (start, _) in enumerate(spans)
            ]
        )
    return rows


def _shown_number(text: str) -> float:
    """'7.83 × 10^103' or '1200' as a float (log10 kept where it would overflow)."""
    if "×" in text:
        mantissa, exponent = text.split(" × 10^")
        return float(mantissa) * 10.0 ** int(exponent)
    return float(text)


@needs_pandas
@pytest.mark.parametrize("digits", [2, 4])
def test_to_frame_round_trips_the_values_shown_in_a_text_table(digits):
    theorems = [REGISTRY["als19-gd"], REGISTRY["du19-2layer"], REGISTRY["zou19"]]
    table = grid_table(theorems, "width", {"n": "10,100,1000", "L": "2", "lambda0": "0.1"})
    frame = table.to_frame()
    cells = _plain_cells(render(table, "plain", digits))
    assert len(cells) == len(frame) == 3
    for i, row in enumerate(cells):
        n = int(row[0])
        assert frame["n"][i] == n
        for column, theorem in zip(row[1:3], theorems[:2]):
            log10 = frame[f"{theorem.key} log10"][i]
            assert log10 == evaluate(theorem, "width", n=n, L=2, lambda0=0.1).log10  # the value, independently
            assert Magnitude(log10, None if "×" in column else int(column)).text(digits) == column  # as shown
            assert math.isclose(frame[theorem.key][i], _shown_number(column), rel_tol=10.0 ** (1 - digits))
        assert row[3] == frame["zou19"][i] == "needs exponent"  # a column without values stays text
    assert frame.attrs["notes"][0] == "Fixed: L = 2, lambda0 = 0.1."


@needs_pandas
def test_to_frame_of_a_compare_table_matches_the_evaluations():
    theorems = [REGISTRY["als19-gd"], REGISTRY["du19-2layer"], REGISTRY["zou19"]]
    table = compare_table(theorems, {"n": "100", "L": "3", "lambda0": "0.01"})
    frame = table.to_frame().set_index("Result")
    assert frame.loc["zou19", "width m note"] == "needs exponent" and math.isnan(frame.loc["zou19", "width m"])
    for key in ("als19-gd", "du19-2layer"):
        expected = evaluate(key, "width", n=100, L=3, lambda0=0.01).log10
        assert frame.loc[key, "width m log10"] == expected
        assert frame.loc[key, "log10 m"] == float(f"{expected:.1f}")  # the text column, read as numbers


@needs_pandas
def test_a_value_beyond_float64_keeps_its_log10():
    frame = Table([["x"]], [[Magnitude(400.5)]]).to_frame()
    assert frame["x"][0] == math.inf and frame["x log10"][0] == 400.5


@needs_pandas
def test_evaluate_frame_agrees_with_evaluate_point_by_point():
    n = np.array([10, 100, 1000])
    frame = evaluate_frame("als19-gd", "width", n=n, L=np.array([[2], [5]]))
    assert list(frame.columns) == ["n", "L", "log10", "value"] and len(frame) == 6
    for row in frame.itertuples():
        single = evaluate("als19-gd", "width", n=int(row.n), L=int(row.L))
        assert math.isclose(row.log10, single.log10, rel_tol=1e-12)
        assert math.isclose(row.value, 10.0**single.log10, rel_tol=1e-9)
    assert frame.attrs["status"] == single.status and frame.attrs["version"] == REGISTRY["als19-gd"].version


@needs_pandas
def test_evaluate_frame_applies_overrides_to_the_values_not_as_columns():
    frame = evaluate_frame("als19-gd", "width", n=[10, 20], L=2, exponents={"n": 12}, log_power=0)
    assert list(frame.columns) == ["n", "L", "log10", "value"]
    expected = [12 * math.log10(n) + 12 * math.log10(2) + 8 * math.log10(2) for n in (10, 20)]
    assert np.allclose(frame["log10"], expected, rtol=0, atol=1e-9)


def _copy_of_the_study(tmp_path: Path) -> Path:
    copy = tmp_path / "study.sqlite"
    shutil.copy(STUDY, copy)
    return copy


@needs_pandas
def test_study_load_gives_the_cells_and_runs_of_the_store_without_writing(tmp_path):
    import boundcalc.study

    path = _copy_of_the_study(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    cells, runs = boundcalc.study.load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.sqlite"]  # no -wal, -shm or lock beside it
    store = Store.reader(path)
    try:
        expected_cells, expected_runs = store.cells(), store.runs()
    finally:
        store.close()
    assert len(cells) == len(expected_cells) and len(runs) == len(expected_runs)
    by_cell = cells.set_index("cell")
    for cell in expected_cells:
        row = by_cell.loc[cell["cell"]]
        assert (None if row["m_star"] is __import__("pandas").NA else int(row["m_star"])) == cell["m_star"]
        assert row["n"] == cell["settings"]["n"] and row["L"] == cell["settings"]["L"]
    reached = sum(1 for run in expected_runs if run["reached_at"] >= 0)
    assert int((runs["reached_at"] >= 0).sum()) == reached


@needs_pandas
def test_study_load_refuses_what_is_not_a_store(tmp_path):
    import boundcalc.study

    foreign = tmp_path / "notes.sqlite"
    foreign.write_bytes(b"not a database at all" * 10)
    with pytest.raises(EnvironmentFailure):
        boundcalc.study.load(foreign)
    with pytest.raises(InputError):
        boundcalc.study.load(tmp_path / "missing.sqlite")
    assert foreign.read_bytes() == b"not a database at all" * 10


def test_without_pandas_every_frame_says_how_to_install_it(monkeypatch, tmp_path):
    import boundcalc.study

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    table = Table([["x"]], [[Magnitude(1.0)]])
    for attempt in (
        table.to_frame,
        lambda: evaluate_frame("als19-gd", "width", n=[10], L=2),
        lambda: boundcalc.study.load(_copy_of_the_study(tmp_path)),
    ):
        with pytest.raises(InputError, match=r"boundcalc\[frames\]"):
            attempt()


def test_the_calculator_never_imports_pandas_or_ipython():
    code = (
        "import sys, boundcalc, boundcalc.tables, boundcalc.study\n"
        "from boundcalc import REGISTRY, width, crossover\n"
        "repr(width(n=10, L=2)); width(n=10, L=2)._repr_latex_(); REGISTRY['als19-gd']._repr_latex_()\n"
        "t = boundcalc.tables.grid_table([REGISTRY['als19-gd']], 'width', {'n': '10,20', 'L': '2'})\n"
        "repr(t); t._repr_html_(); t._repr_markdown_()\n"
        "crossover('als19-gd', 'du19-2layer', L=2, lambda0=0.1, points=10)\n"
        "print(sorted(m for m in ('pandas', 'IPython', 'torch', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_exact_exponents_survive_display():
    bound = REGISTRY["als19-gd"].quantity("distance")
    assert bound.exponents["m"] == Fraction(-1, 2) and "m^(-1/2)" in repr(bound)
