"""Figures: the data behind them equal evaluate_many and the store, the pgfplots output compiles and
is inert, the matplotlib outputs are one page and the same bytes every run, and torch is never loaded."""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from boundcalc import evaluate_many
from boundcalc.figures.data import Line, PlotData, plot_data
from boundcalc.figures.pgfplots import to_pgfplots

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "checks" / "study.sqlite"
# the store's cells a figure at L = 1, d = 1, δ = 0.5 against n draws: the n axis, step auto, synthetic data
DRAWN = (
    "SELECT cell, json_extract(settings, '$.n'), m_star FROM cells WHERE json_extract(settings, '$.L') = 1 "
    "AND json_extract(settings, '$.d') = 1 AND json_extract(settings, '$.separation') = 0.5 "
    "AND json_extract(settings, '$.lr') = 'auto' AND json_extract(settings, '$.data') = 'synthetic' "
    "AND json_extract(settings, '$.n') >= 10"
)
FIGURES = ROOT / "tables" / "figures"  # not tables/*.tex: those compile without pgfplots
REQUIRE_LATEX = os.environ.get("BOUNDCALC_REQUIRE_LATEX") == "1"
needs_matplotlib = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib")
ISSUE = ["width", "--over", "n=10:1e6", "--L", "10", "--theorem", "als19-gd,du19-2layer,songyang19"]
ISSUE += ["--lambda0", "0.01"]


