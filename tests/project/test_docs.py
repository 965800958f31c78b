"""The README and the docs say what still works: their examples run, the README stays short, the site builds.

- every ``$ boundcalc ...`` line of a ```console block in README.md and docs/*.md whose command is a
  calculator command is run in-process; it must exit 0, and every output line the block shows, the
  first one included, must appear in what it printed (commands that train, sweep or write files are
  not run);
- every ```python block with ``>>>`` in README.md and docs/*.md is run as a doctest;
- README.md has at most 150 lines;
- ``mkdocs build --strict`` succeeds (skipped where the docs extra or a notebook's needs is absent), and
  on the built HTML: each notebook page shows a figure and a table, nothing loads from another host
  (MathJax is served with the site), no Sphinx role (``:class:`` …) shows literally.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import DOCSTRINGS_NOT_YET

from boundcalc.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]

# the calculator: no torch, no training, nothing written
RUN = {
    "width",
    "step-size",
    "iterations",
    "bounds",
    "explain",
    "list",
    "table",
    "compare",
    "max-n",
    "solve",
    "crossover",
    "kernel",
    "make-tables",
}
WRITES = {"--output", "--outdir"}


def _load_examples_runner():
    spec = importlib.util.spec_from_file_location("doc_examples", ROOT / ".ci" / "doc_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLES = _load_examples_runner()  # the runner CI also uses on an installed wheel
_blocks = EXAMPLES.blocks


def _console_examples() -> list[tuple[str, list[str], list[str]]]:
    """(where, argv after `boundcalc`, output lines shown) of each console command."""
    examples = []
    for path in PAGES:
        for start, body in _blocks(path, "console"):
            lines = body.splitlines()
            i = 0
            while i < len(lines):
                line = lines[i]
                i += 1
                if not line.startswith("$ "):
                    continue
                where = f"{path.relative_to(ROOT)}:{start + i}"
                command = line[2:]
                while command.endswith("\\") and i < len(lines):  # continuation lines
                    command = command[:-1] + " " + lines[i].strip()
                    i += 1
                shown = []
                j = i
                while j < len(lines) and not lines[j].startswith("$ "):
                    if lines[j].strip():
                        shown.append(lines[j].strip())
                    j += 1
                words = shlex.split(command)
                if words[0] == "boundcalc":
                    examples.append((where, words[1:], shown))
    return examples


def _runnable(argv: list[str]) -> bool:
    if not argv or argv[0] not in RUN:
        return False  # check, sweep, report: training, not the calculator
    if argv[0] == "make-tables" and "--check" not in argv:
        return False
    return not WRITES.intersection(argv)


CONSOLE = _console_examples()


def test_the_pages_have_console_examples():
    runnable = [where for where, argv, _ in CONSOLE if _runnable(argv)]
    assert any(where.startswith("README.md") for where in runnable)
    assert len(runnable) >= 10


@pytest.mark.parametrize(
    ("where", "argv", "shown"),
    [example for example in CONSOLE if _runnable(example[1])],
    ids=[example[0] for example in CONSOLE if _runnable(example[1])],
)
def test_console_example(where, argv, shown, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository root
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, f"{where}: boundcalc {shlex.join(argv)} exited {code}: {err}"
    # the first line shown must be printed, and so must every other line shown (outputs may be cut)
    for line in shown:
        assert line in out, f"{where}: boundcalc {shlex.join(argv)} no longer prints {line!r}:\n{out}"


def _python_pages() -> list[str]:
    """The pages with ```python blocks holding ``>>>``."""
    return [str(path.relative_to(ROOT)) for path in PAGES if any(">>>" in body for _, body in _blocks(path, "python"))]


PYTHON = _python_pages()


def test_readme_and_python_page_have_doctests():
    assert "README.md" in PYTHON
    assert "docs/python.md" in PYTHON


@pytest.mark.parametrize("page", PYTHON)
def test_python_examples(page, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository root
    attempted, failures, report, skipped = EXAMPLES.run_page(ROOT / page, page)
    assert attempted > 0 and not skipped
    assert failures == 0, "".join(report)


def test_installed_mode_skips_only_what_needs_the_repository(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```python\n>>> 1 + 1\n2\n\n```\n\n```python\n>>> open('checks/study.sqlite')\n\n```\n"
        "\n```python\n>>> 2 + 2\n5\n\n```\n"
    )
    attempted, failures, _, skipped = EXAMPLES.run_page(page, "page.md", installed=True)
    assert (attempted, failures) == (2, 1)
    assert skipped == ["page.md:7 (reads a file of the repository)"]


def test_readme_fits_on_two_screens():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 150, f"README.md has {lines} lines; keep it to 150 and move the rest to docs/"


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))
SITE_NEEDS = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python", "nbclient", "ipykernel", "mathjax")
# the notebooks' own needs too: the build executes them (docs/hooks/notebooks.py)
_NOTEBOOK_NEEDS = sorted(
    {m for path in NOTEBOOKS for m in json.loads(path.read_text(encoding="utf-8"))["metadata"]["boundcalc"]["needs"]}
)
needs_site = pytest.mark.skipif(
    not all(_has(m) for m in (*SITE_NEEDS, *_NOTEBOOK_NEEDS)),
    reason="the docs extra (mkdocs, mkdocstrings, nbclient, django-static-mathjax) or a notebook's needs is absent",
)
# a Sphinx role as it prints when mkdocstrings does not understand it: ":class:`Table`"
SPHINX_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const|ref|doc|term|math):`?")
# tags that make a browser fetch something, and the attribute naming what
LOADS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}
LINKS_THAT_LOAD = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


