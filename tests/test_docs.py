"""The README and the docs say what still works: their examples run, the README stays short, the site builds.

- every ``$ boundcalc ...`` line of a ```console block in README.md and docs/*.md whose command is a
  calculator command is run in-process; it must exit 0, and every output line the block shows, the
  first one included, must appear in what it printed (commands that train, sweep or write files are
  not run);
- every ```python block with ``>>>`` in README.md and docs/*.md is run as a doctest;
- README.md has at most 150 lines;
- ``mkdocs build --strict`` succeeds (skipped where mkdocs is not installed).
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from boundcalc.cli import main

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.mark.skipif(
    not all(_has(m) for m in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")),
    reason="mkdocs, mkdocs-material or mkdocstrings[python] is not installed",
)
def test_docs_build_strict(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "api" / "index.html").is_file()