def _headline() -> list[str]:
    """The headline figure's arguments, as the Makefile's HEADLINE gives them to `make tables`."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    return shlex.split(re.search(r"^HEADLINE := (.*)$", text, re.MULTILINE).group(1))


HEADLINE = _headline()

_POINT = re.compile(r"(?<![=-] )\(([^,()\s]+),([^,()\s]+)\)")


def coordinates(tex: str) -> list[list[tuple[float, float]]]:
    """The points of each ``\\addplot ... coordinates {...}``, in order; error bars (after +- or -=) skipped."""
    blocks = re.findall(r"\\addplot\[.*?\] coordinates \{(.*?)\};", tex, re.DOTALL)
    return [[(float(x), float(y)) for x, y in _POINT.findall(block)] for block in blocks]


def _need_latex_with_pgfplots():
    have = shutil.which("pdflatex") is not None and shutil.which("kpsewhich") is not None
    if have:
        have = bool(subprocess.run(["kpsewhich", "pgfplots.sty"], capture_output=True, text=True).stdout.strip())
    if not have:
        if REQUIRE_LATEX:
            pytest.fail("pdflatex with pgfplots is required here (BOUNDCALC_REQUIRE_LATEX=1) but not installed")
        pytest.skip("pdflatex or pgfplots not installed")


def _typeset(workdir: Path, figures: dict[str, str], twocolumn: bool = False) -> str:
    """Compile the figures in a plain article; return the log, failing on an error, an overfull box or a
    missing glyph."""
    for name, text in figures.items():
        (workdir / name).write_text(text)
    body = "\n".join(
        rf"\begin{{{env}}}\centering\input{{{name}}}\caption{{{k}}}\end{{{env}}}"
        for k, name in enumerate(figures)
        for env in ["figure*" if "wide" in name else "figure"]
    )
    (workdir / "paper.tex").write_text(
        f"\\documentclass{'[twocolumn]' if twocolumn else ''}{{article}}\n\\usepackage{{pgfplots}}\n"
        f"\\pgfplotsset{{compat=1.17}}\n\\begin{{document}}\n{body}\nText.\n\\end{{document}}\n"
    )
    done = subprocess.run(
        ["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "paper.tex"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = (workdir / "paper.log").read_text(errors="replace")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Overfull \\hbox" not in log, log[log.find("Overfull") - 200 : log.find("Overfull") + 400]
    assert "Missing character" not in log
    return log


def test_pgfplots_coordinates_are_evaluate_many_to_the_printed_digits(cli, tmp_path):
    code, out, err = cli("plot", *ISSUE, "--format", "pgfplots", "--output", str(tmp_path / "fig.tex"))
    assert code == 0, err
    tex = (tmp_path / "fig.tex").read_text()
    blocks = coordinates(tex)
    assert len(blocks) == 3  # songyang19 is known only as an order: drawn, and the note says what it leaves out
    assert "songyang19 width is known only as an order: drawn without" in tex.split(r"\begin")[0]
    for key, points in zip(["als19-gd", "du19-2layer", "songyang19"], blocks):
        x = np.array([p[0] for p in points])
        assert x[0] == 10 and x[-1] == 10**6 and np.all(x == np.round(x)) and len(x) > 100
        expected = evaluate_many(key, "width", n=x.astype(np.int64), L=10, lambda0=0.01)
        printed = np.array([p[1] for p in points])
        assert np.max(np.abs(printed - expected)) <= 0.5e-6 + 1e-9
        assert rf"\addlegendentry{{{key} (" in tex
    # the y axis runs from a power of ten at or below the least value to one at or above the largest
    ticks = [int(t) for t in re.search(r"ytick=\{([^}]*)\}", tex).group(1).split(",")]
    ys = [p[1] for b in blocks for p in b]
    assert ticks[0] <= min(ys) < ticks[1] and ticks[-2] < max(ys) <= ticks[-1] and len(ticks) <= 8
    assert f"ymin={ticks[0]}, ymax={ticks[-1]}" in tex


def test_pgfplots_compiles_in_a_plain_article_in_its_fonts(cli, tmp_path):
    _need_latex_with_pgfplots()
    figures = {}
    for name, extra in (
        ("issue.tex", []),
        ("store.tex", ["--store", str(STORE), "--delta", "0.5", "--references", "--crossovers"]),
        ("wide.tex", ["--size", "two-column", "--orders", "--references"]),
    ):
        args = list(ISSUE) if name != "store.tex" else [*ISSUE[:2], "n=16:1024", "--L", "1", *ISSUE[5:]]
        code, _, err = cli("plot", *args, *extra, "--format", "pgfplots", "--output", str(tmp_path / name))
        assert code == 0, err
        figures[name] = (tmp_path / name).read_text()
    figures["wide-headline.tex"] = (FIGURES / "headline-width.tex").read_text()  # the committed one too
    _typeset(tmp_path, figures, twocolumn=True)
    _typeset(tmp_path, {"issue.tex": figures["issue.tex"]})
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, str(tmp_path / "paper.pdf"), "-"], capture_output=True, text=True).stdout
        assert "als19-gd (restated" in text and "samples" in text


def test_user_text_never_becomes_live_tex(tmp_path):
    nasty = r"k\input{/etc/passwd}$x$_%&#^~{"
    line = Line(nasty, "stated", "Ω", "guarantee", "m ≥ n", False, False, np.array([1, 10]), np.array([0.0, 2.0]))
    data = PlotData(
        "width", "n", 1, 10, "log", "log", {"L": nasty}, (line,), notes=(nasty + "\nnext line",), yticks=(0, 2)
    )
    tex = to_pgfplots(data)
    assert r"\input{/etc" not in tex and "$x$" not in tex
    assert r"k\textbackslash{}input\{/etc/passwd\}\$x\$\_\%\&\#" in tex
    assert all(line.startswith("%") for line in tex.split(r"\begin{tikzpicture}")[0].splitlines())
    if shutil.which("pdflatex") and subprocess.run(["kpsewhich", "pgfplots.sty"], capture_output=True).stdout:
        _typeset(tmp_path, {"nasty.tex": tex})


def test_the_overlaid_points_are_the_stores(tmp_path):
    copy = tmp_path / "study.sqlite"
    shutil.copy(STORE, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    data = plot_data("width", "n=10:1e4", "als19-gd,du19-2layer", L=1, delta=0.5, lambda0=0.1, store=copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.sqlite"]  # no -wal, -shm or lock beside it
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    with sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True) as connection:
        cells = connection.execute(DRAWN).fetchall()
        runs = connection.execute("SELECT cell, m, seed, reached_at FROM runs").fetchall()
    assert len(cells) == 9  # n = 16, 32, 64, three data draws each
    expected = sorted((float(n), m_star) for _, n, m_star in cells)
    assert sorted((c.x, c.m_star) for c in data.measured) == expected  # draws at one n in any order
    for cell in data.measured:
        widths = {m for c, m, _, _ in runs if c == cell.cell}
        failed_below = [m for c, m, _, reached in runs if c == cell.cell and m < cell.m_star and reached < 0]
        assert cell.below == max(m for m in widths if m < cell.m_star) and cell.below in failed_below
        assert cell.widest == max(widths) and not cell.censored
    assert any("measured m* from study.sqlite" in note for note in data.notes)
    tex = to_pgfplots(data)
    measured = coordinates(tex)[-1]
    assert sorted((x, round(y, 6)) for x, y in measured) == [(x, round(math.log10(m), 6)) for x, m in expected]
    frame_rows = [r for r in data.rows() if r["role"] == "measured"]
    assert sorted((r["x"], round(10 ** r["log10"])) for r in frame_rows) == expected


def test_store_cells_at_other_settings_are_left_out_or_refused():
    with pytest.raises(Exception, match="no cell at the figure's inputs"):
        plot_data("width", "n=10:1e4", "als19-gd", L=10, store=STORE)
    data = plot_data("width", "n=2:64", "als19-gd", L=1, delta=0.5, store=STORE)  # L, d, δ, data and step vary
    assert data.measured and any("left out" in note for note in data.notes)


def test_looseness_is_bound_over_m_star_at_each_cell():
    point = dict(L=1, delta=0.5, lambda0=0.1)
    data = plot_data("width", "n=16:512", "als19-gd,du19-2layer", store=STORE, looseness=True, **point)
    assert data.yscale == "linear" and not data.measured
    with sqlite3.connect(f"file:{STORE}?mode=ro&immutable=1", uri=True) as connection:
        m_stars = {(int(n), m) for _, n, m in connection.execute(DRAWN).fetchall() if m is not None}
    for line in data.lines:
        bound = evaluate_many(line.key, "width", n=line.x, **point)
        implied = {(int(x), round(10 ** (b - y))) for x, b, y in zip(line.x, bound, line.y)}
        assert implied <= m_stars and len(line.y) == 9  # three data draws at each n; some share an m*
        assert np.all(line.y_high > line.y)


def test_left_out_entries_say_why_and_references_are_lower_rows():
    data = plot_data("width", "n=10:1e3", "als19-gd,zou19,songyang19,du19-2layer", L=2, points=5, references=True)
    keys = [line.key for line in data.lines]
    assert keys[0] == "als19-gd" and "du19-2layer" not in keys  # needs λ0
    notes = " | ".join(data.notes)
    assert "zou19 width needs the δ exponent" in notes and "songyang19 width is known only as an order" in notes
    assert "du19-2layer width needs lambda0" in notes
    assert {line.key for line in data.lines if line.reference} >= {"floor-params"}
    assert all(line.reference == (line.kind in ("floor", "existence")) for line in data.lines)


def test_crossovers_are_those_crossover_finds():
    from boundcalc import crossover

    data = plot_data("width", "n=1:1e3", "als19-gd,du19-2layer", L=2, lambda0=1e-6, crossovers=True)
    found = crossover("als19-gd", "du19-2layer", L=2, lambda0=1e-6).crossings
    assert [c.x for c in data.crossings] == [(f.below + f.above) / 2 for f in found if f.below <= 1000]
    assert len(data.crossings) == 1


@pytest.mark.parametrize(
    "args, code",
    [
        (["--over", "n", "--output", "x.pdf"], 2),
        (["--over", "n=100:10", "--output", "x.pdf"], 2),
        (["--over", "n=0:10", "--output", "x.pdf"], 2),
        (["--over", "n=1.5:10", "--output", "x.pdf"], 2),
        (["--over", "q=1:10", "--output", "x.pdf"], 2),
        (["--over", "n=10:1e999", "--output", "x.pdf"], 2),
        (["--over", "n=10:100", "--n", "5", "--output", "x.pdf"], 2),
        (["--over", "n=10:100", "--output", "x.doc"], 2),
        (["--over", "n=10:100", "--looseness", "--output", "x.tex"], 2),
        (["--over", "n=10:100", "--theorem", "du19-2layer", "--output", "x.tex"], 2),
        (["--over", "n=10:100", "--store", "foreign.sqlite", "--output", "x.tex"], 1),
        (["--over", "n=10:100", "--output", "/nonexistent/dir/x.tex"], 2),
        (["--over", "n=10:100", "--points", "1", "--output", "x.tex"], 2),
    ],
)
def test_bad_plot_input_is_one_line(cli, tmp_path, monkeypatch, args, code):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "foreign.sqlite").write_text("not a store, not SQLite at all: refused untouched\n" * 4)
    got, out, err = cli("plot", "width", "--L", "2", *args)
    assert got == code, err
    assert err.count("\n") == 1 and err.startswith("boundcalc: error: ") and "Traceback" not in err


def test_pgfplots_needs_no_matplotlib_and_nothing_loads_torch(tmp_path):
    args = ["plot", *ISSUE, "--store", str(STORE), "--output", str(tmp_path / "f.tex")]
    args[args.index("--L") + 1] = "1"  # the store's depth and separation
    args += ["--delta", "0.5"]
    code = (
        "import sys; from boundcalc.cli import main\n"
        f"assert main({args!r}) == 0\n"
        "print(sorted(m for m in ('torch', 'matplotlib', 'dask', 'distributed') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]" and (tmp_path / "f.tex").read_text().count(r"\addplot") == 4


@needs_matplotlib
def test_the_issue_command_writes_a_one_page_pdf(cli, tmp_path):
    code, out, err = cli("plot", *ISSUE, "--output", str(tmp_path / "fig.pdf"))
    assert code == 0, err
    pdf = (tmp_path / "fig.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    assert b"CreationDate" not in pdf


@needs_matplotlib
@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_figures_are_the_same_bytes_every_run(tmp_path, fmt):
    from boundcalc.figures.draw import write

    data = plot_data("width", "n=10:1e4", "als19-gd,du19-2layer", L=1, delta=0.5, lambda0=0.1, points=30, store=STORE)
    write(data, tmp_path / f"a.{fmt}", fmt)
    write(data, tmp_path / f"b.{fmt}", fmt, "column")
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()
    write(data, tmp_path / f"c.{fmt}", fmt, "two-column")
    assert (tmp_path / f"c.{fmt}").read_bytes() != (tmp_path / f"a.{fmt}").read_bytes()


@needs_matplotlib
def test_boundcalc_plot_returns_a_figure_without_torch():
    code = (
        "import sys, boundcalc, matplotlib.figure\n"
        f"figure = boundcalc.plot('width', 'n=16:512', 'als19-gd,du19-2layer', L=1, delta=0.5, lambda0=0.1, store={str(STORE)!r})\n"
        "assert isinstance(figure, matplotlib.figure.Figure)\n"
        "assert figure._repr_png_().startswith(bytes([137]) + b'PNG')\n"
        "print(sorted(figure.data.rows()[0]), len(figure.data.measured))\n"
        "print(sorted(m for m in ('torch', 'dask', 'distributed', 'matplotlib.pyplot') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rows, modules = done.stdout.strip().splitlines()
    assert rows.endswith(" 9") and modules == "[]"  # n = 16, 32, 64, three data draws each


@needs_matplotlib
def test_the_figure_frame_holds_its_data():
    pytest.importorskip("pandas")
    import boundcalc

    figure = boundcalc.plot("width", "n=10:1000", "als19-gd", L=2, points=10)
    frame = figure.to_frame()
    line = figure.data.lines[0]
    assert frame["x"].tolist() == line.x.astype(float).tolist() and frame["log10"].tolist() == line.y.tolist()
    assert set(frame["status"]) == {"restated"} and frame.attrs["inputs"] == {"L": "2"}


def test_the_headline_figure_is_not_stale(cli, tmp_path, monkeypatch):
    """tables/figures/headline-width.tex (its data) is regenerated exactly; the PNG too where matplotlib is here."""
    monkeypatch.chdir(ROOT)
    code, _, err = cli("plot", *HEADLINE, "--output", str(tmp_path / "headline-width.tex"))
    assert code == 0, err
    assert (tmp_path / "headline-width.tex").read_text() == (FIGURES / "headline-width.tex").read_text()
    if importlib.util.find_spec("matplotlib") is None:
        return
    code, _, err = cli("plot", *HEADLINE, "--output", str(tmp_path / "headline-width.png"))
    assert code == 0, err
    assert (tmp_path / "headline-width.png").read_bytes() == (FIGURES / "headline-width.png").read_bytes(), (
        "tables/figures/headline-width.png is stale or this matplotlib draws differently: run make tables"
    )
    assert (ROOT / "docs" / "headline-width.png").read_bytes() == (FIGURES / "headline-width.png").read_bytes()


def test_the_headline_sentence_quotes_the_figures_looseness():
    """The decades the README and the docs index quote are the headline figure's looseness, rounded."""

    def given(flag: str) -> str:
        return HEADLINE[HEADLINE.index(flag) + 1]

    inputs = {name: given(f"--{name.replace('_', '-')}") for name in ("L", "delta", "lambda0", "d_in")}
    store = ROOT / given("--store")
    data = plot_data("width", given("--over"), "als19-gd,du19-2layer,oymak20", store=store, looseness=True, **inputs)
    spans = {line.key: (round(float(line.y.min())), round(float(line.y.max()))) for line in data.lines}
    for page in (ROOT / "README.md", ROOT / "docs" / "index.md"):
        text = page.read_text()
        assert f"width (C = 1) sits {spans['als19-gd'][0]} to {spans['als19-gd'][1]} decades above" in text
        assert f"two-layer bound {spans['du19-2layer'][0]} to {spans['du19-2layer'][1]}," in text
        assert max(abs(v) for v in spans["oymak20"]) <= 1 and "Oymak–Soltanolkotabi's within one" in text


def test_censored_and_open_cells_are_drawn_as_arrows_and_bars(tmp_path):
    from boundcalc.figures.measured import Measured

    line = Line("als19-gd", "restated", "Ω", "guarantee", "", False, False, np.array([8, 64]), np.array([30.0, 50.0]))
    cells = (Measured("a", 8.0, None, None, 1024), Measured("b", 64.0, 40, None, 64), Measured("c", 16.0, 100, 64, 128))
    data = PlotData("width", "n", 8, 64, "log", "log", {}, (line,), measured=cells, yticks=(0, 20, 40))
    tex = to_pgfplots(data)
    assert rf"\draw[->, thick] (axis cs:8,{math.log10(1024):.6f}) -- ++(0pt,10pt);" in tex
    assert coordinates(tex)[-1] == [(64.0, round(math.log10(40), 6)), (16.0, 2.0)]
    assert f"-= (0,{2 - math.log10(64):.6f})" in tex and "-= (0,0.000000)" in tex
    if importlib.util.find_spec("matplotlib") is not None:
        from boundcalc.figures.draw import figure_bytes, figure_of

        assert figure_bytes(figure_of(data), "png").startswith(b"\x89PNG")
