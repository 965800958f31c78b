"""One hostile corpus through every field of every writer: LaTeX compiles and opens no file outside the
document, Markdown parses (CommonMark) with no raw HTML, link or image from the input and the right
number of cells, and text shows control characters instead of emitting them (issue 26, item 1)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from boundcalc.errors import InputError
from boundcalc.render.escape import html_text, latex_comment, latex_text, markdown_text, terminal_text

REQUIRE_LATEX = os.environ.get("BOUNDCALC_REQUIRE_LATEX") == "1"

CORPUS = [
    "x\n\\input{/etc/passwd}",
    "y\r\\input{/etc/hostname}",
    "z\u2028\\input{/etc/hosts}\x0c\\input{/etc/hosts}\x85\\input{/etc/hosts}",
    "\\immediate\\write18{touch pwned}\\openin5=/etc/passwd",
    "^^J\\input{/etc/passwd} ^^M% }{ $\\input{x}$ \\catcode`\\@=11 # & ~ _",
    "<script>alert(1)</script><img src=x onerror=alert(2)><!-- c --> &amp; &#60;b&#62;",
    "[x](javascript:alert(1)) ![i](http://e.example/i.png) <http://e.example> https://e.example www.e.example a@b.example",
    "a | b | c |",
    "*bold* _em_ `code` ~~del~~ $math$ \\| \\",
    "\x1b[31mred\x1b[0m \x07 \x08 \u202eevil\u202c \u200b \x00",
    "Póczos ß ø δ ≥ λ0 Ω̃(n^6) … — – `` '' --- x^2^3 > 1024 < 3",
]
FIELDS = ("paper", "source", "version", "setting", "note", "theorem")


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with \\uXXXX escapes is a valid TOML basic string


@pytest.fixture
def hostile_files(tmp_path):
    """Bound files whose every text field holds the corpus, a few items at a time (fields hold 500)."""
    paths = []
    for index in range(0, len(CORPUS), 4):
        chunk = " ".join(CORPUS[index : index + 4])
        fields = "\n".join(f"{name} = {_toml_string(chunk)}" for name in FIELDS)
        path = tmp_path / f"hostile{index}.toml"
        path.write_text(
            f'[[theorem]]\nkey = "inj"\nstatus = "recalled"\nyear = 2026\n{fields}\n'
            '[theorem.quantities]\nwidth = "n^2*L"\nstep_size = "1/(n*m)"\niterations = "n^2*log(1/eps)"\n',
            encoding="utf-8",
        )
        paths.append(path)
    return paths


# every writer of text that shows a bound file's fields: (name, arguments, format)
WRITERS = [
    ("width latex", ["width", "--theorem", "inj", "--n", "10", "--L", "2", "--format", "latex"], "latex-math"),
    ("bounds latex", ["bounds", "--theorem", "inj", "--n", "10", "--L", "2", "--format", "latex"], "latex-math"),
    ("table latex", ["table", "--theorem", "inj", "--n", "10,100", "--L", "2", "--format", "latex"], "latex"),
    ("formulas latex", ["table", "--formulas", "--theorem", "inj,als19-gd", "--format", "latex"], "latex"),
    ("compare latex", ["table", "--compare", "--theorem", "inj,du19-2layer", "--n", "10", "--L", "2",
                       "--format", "latex", "--width", "column"], "latex"),
    ("table markdown", ["table", "--theorem", "inj", "--n", "10,100", "--L", "2", "--format", "markdown"], "markdown"),
    ("formulas markdown", ["table", "--formulas", "--theorem", "inj,als19-gd", "--format", "markdown"], "markdown"),
    ("compare markdown", ["compare", "--theorem", "inj,du19-2layer", "--n", "10", "--L", "2",
                          "--format", "markdown"], "markdown"),
    ("table plain", ["table", "--theorem", "inj", "--n", "10,100", "--L", "2"], "text"),
    ("table csv", ["table", "--theorem", "inj", "--n", "10,100", "--L", "2", "--format", "csv"], "text"),
    ("width text", ["width", "--theorem", "inj", "--n", "10", "--L", "2"], "text"),
    ("bounds text", ["bounds", "--theorem", "inj", "--n", "10", "--L", "2"], "text"),
    ("explain", ["explain", "inj"], "text"),
]  # fmt: skip

_TEX_TREES = ("/usr/share/texlive", "/usr/share/texmf", "/var/lib/texmf", "/etc/texmf", "/usr/local/texlive")


def _compile_alone(latex: str, folder: Path) -> subprocess.CompletedProcess:
    """A display equation or a table fragment alone in a plain article."""
    document = (
        "\\documentclass{article}\n\\usepackage{booktabs,graphicx,natbib,url}\n\\begin{document}\n"
        f"{latex}\n\\end{{document}}\n"
    )
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    return subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "-recorder", "doc.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _opened_outside(folder: Path) -> list[str]:
    """Files pdflatex opened that are neither the document's own nor the TeX installation's."""
    outside = []
    for line in (folder / "doc.fls").read_text(errors="replace").splitlines():
        kind, _, path = line.partition(" ")
        if kind not in ("INPUT", "OUTPUT"):
            continue
        resolved = Path(path) if os.path.isabs(path) else (folder / path)
        resolved = Path(os.path.realpath(resolved))
        if str(resolved).startswith(str(folder.resolve())) or str(resolved).startswith(_TEX_TREES):
            continue
        if "texmf" in str(resolved) or "texlive" in str(resolved):  # a user's or the system's TeX tree
            continue
        outside.append(line)
    return outside


def _markdown_problems(markdown: str) -> list[str]:
    from markdown_it import MarkdownIt

    problems = []
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    ours = {"<br>", "<sub>", "</sub>"}
    for token in tokens:
        if token.type == "html_block":
            problems.append(f"raw HTML block {token.content[:40]!r}")
        for child in token.children or []:
            if child.type == "html_inline" and child.content not in ours:
                problems.append(f"raw HTML {child.content!r}")
            if child.type in ("link_open", "image"):
                problems.append(f"live {child.type} {child.attrs}")
    # every row of a table has the header's number of cells
    header_cells, cells, in_row = None, 0, False
    for token in tokens:
        if token.type == "tr_open":
            cells, in_row = 0, True
        elif token.type in ("th_open", "td_open") and in_row:
            cells += 1
        elif token.type == "tr_close":
            if header_cells is None:
                header_cells = cells
            elif cells != header_cells:
                problems.append(f"a row of {cells} cells under a header of {header_cells}")
    # a GFM parser drops a row's extra cells silently: count the row's unescaped pipes in the source
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    counts = {len(re.findall(r"(?<!\\)\|", row)) - 1 for row in rows}
    if len(counts) > 1:
        problems.append(f"rows of {sorted(counts)} cells")
    if rows:
        assert header_cells is not None, "the Markdown table did not parse as a table"
    return problems


def _controls(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"})


@pytest.mark.parametrize("writer, arguments, kind", WRITERS, ids=[w[0] for w in WRITERS])
def test_the_hostile_corpus_is_inert_in_every_writer(cli, hostile_files, tmp_path, writer, arguments, kind):
    latex_available = shutil.which("pdflatex") is not None
    if kind.startswith("latex") and not latex_available:
        if REQUIRE_LATEX:
            pytest.fail("pdflatex is required here (BOUNDCALC_REQUIRE_LATEX=1) but not installed")
        pytest.skip("pdflatex not installed")
    for path in hostile_files:
        code, out, err = cli(*arguments, "--bound-file", str(path))
        assert code == 0, (writer, path.name, err)
        assert _controls(out) == [], (writer, "control characters emitted")
        if kind.startswith("latex"):
            for line in out.splitlines():  # no line that starts a comment may be followed by live text
                assert "\\input" not in line or line.startswith("%") or "textbackslash{}input" in line, line
            folder = tmp_path / f"{writer.replace(' ', '-')}-{path.stem}"
            folder.mkdir()
            done = _compile_alone(out, folder)
            assert done.returncode == 0, done.stdout[-1500:]
            assert _opened_outside(folder) == [], writer
            assert not (folder / "pwned").exists()
        elif kind == "markdown":
            assert _markdown_problems(out) == [], writer


def test_markdown_checks_can_fail():
    assert _markdown_problems("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n") != []
    assert _markdown_problems("<script>x</script>\n") != []
    assert _markdown_problems("[x](http://e.example) ![i](i.png)") != []  # markdown-it drops javascript: itself


def test_the_recorder_check_sees_a_file_opened_outside(tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not installed")
    done = _compile_alone("\\input{/etc/hostname}", tmp_path)
    assert done.returncode in (0, 1)
    assert any("/etc/hostname" in line for line in _opened_outside(tmp_path))


@pytest.mark.parametrize("text", CORPUS)
def test_each_escaper_on_each_item(text):
    latex = latex_text(text)
    assert "\n" not in latex and "\r" not in latex
    assert "\\input" not in latex.replace("\\textbackslash{}input", "")
    assert "[U+" not in latex and "textasciicircum" not in latex
    assert "\n" not in latex_comment(text) and "\r" not in latex_comment(text)
    assert all(unicodedata.category(c)[0] not in "CZ" or c == " " for c in latex_comment(text))
    markdown = markdown_text(text)
    assert "<" not in markdown and "\n" not in markdown and _markdown_problems(f"| h |\n|---|\n| {markdown} |\n") == []
    assert _controls(terminal_text(text)) == [] and _controls(html_text(text)) == []
    assert "<" not in html_text(text)


def test_an_untypesettable_character_is_a_clear_input_error(cli, tmp_path):
    with pytest.raises(InputError, match="U\\+5B57"):
        latex_text("字")
    path = tmp_path / "cjk.toml"
    path.write_text(
        '[[theorem]]\nkey = "cjk"\nstatus = "recalled"\npaper = "字"\nsource = "s"\n'
        '[theorem.quantities]\nwidth = "n^2*L"\n',
        encoding="utf-8",
    )
    code, out, err = cli("table", "--formulas", "--theorem", "cjk", "--format", "latex", "--bound-file", str(path))
    assert code == 2 and out == "" and "U+5B57" in err and err.count("\n") == 1
    code, out, _ = cli("table", "--formulas", "--theorem", "cjk", "--format", "markdown", "--bound-file", str(path))
    assert code == 0 and "字" in out  # Markdown and text show it as it is
