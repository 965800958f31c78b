"""The typesetting check: LaTeX tables compiled as a reader's paper would, then read back from the PDF.

Each fragment is set in a plain ``article`` and a two-column ``article`` (10pt), each with and
without ``\\usepackage[T1]{fontenc}``, with every reference record in its bibliography (pdflatex,
bibtex, pdflatex twice). A fragment fails on an overfull ``\\hbox`` over 1pt, a float too large for
the page, a missing character, an undefined reference or citation, or a TeX error; and the text
pdftotext reads from its pages is compared with the text the table means (its plain-text or
Markdown rendering): every word of it must be there, and no glyph that stands for another
(``¿`` for ``>``, ``¡`` for ``<``) nor a ``[U+…]`` placeholder may appear.

Run as ``python -m boundcalc.render.typesetting [FILE.tex ...] [--samples]``: each FILE's intended
text is read from the Markdown beside it (FILE.md) where there is one. Needs pdflatex, bibtex and
pdftotext; exit 1 when any fragment fails.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from boundcalc.render.cells import Entry, Formula, entry_text
from boundcalc.render.citations import bibtex
from boundcalc.render.table import Table
from boundcalc.theory.sources.bibliography import REFERENCES

if TYPE_CHECKING:
    from boundcalc.render.requests import TableRequest

OVERFULL_TOLERANCE_PT = 1.0
CONFIGURATIONS = (
    ("article", ""),
    ("article T1", r"\usepackage[T1]{fontenc}"),
    ("two-column", ""),
    ("two-column T1", r"\usepackage[T1]{fontenc}"),
)
_MARK = "BOUNDCALC-FRAGMENT"
_GARBLE = set("¿¡\ufffd")  # what OT1 prints for > and <, and an unknown glyph
_PLACEHOLDER = re.compile(r"\[U\+[0-9A-Fa-f]{4,6}\]")


@dataclass(frozen=True)
class Fragment:
    """One LaTeX table fragment (for ``\\input``) and the text a reader should find in it."""

    name: str
    latex: str
    intended: str


@dataclass
class Outcome:
    """What the check found for one fragment in one configuration."""

    fragment: str
    configuration: str
    problems: list[str] = field(default_factory=list)
    scaled: list[str] = field(default_factory=list)  # what the fit macro had to scale, as it logged


def tools_missing() -> list[str]:
    return [tool for tool in ("pdflatex", "bibtex", "pdftotext") if shutil.which(tool) is None]


def _document(fragments: Sequence[Fragment], two_column: bool, preamble: str) -> str:
    lines = [
        r"\documentclass[10pt" + (",twocolumn" if two_column else "") + "]{article}",
        preamble,
        r"\usepackage{booktabs,graphicx,natbib,url}",
        r"\tracinglostchars=2",
        r"\begin{document}",
    ]
    for index, fragment in enumerate(fragments):
        lines += [rf"\clearpage\typeout{{{_MARK} {index} \thepage}}", fragment.latex]
    lines += [
        rf"\clearpage\typeout{{{_MARK} end \thepage}}",
        r"\nocite{*}\bibliographystyle{plainnat}\bibliography{references}",
        r"\end{document}",
    ]
    return "\n".join(lines) + "\n"


def _run(command: list[str], folder: Path) -> None:
    subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, timeout=300, check=False)


def _compile(folder: Path, text: str) -> tuple[str, str]:
    """The final log and the .blg of a document compiled pdflatex, bibtex, pdflatex, pdflatex."""
    (folder / "paper.tex").write_text(text, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "paper.tex"]
    _run(latex, folder)
    _run(["bibtex", "paper"], folder)
    _run(latex, folder)
    _run(latex, folder)
    log = (folder / "paper.log").read_text(encoding="utf-8", errors="replace")
    blg = folder / "paper.blg"
    return log, blg.read_text(encoding="utf-8", errors="replace") if blg.exists() else ""


def _sections(log: str, count: int) -> tuple[list[str], list[int]]:
    """The log split at each fragment's marker, and the page each fragment starts on."""
    starts = [(m.start(), m.group(1), int(m.group(2))) for m in re.finditer(rf"{_MARK} (\w+) (\d+)", log)]
    sections, pages = [], []
    for index in range(count):
        found = [s for s in starts if s[1] == str(index)]
        if not found:
            sections.append("")
            pages.append(0)
            continue
        begin = found[0][0]
        after = [s[0] for s in starts if s[0] > begin]
        sections.append(log[begin : after[0] if after else len(log)])
        pages.append(found[0][2])
    end = [s[2] for s in starts if s[1] == "end"]
    pages.append(end[0] if end else max(pages, default=0) + 1)
    return sections, pages


