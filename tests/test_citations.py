"""Every entry can be cited: BibTeX records parse with a real BibTeX parser and name what they cite."""

from __future__ import annotations

import pytest

from boundcalc import REGISTRY
from boundcalc.theory.sources.bibliography import CITATIONS, REFERENCES, bibtex_text

pybtex = pytest.importorskip("pybtex.database")


def test_every_entry_with_a_publication_has_a_record():
    assert set(CITATIONS) == set(REGISTRY) - {"floor-params"}
    assert set(CITATIONS.values()) <= set(REFERENCES)


@pytest.mark.parametrize("key", sorted(REFERENCES))
def test_each_record_parses_and_keeps_its_fields(key):
    reference = REFERENCES[key]
    parsed = pybtex.parse_string(reference.bibtex(), "bibtex")
    entry = parsed.entries[key]
    assert entry.type == reference.kind
    assert [str(p) for p in entry.persons["author"]] == [bibtex_text(a) for a in reference.authors]
    assert entry.fields["year"] == str(reference.year)
    assert reference.title in entry.fields["title"].replace("{", "").replace("}", "")


def test_cite_prints_each_record_once_and_it_parses(cli):
    code, out, err = cli("cite", "als19-gd", "du19-2layer", "als19-sgd")
    assert code == 0 and err == ""
    parsed = pybtex.parse_string(out, "bibtex")
    assert list(parsed.entries) == ["allenzhu2019convergence", "du2019gradient"]
    assert "1811.03962" in parsed.entries["allenzhu2019convergence"].fields["eprint"]


@pytest.mark.parametrize("key, message", [("nope", "unknown theorem"), ("floor-params", "no publication")])
def test_cite_refuses_what_it_cannot_cite(cli, key, message):
    code, out, err = cli("cite", key)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_a_standalone_table_that_cites_its_rows_compiles_with_its_bibliography(cli, tmp_path):
    import shutil
    import subprocess

    from test_tables import _need_pdflatex, _pdflatex

    _need_pdflatex()
    if shutil.which("bibtex") is None:
        pytest.skip("bibtex not installed")
    code, out, _ = cli("table", "--compare", "--n", "1000", "--L", "10", "--format", "latex", "--standalone", "--cite")
    assert code == 0 and r"\citet{allenzhu2019convergence}" in out and r"\cite{allenzhu2019convergence}" in out
    (tmp_path / "cited.tex").write_text(out)
    assert _pdflatex(tmp_path, "cited.tex").returncode == 0
    bib = subprocess.run(["bibtex", "cited"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert bib.returncode == 0, bib.stdout
    for _ in range(2):
        done = _pdflatex(tmp_path, "cited.tex")
        assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "cited.log").read_text(errors="replace")
    assert "undefined" not in log.lower(), [line for line in log.splitlines() if "ndefined" in line]
    assert r"\bibitem[Allen-Zhu et~al.(2019)" in (tmp_path / "cited.bbl").read_text()


def test_cite_in_a_fragment_names_keys_only_for_entries_with_a_paper(cli):
    code, out, _ = cli("table", "--formulas", "--theorem", "als19-gd,floor-params", "--format", "latex", "--cite")
    assert code == 0 and r"\citet{allenzhu2019convergence}" in out and "filecontents" not in out
    assert r"\cite{" not in out.split("floor-params:")[1].split(r"\par")[0]  # elementary: nothing to cite
