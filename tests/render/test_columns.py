"""Text tables come out the same with or without wcwidth, and importing boundcalc changes no other package."""

from __future__ import annotations

import subprocess
import sys

import pytest
import tabulate as tabulate_package

from boundcalc.render.columns import tabulate

ROWS = [["中文", "1"], ["ab", "22"]]  # two wide characters: four columns wide where wcwidth counts them


def test_widths_count_characters_whatever_the_mode_and_the_mode_is_restored(monkeypatch):
    monkeypatch.setattr(tabulate_package, "WIDE_CHARS_MODE", False)
    narrow = tabulate_package.tabulate(ROWS, ["name", "n"])
    monkeypatch.setattr(tabulate_package, "WIDE_CHARS_MODE", True)
    assert tabulate(ROWS, ["name", "n"]) == narrow
    assert tabulate_package.WIDE_CHARS_MODE is True


def test_the_mode_is_restored_when_tabulate_fails(monkeypatch):
    def failing(*args, **kwargs):
        assert tabulate_package.WIDE_CHARS_MODE is False
        raise ValueError("bad rows")

    monkeypatch.setattr(tabulate_package, "WIDE_CHARS_MODE", True)
    monkeypatch.setattr(tabulate_package, "tabulate", failing)
    with pytest.raises(ValueError, match="bad rows"):
        tabulate(ROWS)
    assert tabulate_package.WIDE_CHARS_MODE is True


def test_importing_boundcalc_leaves_tabulate_as_it_was():
    code = (
        "import tabulate; before = tabulate.WIDE_CHARS_MODE\n"
        "import boundcalc, boundcalc.render.formats, boundcalc.render.results, boundcalc.cli.app\n"
        "assert tabulate.WIDE_CHARS_MODE == before, (before, tabulate.WIDE_CHARS_MODE)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