class _Page(HTMLParser):
    """What one built page loads, the text it shows (code included), and its images and tables."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.text: list[str] = []
        self.images: list[str] = []
        self.tables = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in LOADS and values.get(LOADS[tag]):
            self.loads.append(values[LOADS[tag]])
        if tag == "link" and LINKS_THAT_LOAD & set((values.get("rel") or "").split()):
            self.loads.append(values.get("href") or "")
        if "url(" in (values.get("style") or ""):
            self.loads.extend(re.findall(r"url\(['\"]?([^'\")]+)", values["style"]))
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "table":
            self.tables += 1
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _elsewhere(target: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", target, re.IGNORECASE)) and not target.startswith("data:")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site built once, strictly, as CI builds it (the notebooks executed on the way); CI's own
    strict build of this checkout (``BOUNDCALC_BUILT_SITE``, set by .ci/run after `make docs`) is reused."""
    built = Path(os.environ.get("BOUNDCALC_BUILT_SITE", "/nonexistent"))
    if (built / "index.html").is_file():
        return built
    where = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(where)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return where


@needs_site
def test_docs_build_strict(site):
    assert (site / "api" / "index.html").is_file()
    assert (site / "javascripts" / "mathjax" / "tex-mml-chtml.js").is_file()


@needs_site
@pytest.mark.parametrize("notebook", [path.stem for path in NOTEBOOKS])
def test_notebook_pages_show_their_output(site, notebook):
    page = _read(site / "notebooks" / notebook / "index.html")
    assert any(src.startswith("data:image/png;base64,") for src in page.images), f"{notebook}: no figure"
    assert page.tables >= 1, f"{notebook}: no rendered table"
    assert (site / "notebooks" / f"{notebook}.ipynb").is_file()  # the download beside it


@needs_site
def test_nothing_on_the_site_loads_from_another_host(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 15
    elsewhere = [(str(p.relative_to(site)), t) for p in pages for t in _read(p).loads if _elsewhere(t)]
    assert not elsewhere, elsewhere[:5]
    for sheet in site.rglob("*.css"):
        imported = re.findall(
            r"(?:@import|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)", sheet.read_text(errors="replace")
        )
        assert not imported, (str(sheet.relative_to(site)), imported[:3])
    # MathJax is the site's own, and configured before it loads
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.index("javascripts/mathjax.js") < index.index("javascripts/mathjax/tex-mml-chtml.js")


_HEADING = re.compile(r'<h[1-6] id="([^"]+)" class="doc doc-heading"')


def _defined_in(dotted: str) -> str:
    """The module that defines the object an API heading documents (``boundcalc.Bound.expr`` → theory.bound)."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        found = value.__name__
        for name in parts[split:]:
            value = getattr(value, name, None)
            if value is None:
                break
            owner = value if isinstance(value, type) or callable(value) else type(value)
            found = getattr(owner, "__module__", found) or found
            if isinstance(value, type):
                break
        return found
    return dotted


def _roles(path: Path) -> list[tuple[str, str]]:
    """(object documented, role) of each literal Sphinx role on a built page."""
    raw = path.read_text(encoding="utf-8")
    cuts = [(match.start(), match.group(1)) for match in _HEADING.finditer(raw)] or [(0, "")]
    cuts = [(0, ""), *cuts] if cuts[0][0] else cuts
    found = []
    for (start, where), (end, _) in zip(cuts, [*cuts[1:], (len(raw), "")]):
        page = _Page()
        page.feed(raw[start:end])
        found += [(where, match.group(0)) for match in SPHINX_ROLE.finditer("".join(page.text))]
    return found


@needs_site
def test_no_literal_sphinx_role_on_the_site(site):
    found, tolerated = [], []
    for path in sorted(site.rglob("*.html")):
        for where, role in _roles(path):
            module = _defined_in(where) if where else ""
            pending = any(module == p or module.startswith(p + ".") for p in DOCSTRINGS_NOT_YET)
            (tolerated if pending else found).append((str(path.relative_to(site)), where, role))
    assert not found, found[:10]


def test_the_role_check_can_fail():
    page = _Page()
    page.feed("<p>build a :class:<code>Table</code>, then <code>render</code></p>")
    assert SPHINX_ROLE.search("".join(page.text))
    page = _Page()
    page.feed('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//fonts.example/c.css">')
    assert [t for t in page.loads if _elsewhere(t)] == ["https://cdn.example/x.js", "//fonts.example/c.css"]
    assert not _elsewhere("data:image/png;base64,AAAA") and not _elsewhere("../assets/x.js")


def test_the_overview_names_every_status_label():
    from boundcalc import STATUSES

    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    assert f"one of {words[len(STATUSES)]} labels" in text
    for label in STATUSES:
        assert f"**{label}**" in text, label


def test_the_readme_lists_every_command():
    from boundcalc.cli import FAMILIES

    text = README.read_text(encoding="utf-8")
    missing = [name for name in FAMILIES if f"`{name}" not in text and f"$ boundcalc {name} " not in text]
    assert not missing, missing