def _log_problems(section: str) -> list[str]:
    problems = []
    for match in re.finditer(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", section):
        if float(match.group(1)) > OVERFULL_TOLERANCE_PT:
            problems.append(f"overfull \\hbox by {match.group(1)}pt")
    problems += [f"float too large by {m}pt" for m in re.findall(r"Float too large for page by ([0-9.]+)pt", section)]
    problems += [f"missing character: {m.strip()}" for m in re.findall(r"Missing character: (.*)", section)]
    problems += [f"undefined reference {m}" for m in re.findall(r"Reference `([^']*)' on page \d+ undefined", section)]
    problems += [f"undefined citation {m}" for m in re.findall(r"Citation `([^']*)' on page \d+ undefined", section)]
    problems += [f"TeX error: {m.strip()}" for m in re.findall(r"^! (.*)$", section, flags=re.MULTILINE)]
    return problems


_EQUIVALENT = str.maketrans(
    {
        "−": "-",
        "–": "-",
        "—": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "`": "'",
        "∖": "\\",
        "⋅": "·",
        "∗": "*",
        "ˆ": None,
        "˜": "~",
        "´": None,
        "¨": None,
        "˚": None,
        "¸": None,
        "ˇ": None,
        "¯": None,
        "˙": None,
        "˝": None,
        "˘": None,
        "\u00ad": None,
    }
)
_DROPPED = set("^_{}()$") | {" ", "\t", "\n", "\r", "\f"}  # scripts and groups lose their marks in a PDF


def normal(text: str, ascii_only: bool = False) -> str:
    """Text as compared: accents, scripts, braces, quotes' shapes and dashes' lengths set aside."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EQUIVALENT))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _DROPPED).translate(_EQUIVALENT)
    return "".join(c for c in kept if " " <= c <= "~") if ascii_only else kept


_FORMULA_MARKS = set("·×≥≤/√∝⌈⌉‖=^*")
_FORMULA_STARTS = ("Ω", "Θ", "O(", "Õ", "log")  # an order or a logarithm: set as math, read out of order
_LIGATURE_LETTERS = str.maketrans("", "", "fil-")  # T1 Type 3 fonts: ﬁ, ﬂ, ﬀ and dashes have no names


def _scripted(character: str) -> bool:
    return unicodedata.decomposition(character).startswith(("<super>", "<sub>"))


def _words(intended: str, ascii_only: bool) -> list[tuple[str, tuple[str, ...]]]:
    """The words a reader must find, as compared; a formula's words (scripts, fractions) and table rules
    are set differently in a PDF and skipped."""
    intended = _SPAN_NOTE.sub(" ", intended)
    words = []
    for word in intended.split():
        formula = set(word) & _FORMULA_MARKS or word.startswith(_FORMULA_STARTS) or any(map(_scripted, word))
        if formula or not word.strip("-="):
            continue
        word = word.rstrip(".,;:")  # a citation may come between a word and its stop
        shown = _compared(word, ascii_only)
        if shown:
            parts = tuple(_compared(part, ascii_only) for part in word.split("-") if part)
            words.append((shown, parts if len(parts) > 1 else ()))
    return words


def _compared(text: str, ascii_only: bool) -> str:
    shown = normal(text, ascii_only).lower()
    return shown.translate(_LIGATURE_LETTERS) if ascii_only else shown


_SPAN_NOTE = re.compile(r"\(columns \d+–\d+\)")


def intended_text(table: Table, digits: int, caption: str | None = None) -> str:
    """What a reader should find of a table in its PDF: its text cells, numbers, notes and caption
    (a formula's LaTeX is boundcalc's own and is checked by compiling it)."""
    entries: list[Entry] = [e for header in table.headers for e in header]
    entries += [e for row in table.rows for e in row]
    entries += [piece for note in table.notes for piece in ((note,) if isinstance(note, str) else note)]
    entries += [entry for _, _, entry in table.spans]
    texts = [entry_text(e, digits) for e in entries if not isinstance(e, Formula)]
    return "\n".join([caption or "", *texts])


def text_problems(pdf_text: str, intended: str, ascii_only: bool = False) -> list[str]:
    """How the text read from the PDF differs from the text meant."""
    problems = []
    garbled = sorted(set(pdf_text) & _GARBLE - set(intended))
    if garbled:
        problems.append(f"the PDF shows {''.join(garbled)!r}, which the table does not contain")
    problems += [f"placeholder {m} in the PDF" for m in sorted(set(_PLACEHOLDER.findall(pdf_text)))]
    joined = _compared(pdf_text, ascii_only)
    unhyphenated = _compared(re.sub(r"-\s*\n", "", pdf_text), ascii_only)

    def found(word: str, parts: tuple[str, ...]) -> bool:
        if word in joined or word in unhyphenated:
            return True
        # a compound broken at its own hyphen beside another column: pdftotext may drop the hyphen
        # and join the first part to the neighbouring cell's line; both parts are still there
        return bool(parts) and all(part in joined for part in parts)

    missing = [word for word, parts in dict.fromkeys(_words(intended, ascii_only)) if not found(word, parts)]
    if missing:
        problems.append(f"{len(missing)} word(s) of the table not in the PDF: {', '.join(missing[:8])}")
    return problems


def check(fragments: Sequence[Fragment], keep: Path | None = None) -> list[Outcome]:
    """Every fragment in every configuration; ``keep`` holds the documents, logs and PDFs afterwards."""
    outcomes = []
    with tempfile.TemporaryDirectory() as scratch:
        root = keep or Path(scratch)
        for configuration, preamble in CONFIGURATIONS:
            folder = root / configuration.replace(" ", "-")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "references.bib").write_text(bibtex(list(REFERENCES.values())), encoding="utf-8")
            log, blg = _compile(folder, _document(fragments, "two-column" in configuration, preamble))
            sections, pages = _sections(log, len(fragments))
            pdf = folder / "paper.pdf"
            for index, fragment in enumerate(fragments):
                outcome = Outcome(fragment.name, configuration)
                outcome.problems += _log_problems(sections[index])
                outcome.scaled = re.findall(r"boundcalc: (.*scaled.*)", sections[index])
                if not sections[index] or not pdf.exists():
                    outcome.problems.append("not typeset (see the log)")
                else:
                    first, last = pages[index], max(pages[index], pages[index + 1] - 1)
                    text = subprocess.run(
                        ["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(pdf), "-"],
                        capture_output=True,
                        timeout=60,
                        check=False,
                    ).stdout.decode("utf-8", errors="replace")
                    # Type 3 bitmap fonts (T1 without cm-super) carry no glyph names beyond ASCII
                    outcome.problems += text_problems(text, fragment.intended, ascii_only="T1" in configuration)
                outcomes.append(outcome)
            outcomes += [
                Outcome("references.bib", configuration, [f"bibtex: {line.strip()}"])
                for line in blg.splitlines()
                if line.startswith(("Warning--", "I couldn't", "I was expecting"))
            ]
    return outcomes


def markdown_words(markdown: str) -> str:
    """The text a Markdown table shows (what a reader of its rendering sees), for ``text_problems``."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    words = []
    for token in parser.parse(markdown):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        words.append(" ")
    return " ".join(words)


def samples() -> list[Fragment]:
    """A sample of ``table`` outputs: every kind, with and without ``--cite``, at both widths."""
    from boundcalc.render.formats import render
    from boundcalc.render.requests import TableRequest

    requests = {
        "grid": TableRequest(inputs={"n": "100,1000,10000", "L": "2,10,100"}),
        "grid-theorems": TableRequest(
            theorems=("als19-gd", "du19-2layer", "arora19"),
            inputs={"n": "100,1000", "L": "10", "lambda0": "0.1", "eps_res": "0.1"},
        ),
        "grid-digits": TableRequest(
            theorems=("du19-2layer",), inputs={"n": "3,10,30", "lambda0": "0.1"}, digits=3, cite=True
        ),
        "long": TableRequest(inputs={"n": "100,1000", "L": "2,10"}, long=True, cite=True),
        "formulas": TableRequest(kind="formulas", theorems=("als19-gd", "du19-2layer", "arora19"), cite=True),
        "compare": TableRequest(kind="compare", inputs={"n": "1000", "L": "10"}, cite=True),
        "compare-orders": TableRequest(kind="compare", inputs={"n": "1000", "L": "10"}, orders=True),
    }
    fragments = []
    for name, request in requests.items():
        table = request.build()
        for width in ("text", "column"):
            latex = render(table, "latex", request.digits, f"Sample {name}", None, False, name, width)
            intended = intended_text(table, request.digits, f"Sample {name}")
            fragments.append(Fragment(f"sample {name} --width {width}", latex, intended))
    return fragments


@functools.cache
def _spec_requests(spec: str) -> dict[str, TableRequest]:
    """The requests of a spec file by table name, read once for all the tables it made."""
    from boundcalc.render.requests import read_spec

    return {name: request for name, request, _ in read_spec(spec)}


def file_fragment(path: Path) -> Fragment:
    """A committed table with the text a reader should find in it: from the spec entry that made it where
    its folder has one (a cited cell's LaTeX names the paper as natbib does, its Markdown in full), else
    from its Markdown twin."""
    spec = path.parent / "tables.toml"
    made = _spec_requests(str(spec)) if spec.exists() else {}
    if path.stem in made:
        request = made[path.stem]
        intended = intended_text(request.build(), request.digits, request.caption)
    else:
        markdown = path.with_suffix(".md")
        intended = markdown_words(markdown.read_text(encoding="utf-8")) if markdown.exists() else ""
    return Fragment(str(path), path.read_text(encoding="utf-8"), intended)


def main(arguments: Sequence[str]) -> int:
    missing = tools_missing()
    if missing:
        print(f"typesetting check: {', '.join(missing)} not found", file=sys.stderr)
        return 1
    fragments = [file_fragment(Path(a)) for a in arguments if a != "--samples"]
    if "--samples" in arguments:
        fragments += samples()
    outcomes = check(fragments)
    failed = [o for o in outcomes if o.problems]
    for outcome in failed:
        print(f"FAIL {outcome.fragment} [{outcome.configuration}]: {'; '.join(outcome.problems)}")
    scaled = sorted({f"{o.fragment} [{o.configuration}]: {'; '.join(o.scaled)}" for o in outcomes if o.scaled})
    for name in scaled:
        print(f"scaled to fit (last resort): {name}")
    print(f"typesetting check: {len(fragments)} fragments × {len(CONFIGURATIONS)} configurations, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
