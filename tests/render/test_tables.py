import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from boundcalc import REGISTRY
from boundcalc.render.requests import TABLE_INPUTS
from boundcalc.tables import compare_table, formula_table, generate_tables, grid_table, latex_escape, render

TABLES = Path(__file__).resolve().parents[2] / "tables"
NASTY = r"Bounds & 50% of δ_x #1 {a} ~ ^ \ $ — ≥ ε ü"
REQUIRE_LATEX = os.environ.get("BOUNDCALC_REQUIRE_LATEX") == "1"


def test_latex_escape_handles_every_special():
    assert latex_escape("_ % & # $ { } ~ ^ \\") == (r"\_ \% \& \# \$ \{ \} \textasciitilde{} \^{} \textbackslash{}")
    assert latex_escape("δ ≥ 1") == r"$\delta$ $\geq$ 1"


def test_grid_values_match_the_calculator():
    table = grid_table([REGISTRY["als19-gd"]], "width", {"n": "100,1000", "L": "2,10", "delta": "0.1"})
    from boundcalc import width

    assert table.rows[1][2] == width(n=1000, L=10, delta=0.1).value
    assert len(table.rows) == 2 and len(table.rows[0]) == 3


def test_every_format_is_deterministic_and_consistent(cli):
    args = ["--n", "100,1000", "--L", "2,10", "--digits", "3"]
    outputs = {}
    for fmt in ("latex", "markdown", "plain", "csv"):
        first = cli("table", *args, "--format", fmt)
        second = cli("table", *args, "--format", fmt)
        assert first == second and first[0] == 0
        outputs[fmt] = first[1]
    assert r"$3.92\times10^{89}$" in outputs["latex"] and "3.92 × 10^89" in outputs["markdown"]
    rows = list(csv.reader(io.StringIO(outputs["csv"])))
    assert rows[0][0] == "n" and float(rows[2][1]) == pytest.approx(3.92e89, rel=1e-3)
    for needle in (r"\toprule", r"\midrule", r"\bottomrule", r"\cmidrule", "status restated", "C = 1", "log power 5"):
        assert needle in outputs["latex"], needle


def _assert_github_table(text: str) -> None:
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len(lines) >= 3
    assert re.fullmatch(r"\|(:?-+:?\|)+", lines[1].replace(" ", "")), lines[1]
    pipes = {line.count("|") for line in lines}
    assert len(pipes) == 1, "every row has as many cells as the header"


@pytest.mark.parametrize("path", sorted(TABLES.glob("*.md")), ids=lambda p: p.name)
def test_markdown_tables_are_github_tables(path):
    if path.name == "README.md":
        return
    _assert_github_table(path.read_text())


def test_formula_and_compare_tables():
    theorems = [REGISTRY[k] for k in REGISTRY]
    formulas = render(formula_table(theorems), "latex")
    assert r"\Omega\left(\frac{n^{24}" in formulas and "Theorem 2" in formulas
    compare = compare_table(theorems, {"n": "1000", "L": "10"})
    keys = [row[0] for row in compare.rows]
    assert keys[:3] == ["als19-gd", "als19-gd-v1", "als19-sgd"] and "als19-grad" not in keys  # lemmas: no width
    assert compare.rows[0][3].log10 == pytest.approx(103.894, abs=1e-3) and compare.rows[0][2] == "Ω"
    assert compare.rows[keys.index("du19-deep")][3] == "needs λ_H"  # its own kernel's λ, not H∞'s
    assert compare.rows[keys.index("zou19")][3] == "needs exponent"  # no placeholder printed as a width
    nguyen = compare.rows[keys.index("nguyen21")]  # known only as an order: evaluated, its order shown
    assert nguyen[3].log10 == pytest.approx(3.0) and nguyen[2] == "Ω"
    assert compare.rows[keys.index("kawaguchi19")][5].log10 == pytest.approx(3.0)  # parameters, not a width
    assert any("nguyen21 width without" in str(note) for note in compare.notes)


def test_committed_tables_are_current():
    stale = generate_tables(TABLES / "tables.toml", TABLES, check_only=True)
    assert stale == [], f"stale tables, run `make tables`: {stale}"


