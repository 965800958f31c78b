"""Run the ```python examples (doctests) of README.md and docs/*.md; exit 1 if any fails.

    python .ci/doc_examples.py [--installed] PAGE.md ...

A page's blocks share their names, in order, as a reader typing them would. With ``--installed``
(an installed wheel, outside the repository, the calculator alone) a block that reads a file of the
repository or needs pandas where pandas is absent is skipped, and named as skipped. tests/project/test_docs.py
runs every block of every page with this module.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import sys
from pathlib import Path

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
REPOSITORY_FILE = re.compile(r"[\"'](?:checks|tables|docs|tests)/")
NEEDS_PANDAS = re.compile(r"to_frame|evaluate_frame|boundcalc\.study")


def blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """(line number, body) of every fenced block in ``language`` of a Markdown page."""
    text = path.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start()) + 1, match.group(2))
        for match in FENCE.finditer(text)
        if match.group(1) == language
    ]


def why_skipped(body: str, installed: bool) -> str | None:
    """Why an installed package cannot run this block, or None where it can."""
    if not installed:
        return None
    if REPOSITORY_FILE.search(body):
        return "reads a file of the repository"
    if NEEDS_PANDAS.search(body) and importlib.util.find_spec("pandas") is None:
        return "needs pandas (boundcalc[frames])"
    return None


def run_page(path: Path, name: str, installed: bool = False) -> tuple[int, int, list[str], list[str]]:
    """Run a page's doctest blocks: (examples attempted, failures, failure report, skipped blocks)."""
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names: dict = {}
    report: list[str] = []
    skipped: list[str] = []
    attempted = 0
    for start, body in blocks(path, "python"):
        if ">>>" not in body:
            continue
        where = f"{name}:{start}"
        reason = why_skipped(body, installed)
        if reason:
            skipped.append(f"{where} ({reason})")
            continue
        test = parser.get_doctest(body, names, where, name, start)
        result = runner.run(test, out=report.append, clear_globs=False)
        attempted += result.attempted
        names = test.globs  # DocTest copies its globals: carry them to the next block
    return attempted, runner.failures, report, skipped


def main(argv: list[str]) -> int:
    installed = "--installed" in argv
    pages = [Path(arg) for arg in argv if arg != "--installed"]
    total = failed = 0
    for page in pages:
        attempted, failures, report, skipped = run_page(page, page.name, installed)
        total += attempted
        failed += failures
        sys.stdout.write("".join(report))
        for block in skipped:
            print(f"skipped {block}")
        if attempted or skipped:
            print(f"{page}: {attempted} examples, {failures} failed")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
