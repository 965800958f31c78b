"""Every study figure that README.md and docs/study.md quote is in the generated findings file."""

import re
from pathlib import Path

from boundcalc.study.findings import END, START, block

ROOT = Path(__file__).resolve().parents[2]
FINDINGS = ROOT / "tables" / "study" / "findings.md"
NUMBER = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"\n#{1,3} ", text[start + len(heading) :])
    return text[start : start + len(heading) + following.start()] if following else text[start:]


def _quoted_numbers(text: str) -> set[str]:
    return {n.replace("−", "-") for n in NUMBER.findall(text)}


def test_readme_and_docs_quote_the_findings_file_verbatim():
    findings = FINDINGS.read_text()
    for path in (ROOT / "README.md", ROOT / "docs" / "study.md"):
        quoted = block(path.read_text())
        assert quoted is not None, f"{path.name}: no {START} … {END} block"
        assert quoted == findings, f"{path.name} quotes stale findings: run make study (or boundcalc.study.findings)"


def test_no_study_figure_is_quoted_that_the_findings_do_not_contain():
    known = _quoted_numbers(FINDINGS.read_text())
    for path, heading in (
        (ROOT / "README.md", "## What the studies found"),
        (ROOT / "docs" / "study.md", "## What it says"),
    ):
        section = _section(path.read_text(), heading)
        outside = re.sub(re.escape(START) + ".*?" + re.escape(END), "", section, flags=re.S)
        stray = _quoted_numbers(outside) - known - {"1", "2", "3"}  # heading and list markers aside
        assert not stray, f"{path.name} quotes {sorted(stray)} outside the generated findings"


def test_the_check_catches_a_hand_typed_figure(tmp_path):
    known = _quoted_numbers(FINDINGS.read_text())
    assert "0.64" not in known or "7.77" not in known  # the old README figure (or an absurd one) is caught
    assert _quoted_numbers("m* grows like n^7.77 (7.70–7.90)") - known