def test_spec_is_checked_before_work(tmp_path):
    from boundcalc import InputError

    bad = tmp_path / "spec.toml"
    out = tmp_path / "out"
    for text, message in [
        ('[[table]]\nname = "a b"', "name"),
        ('[[table]]\nname = "a"\ntheorems = "x"', "theorems"),
        ('[[table]]\nname = "a"\nformats = ["pdf"]', "formats"),
        ('[[table]]\nname = "a"\nargs = []', "unknown key 'args'"),
        ('[[table]]\nname = "a"\nn = [1, true]', "n: expected a number"),
        ('[[table]]\nname = "a"\nn = "1,x"', "not a number"),
        ('[[table]]\nname = "a"\nkind = "pie"', "kind"),
        ('[[table]]\nname = "a"\n[[table]]\nname = "a"', "share the name"),
        ('[[table]]\nname = "a"\nn = [1, 2]\nL = 2\n[[table]]\nname = "b"\ntheorems = ["nope"]', "unknown theorem"),
        ('[[tables]]\nname = "a"', "unknown key"),
        ("not toml [", "TOML"),
    ]:
        bad.write_text(text)
        with pytest.raises(InputError, match=message):
            generate_tables(bad, out)
    assert not out.exists()  # nothing is written before the whole spec is valid


def test_spec_request_and_command_line_make_the_same_bytes(cli, tmp_path):
    """make-tables builds from a request, not from a replayed command line; the two agree."""
    spec = tmp_path / "spec.toml"
    spec.write_text('[[table]]\nname = "t"\nn = [10, 100]\nL = "2"\nlog_power = 0\ncaption = "c"\nformats = ["latex"]')
    generate_tables(spec, tmp_path)
    code, out, _ = cli("table", "--n", "10,100", "--L", "2", "--log-power", "0", "--caption", "c", "--format", "latex")
    assert code == 0 and out == (tmp_path / "t.tex").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["--n", "100,abc"],
        ["--n", ","],
        ["--theorem", "nope"],
        ["--theorem", "als19-grad", "--n", "10", "--L", "2"],
        ["--n", "10", "--L", "2", "--format", "pdf"],
        ["--n", "10", "--L", "2", "--exp", "q=1"],
        ["--n", "0", "--L", "2"],
        ["--n", "10", "--L", "2", "--output", "/nonexistent/dir/t.tex"],
    ],
)
def test_bad_table_arguments(cli, args):
    code, out, err = cli("table", *args)
    assert code == 2 and out == "" and err.count("\n") == 1


def test_table_messages_name_options_as_the_command_line_spells_them(cli):
    """Hyphens between words: the underscore spellings are hidden aliases, never shown."""
    from boundcalc.cli.tables import table_command
    from boundcalc.render.requests import TABLE_INPUTS, TableRequest, input_flag

    options = {flag for parameter in table_command.params for flag in parameter.opts}
    assert [name for name in TABLE_INPUTS if input_flag(name) not in options] == []
    code, out, err = cli("table", "--eps-test", ",")
    assert code == 2 and out == "" and "--eps-test: give one or more values" in err
    code, _, err = cli("table", "--compare", "--lambda-deep", "0.1,0.2")
    assert code == 2 and "--lambda-deep: a comparison is at one point" in err and "--lambda_deep" not in err
    command = TableRequest(inputs={"n": "10", "eps_res": "0.1", "b": "4"}).command_line("latex")
    assert "--eps-res 0.1" in command and "--batch 4" in command


