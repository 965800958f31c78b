"""Every entry can be cited: complete records, written by pybtex and read back by it, in BibTeX, biblatex
and CSL-JSON (checked against the CSL schema); boundcalc's own record matches CITATION.cff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boundcalc import REGISTRY
from boundcalc._version import __version__
from boundcalc.render.citations import biblatex, bibtex, csl_json
from boundcalc.render.escape import latex_text
from boundcalc.theory.sources.bibliography import BOUNDCALC, CITATIONS, REFERENCES

pybtex = pytest.importorskip("pybtex.database")
SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_with_a_publication_has_a_record():
    assert set(CITATIONS) == set(REGISTRY) - {"floor-params"}
    assert set(CITATIONS.values()) <= set(REFERENCES)


def _unconfirmed(reference, what: str) -> bool:
    """A field may be missing only where the record's note says it could not be confirmed."""
    return "not confirmed" in reference.note and what in reference.note


@pytest.mark.parametrize("key", sorted(REFERENCES))
def test_each_record_is_complete(key):
    reference = REFERENCES[key]
    assert reference.authors and all(family.strip() and given.strip() for family, given in reference.authors)
    assert reference.title and reference.year
    if reference.kind in ("inproceedings", "article"):
        assert reference.venue
    if reference.kind in ("inproceedings", "article") and "Learning Representations" not in reference.venue:
        for field, words in (("volume", "volume"), ("pages", "page")):
            assert getattr(reference, field) or _unconfirmed(reference, words), (key, field)  # ICLR: unpaginated
    if reference.series == "Proceedings of Machine Learning Research":
        assert reference.publisher == "PMLR" and reference.volume
    assert reference.doi or reference.url or _unconfirmed(reference, "DOI"), key
    if reference.kind == "misc":  # an arXiv text: its identifier, and the version read or why not
        assert reference.eprint and (reference.version or "version" in reference.note)
    if reference.pages:
        first, last = reference.pages.split("--")
        assert int(first) < int(last)


@pytest.mark.parametrize("key", sorted(REFERENCES))
def test_each_record_parses_with_pybtex_every_author_with_a_given_name(key):
    reference = REFERENCES[key]
    for text in (bibtex([reference]), biblatex([reference])):
        entry = pybtex.parse_string(text, "bibtex").entries[key]
        people = entry.persons["author"]
        assert [(latex_text(f), latex_text(g)) for f, g in reference.authors] == [
            (" ".join(p.last_names), " ".join(p.first_names + p.middle_names)) for p in people
        ]
        assert reference.title.replace("-", "") in entry.fields["title"].replace("{", "").replace("}", "").replace(
            "-", ""
        )
        if reference.eprint:
            assert entry.fields["eprint"].startswith(reference.eprint)
    fields = pybtex.parse_string(bibtex([reference]), "bibtex").entries[key].fields
    assert fields["year"] == str(reference.year)
    assert fields.get("url", "") == reference.url  # verbatim, for \url
    if reference.eprint:
        assert fields["archivePrefix"] == "arXiv"


def test_known_corrections_are_in_the_records():
    assert REFERENCES["nguyen2021proof"].title.endswith("with Linear Widths")
    assert (REFERENCES["nguyen2021proof"].volume, REFERENCES["nguyen2021proof"].pages) == ("139", "8056--8062")
    assert REFERENCES["bubeck2020network"].title == (
        "Network size and size of the weights in memorization with two-layers neural networks"
    )
    assert "later version is titled" in REFERENCES["song2019quadratic"].note  # the version read is pinned


def test_cite_als19_gd_has_full_names_volume_pages_and_the_version_read(cli):
    code, out, err = cli("cite", "als19-gd")
    assert code == 0 and err == ""
    assert 'author = "Allen-Zhu, Zeyuan and Li, Yuanzhi and Song, Zhao"' in out
    entry = pybtex.parse_string(out, "bibtex").entries["allenzhu2019convergence"]
    assert (entry.fields["volume"], entry.fields["pages"], entry.fields["eprint"]) == ("97", "242--252", "1811.03962v5")


def test_cite_prints_each_record_once_and_it_parses(cli):
    code, out, err = cli("cite", "als19-gd", "du19-2layer", "als19-sgd")
    assert code == 0 and err == ""
    parsed = pybtex.parse_string(out, "bibtex")
    assert list(parsed.entries) == ["allenzhu2019convergence", "du2019gradient"]
    assert "1811.03962" in parsed.entries["allenzhu2019convergence"].fields["eprint"]


def test_csl_json_validates_against_the_csl_schema_and_round_trips(cli):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    code, out, _ = cli("cite", "--format", "csl-json", *sorted(CITATIONS), "boundcalc")
    assert code == 0
    items = json.loads(out)
    jsonschema.validate(items, schema)
    by_id = {item["id"]: item for item in items}
    assert set(by_id) == set(CITATIONS.values()) | {"boundcalc"}
    als = by_id["allenzhu2019convergence"]
    assert als["author"][0] == {"family": "Allen-Zhu", "given": "Zeyuan"} and als["page"] == "242-252"
    assert als["issued"] == {"date-parts": [[2019]]} and als["volume"] == "97"
    written = [item for item in json.loads(csl_json(list(REFERENCES.values()))) if item["id"] in by_id]
    assert written == [by_id[key] for key in REFERENCES if key in by_id]  # the command prints the writer's items


def test_a_schema_violation_is_caught():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "not-a-csl-type"}], schema)


def test_boundcalc_cites_itself_with_its_version(cli):
    code, out, _ = cli("cite", "boundcalc")
    assert code == 0
    entry = pybtex.parse_string(out, "bibtex").entries["boundcalc"]
    assert __version__ in entry.fields["howpublished"]
    assert [str(p) for p in entry.persons["author"]] == ["{the boundcalc developers}"]
    code, out, _ = cli("cite", "boundcalc", "--format", "biblatex")
    assert "@software{boundcalc" in out and f'version = "{__version__}"' in out


def test_citation_cff_is_valid_and_matches_the_record():
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    jsonschema.validate(cff, json.loads((SCHEMAS / "citation-file-format-1.2.0.json").read_text()))
    assert cff["version"] == __version__ == BOUNDCALC.version
    assert cff["title"] == BOUNDCALC.title
    assert [a["name"] for a in cff["authors"]] == [BOUNDCALC.entity]
    broken = {**cff, "authors": [{"alias": 3}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json.loads((SCHEMAS / "citation-file-format-1.2.0.json").read_text()))


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