def _pdflatex(workdir: Path, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pdflatex", "-halt-on-error", "-interaction=nonstopmode", name],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _need_pdflatex():
    if shutil.which("pdflatex") is None:
        if REQUIRE_LATEX:
            pytest.fail("pdflatex is required here (BOUNDCALC_REQUIRE_LATEX=1) but not installed")
        pytest.skip("pdflatex not installed")


def test_every_committed_table_compiles(tmp_path):
    _need_pdflatex()
    inputs = sorted(TABLES.glob("*.tex")) + sorted((TABLES / "study").glob("*.tex"))  # the study's too
    assert len(inputs) > len(list(TABLES.glob("*.tex")))
    for path in inputs:
        shutil.copy(path, tmp_path / path.name)
    assert len({p.name for p in inputs}) == len(inputs)
    body = "\n".join(rf"\input{{{p.name}}}\clearpage" for p in inputs)
    # a plain 10pt article with only the packages each fragment's second line says it needs
    needs = sorted(
        {pkg for p in inputs for pkg in re.findall(r"% needs \\usepackage\{([^}]*)\}", p.read_text())[0].split(",")}
    )
    (tmp_path / "all.tex").write_text(
        f"\\documentclass{{article}}\n\\usepackage{{{','.join(needs)}}}\n"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    done = _pdflatex(tmp_path, "all.tex")
    assert done.returncode == 0, done.stdout[-2000:]


def test_standalone_with_hostile_caption_compiles(cli, tmp_path):
    _need_pdflatex()
    code, out, _ = cli(
        "table",
        "--n",
        "10,100",
        "--L",
        "2,3",
        "--format",
        "latex",
        "--standalone",
        "--caption",
        NASTY,
        "--label",
        "tab:x_1",
        "--theorem",
        "als19-gd",
    )
    assert code == 0 and out.startswith("\\documentclass")
    (tmp_path / "t.tex").write_text(out)
    done = _pdflatex(tmp_path, "t.tex")
    assert done.returncode == 0, done.stdout[-2000:]
    for fmt_args in (
        ["--formulas", "--theorem", "als19-gd,als19-sgd,als19-grad,als19-smooth"],
        ["--compare", "--n", "100", "--L", "3"],
        ["--n", "10,100", "--L", "3", "--long", "--theorem", "als19-gd,als19-sgd"],
    ):
        code, out, _ = cli("table", *fmt_args, "--format", "latex", "--standalone", "--caption", NASTY)
        (tmp_path / "u.tex").write_text(out)
        done = _pdflatex(tmp_path, "u.tex")
        assert code == 0 and done.returncode == 0, done.stdout[-2000:]


def test_catalogue_inputs_reach_tables(cli):
    code, out, _ = cli("table", "--n", "10,100", "--L", "2", "--lambda0", "0.1", "--theorem", "als19-gd,du19-2layer")
    assert code == 0 and "du19-2layer" in out
    code, out, _ = cli(
        "table",
        "--compare",
        "--n",
        "100",
        "--L",
        "3",
        "--lambda0",
        "0.1",
        "--margin",
        "0.2",
        "--d-in",
        "10",
        "--format",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(out)))
    assert sum(1 for row in rows[1:] if row[3][:1].isdigit()) >= 8


@pytest.mark.parametrize("name", TABLE_INPUTS)
def test_every_input_can_vary_down_a_table(cli, name):
    """Each input's symbol comes from the one table of symbols: none is missing from a grid's headers
    (eps_test and the other inputs past the first seven once stopped a table with a KeyError)."""
    from boundcalc.render.requests import input_flag
    from boundcalc.theory.symbols import BASES

    fixed = [arg for other, value in (("n", "100"), ("L", "10")) if other != name for arg in (f"--{other}", value)]
    values = "2,3" if name in ("n", "L", "d", "b", "m", "d_in") else "0.1,0.2"
    code, out, err = cli("table", *fixed, input_flag(name), values, "--format", "latex")
    assert code == 0, err
    assert f"${BASES[name].latex}$" in out
    code, out, err = cli("table", *fixed, input_flag(name), values)
    assert code == 0 and out.splitlines()[0].startswith(name), err


def test_two_top_headers_share_one_row():
    """Spans over columns 2–3 and 4–5 sit side by side (they once stepped down a row each)."""
    from boundcalc.render.table import Table

    table = Table([["a", "b", "c", "d", "e"]], [["1", "2", "3", "4", "5"]], spans=[(3, 4, "late"), (1, 2, "early")])
    latex = render(table, "latex")
    assert r" & \multicolumn{2}{c}{early} & \multicolumn{2}{c}{late} \\" in latex
    assert r"\cmidrule(lr){2-3}\cmidrule(lr){4-5}" in latex and latex.count(r"\multicolumn") == 2
    html = table._repr_html_()
    assert '<tr><th></th><th colspan="2">early</th><th colspan="2">late</th></tr>' in html
